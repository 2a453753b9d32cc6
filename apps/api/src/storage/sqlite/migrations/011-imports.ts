import type { Migration } from '../migrations.js';

/**
 * Imports keep their summary as a JSON document beside the columns they are looked up by, and
 * their checked rows until committed or expired. Rows are only ever read by import, in order.
 */
export const migration011Imports: Migration = {
  version: 11,
  name: 'imports',
  sql: `
    CREATE TABLE imports (
      id         TEXT PRIMARY KEY,
      status     TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      summary    TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX imports_created ON imports (created_at, id);
    CREATE INDEX imports_validated_expiry ON imports (expires_at) WHERE status = 'validated';

    CREATE TABLE import_rows (
      import_id    TEXT NOT NULL,
      row_number   INTEGER NOT NULL,
      valid        INTEGER NOT NULL,
      action       TEXT,
      has_warnings INTEGER NOT NULL,
      document     TEXT NOT NULL,
      PRIMARY KEY (import_id, row_number)
    ) STRICT, WITHOUT ROWID;
  `,
};
