import type { Migration } from '../migrations.js';

export const migration003CustomerAdjustments: Migration = {
  version: 3,
  name: 'customer-adjustments',
  sql: `
    CREATE TABLE customer_adjustments (
      id              TEXT PRIMARY KEY,
      customer_id     TEXT NOT NULL REFERENCES customers (id),
      previous_amount INTEGER NOT NULL,
      new_amount      INTEGER NOT NULL,
      currency        TEXT NOT NULL,
      reason          TEXT NOT NULL,
      actor_id        TEXT NOT NULL,
      created_at      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX customer_adjustments_customer ON customer_adjustments (customer_id, created_at);
  `,
};
