import type { Migration } from '../migrations.js';

export const migration001Customers: Migration = {
  version: 1,
  name: 'customers',
  sql: `
    CREATE TABLE customers (
      seq                INTEGER PRIMARY KEY,
      id                 TEXT NOT NULL UNIQUE,
      name               TEXT NOT NULL,
      name_key           TEXT NOT NULL,
      email              TEXT NOT NULL,
      email_normalized   TEXT NOT NULL UNIQUE,
      phone              TEXT,
      address            TEXT,
      outstanding_amount INTEGER NOT NULL CHECK (outstanding_amount >= 0),
      currency           TEXT NOT NULL CHECK (length(currency) = 3),
      due_date           TEXT NOT NULL,
      payment_status     TEXT NOT NULL CHECK (payment_status IN ('pending', 'completed', 'overdue')),
      assignee_id        TEXT,
      notes              TEXT,
      created_at         TEXT NOT NULL,
      updated_at         TEXT NOT NULL,
      version            INTEGER NOT NULL CHECK (version >= 1),
      archived_at        TEXT
    ) STRICT;

    CREATE INDEX customers_due_date ON customers (due_date, id);
    CREATE INDEX customers_status_due_date ON customers (payment_status, due_date, id);
    CREATE INDEX customers_outstanding ON customers (outstanding_amount, id);
    CREATE INDEX customers_name_key ON customers (name_key, id);
    CREATE INDEX customers_assignee ON customers (assignee_id, due_date) WHERE assignee_id IS NOT NULL;

    -- Words of the name and email (folded) and the suffixes of the phone digits, so that a
    -- prefix query finds a word start in a name or email, and any digit run in a phone.
    CREATE VIRTUAL TABLE customer_search USING fts5(
      terms,
      content = '',
      contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    );
  `,
};
