import type { Migration } from '../migrations.js';

/** A random version-4 UUID in SQL, for rows this migration creates. */
const NEW_UUID = `lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
  substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) ||
  substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))`;

/**
 * The ledger: every movement of a customer's balance, immutable. The adjustments kept so far
 * become `adjustment` entries; each customer gets the opening `charge` that makes its entries
 * add up to its outstanding amount (and, should a balance have changed without a record, a
 * closing adjustment that says so).
 */
export const migration005Ledger: Migration = {
  version: 5,
  name: 'ledger',
  sql: `
    CREATE TABLE ledger_entries (
      seq             INTEGER PRIMARY KEY,
      id              TEXT NOT NULL UNIQUE,
      customer_id     TEXT NOT NULL REFERENCES customers (id),
      kind            TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'reversal', 'adjustment')),
      amount          INTEGER NOT NULL,
      currency        TEXT NOT NULL,
      running_balance INTEGER NOT NULL CHECK (running_balance >= 0),
      payment_id      TEXT,
      reason          TEXT,
      actor_id        TEXT,
      created_at      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX ledger_entries_customer ON ledger_entries (customer_id, seq);

    INSERT INTO ledger_entries (id, customer_id, kind, amount, currency, running_balance, actor_id, created_at)
    SELECT ${NEW_UUID}, c.id, 'charge', opening.amount, c.currency, opening.amount, NULL, c.created_at
    FROM customers c
    JOIN (
      SELECT c2.id AS customer_id,
        coalesce(
          (SELECT a.previous_amount FROM customer_adjustments a WHERE a.customer_id = c2.id
           ORDER BY a.created_at, a.rowid LIMIT 1),
          c2.outstanding_amount) AS amount
      FROM customers c2
    ) opening ON opening.customer_id = c.id
    WHERE opening.amount > 0
    ORDER BY c.seq;

    INSERT INTO ledger_entries (id, customer_id, kind, amount, currency, running_balance, reason, actor_id, created_at)
    SELECT a.id, a.customer_id, 'adjustment', a.new_amount - a.previous_amount, a.currency,
      a.new_amount, a.reason, a.actor_id, a.created_at
    FROM customer_adjustments a
    WHERE a.new_amount <> a.previous_amount
    ORDER BY a.created_at, a.rowid;

    INSERT INTO ledger_entries (id, customer_id, kind, amount, currency, running_balance, reason, actor_id, created_at)
    SELECT ${NEW_UUID}, c.id, 'adjustment', c.outstanding_amount - coalesce(sums.total, 0), c.currency,
      c.outstanding_amount, 'Balance carried over when the ledger was introduced', NULL, c.updated_at
    FROM customers c
    LEFT JOIN (SELECT customer_id, sum(amount) AS total FROM ledger_entries GROUP BY customer_id) sums
      ON sums.customer_id = c.id
    WHERE c.outstanding_amount <> coalesce(sums.total, 0)
    ORDER BY c.seq;

    DROP TABLE customer_adjustments;
  `,
};
