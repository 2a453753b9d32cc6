/** HTTP methods that only read: every role may use them, and no limit on changes counts them. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether `method` (any case, as HTTP or OpenAPI spells it) only reads. */
export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method.toUpperCase());
}
