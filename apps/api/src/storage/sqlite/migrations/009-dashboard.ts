import type { Migration } from '../migrations.js';

/** The dashboard reads money movements by kind and day: payments, reversals, charges. */
export const migration009Dashboard: Migration = {
  version: 9,
  name: 'dashboard',
  sql: `
    CREATE INDEX ledger_entries_kind_created ON ledger_entries (kind, created_at);
  `,
};
