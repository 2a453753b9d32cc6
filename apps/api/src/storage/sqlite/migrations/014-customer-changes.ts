import type { Migration } from '../migrations.js';

/**
 * Which customers changed, in order: the read pool keeps every active customer's position in
 * each sort order in memory (see customer-sort-positions.ts) and learns here which of those
 * positions a later write made stale (and, since, which kept search terms' matches: see
 * search-term-matches.ts). Written by the repository in each write's transaction;
 * only the newest changes are kept (KEPT_CUSTOMER_CHANGES), and a reader that fell further
 * behind reads its positions again.
 */
export const migration014CustomerChanges: Migration = {
  version: 14,
  name: 'customer-changes',
  sql: `
    CREATE TABLE customer_changes (
      change_no INTEGER PRIMARY KEY,
      seq       INTEGER NOT NULL
    ) STRICT;
  `,
};
