import type { FieldError } from '@collection-desk/contracts';

/**
 * Every string in a request must be well-formed UTF-16. JSON can spell a lone surrogate
 * (`"\ud800"`), which has no meaning as text and makes some validators throw. Only plain data
 * (what JSON, a query string or a path can carry) is walked.
 */
export function illFormedTextFields(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    return value.isWellFormed()
      ? []
      : [{ field: path || 'body', message: 'contains an unpaired surrogate: not valid text' }];
  }
  if (!isPlainData(value)) return [];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => {
    const field = path ? `${path}.${key}` : key;
    return [
      ...(key.isWellFormed()
        ? []
        : [{ field: path || 'body', message: 'has a property name that is not valid text' }]),
      ...illFormedTextFields(item, field),
    ];
  });
}

function isPlainData(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
