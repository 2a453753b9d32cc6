/**
 * Every index lives behind an alias: the app reads and writes `<prefix><name>`, which points at
 * `<prefix><name>-v<version>`. A mapping change ships as a new version plus a reindex and an
 * alias swap, with no downtime.
 */
export const INDEX_VERSIONS = {
  customers: 1,
  'customer-emails': 1,
  'customer-adjustments': 1,
  users: 1,
  'user-emails': 1,
  sessions: 1,
  'refresh-tokens': 1,
} as const;

export type IndexName = keyof typeof INDEX_VERSIONS;

export class IndexNames {
  constructor(private readonly prefix: string) {}

  alias(name: IndexName): string {
    return `${this.prefix}${name}`;
  }

  concrete(name: IndexName): string {
    return `${this.alias(name)}-v${INDEX_VERSIONS[name]}`;
  }
}
