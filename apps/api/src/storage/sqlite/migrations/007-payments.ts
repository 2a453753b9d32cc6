import type { Migration } from '../migrations.js';

/**
 * Payments, and on each customer the sum of its payments still pending (money a new payment
 * may not cover twice). The idempotency key is unique per person who sends it, so of twenty
 * racing requests with one key exactly one row is written.
 */
export const migration007Payments: Migration = {
  version: 7,
  name: 'payments',
  sql: `
    ALTER TABLE customers ADD COLUMN pending_payments_amount INTEGER NOT NULL DEFAULT 0
      CHECK (pending_payments_amount >= 0);

    CREATE TABLE payments (
      seq                 INTEGER PRIMARY KEY,
      id                  TEXT NOT NULL UNIQUE,
      customer_id         TEXT NOT NULL REFERENCES customers (id),
      customer_name       TEXT NOT NULL,
      amount              INTEGER NOT NULL CHECK (amount > 0),
      currency            TEXT NOT NULL CHECK (length(currency) = 3),
      method              TEXT NOT NULL CHECK (method IN ('card', 'bank_transfer', 'cash')),
      reference           TEXT,
      card_brand          TEXT,
      card_last4          TEXT CHECK (card_last4 IS NULL OR length(card_last4) = 4),
      card_exp_month      INTEGER,
      card_exp_year       INTEGER,
      status              TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
      failure_reason      TEXT,
      idempotency_scope   TEXT NOT NULL,
      idempotency_key     TEXT NOT NULL,
      request_fingerprint TEXT NOT NULL,
      first_response      TEXT NOT NULL,
      created_by          TEXT NOT NULL,
      created_at          TEXT NOT NULL,
      updated_at          TEXT NOT NULL,
      settled_at          TEXT,
      version             INTEGER NOT NULL CHECK (version >= 1),
      UNIQUE (idempotency_scope, idempotency_key)
    ) STRICT;
    CREATE INDEX payments_created ON payments (created_at, id);
    CREATE INDEX payments_customer ON payments (customer_id, created_at);
    CREATE INDEX payments_status ON payments (status, created_at);
    CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';
    CREATE INDEX ledger_entries_payment ON ledger_entries (payment_id) WHERE payment_id IS NOT NULL;
  `,
};
