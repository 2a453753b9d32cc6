/**
 * Every index lives behind an alias: the app reads and writes `<prefix><name>`, which points at
 * `<prefix><name>-v<version>`. A change a mapping cannot absorb additively ships as a new version:
 * ElasticsearchIndices creates it, reindexes the old one into it and swaps the alias atomically.
 */
export const INDEX_VERSIONS = {
  customers: 1,
  'customer-emails': 1,
  ledger: 1,
  users: 1,
  'user-emails': 1,
  sessions: 1,
  'refresh-tokens': 1,
  coordination: 1,
  payments: 1,
  'payment-keys': 1,
  notifications: 1,
  'notification-reads': 1,
  'overdue-runs': 1,
  imports: 1,
  'import-rows': 1,
} as const;

export type IndexName = keyof typeof INDEX_VERSIONS;

export class IndexNames {
  constructor(
    private readonly prefix: string,
    private readonly versions: Record<IndexName, number> = INDEX_VERSIONS,
  ) {}

  alias(name: IndexName): string {
    return `${this.prefix}${name}`;
  }

  concrete(name: IndexName, version = this.versions[name]): string {
    return `${this.alias(name)}-v${version}`;
  }

  version(name: IndexName): number {
    return this.versions[name];
  }

  /** Indices of earlier releases that are read once to migrate their data, then left alone. */
  legacyAlias(name: 'customer-adjustments'): string {
    return `${this.prefix}${name}`;
  }
}
