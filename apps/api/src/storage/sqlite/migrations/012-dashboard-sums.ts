import type { Migration } from '../migrations.js';

/**
 * The quarter hour a ledger entry's time falls in, as SQL over `created_at` (ISO, UTC): the
 * same text as quarterHourOf (sqlite-customer-rows.ts) gives.
 */
const QUARTER_HOUR_OF_CREATED_AT = `strftime('%Y-%m-%dT%H:', e.created_at)
  || printf('%02d', (CAST(strftime('%M', e.created_at) AS INTEGER) / 15) * 15) || ':00.000Z'`;

/**
 * Recomputes the kept ledger sums from the entries of active customers (a migration, or a seed
 * written in bulk): all of them, and per current assignee.
 */
export const REBUILD_LEDGER_QUARTER_HOURS = `
  DELETE FROM ledger_quarter_hours;
  INSERT INTO ledger_quarter_hours (currency, kind, starts_at, amount)
    SELECT e.currency, e.kind, ${QUARTER_HOUR_OF_CREATED_AT}, sum(e.amount)
    FROM ledger_entries e JOIN customers c ON c.id = e.customer_id
    WHERE c.archived_at IS NULL GROUP BY 1, 2, 3;
  DELETE FROM ledger_assignee_quarter_hours;
  INSERT INTO ledger_assignee_quarter_hours (currency, assignee_id, kind, starts_at, amount)
    SELECT e.currency, c.assignee_id, e.kind, ${QUARTER_HOUR_OF_CREATED_AT}, sum(e.amount)
    FROM ledger_entries e JOIN customers c ON c.id = e.customer_id
    WHERE c.archived_at IS NULL AND c.assignee_id IS NOT NULL GROUP BY 1, 2, 3, 4;
`;

/** Recomputes the kept balances from the customers. */
export const REBUILD_CUSTOMER_BALANCES = `
  DELETE FROM customer_balances;
  INSERT INTO customer_balances
    SELECT currency, coalesce(assignee_id, ''), payment_status, due_date, count(*),
           sum(outstanding_amount), sum(outstanding_amount > 0)
    FROM customers WHERE archived_at IS NULL GROUP BY 1, 2, 3, 4;
`;

/**
 * The dashboard's sums, kept up to date by the repository in the transaction of each write (as
 * customer_counts is): active customers' balances by currency, assignee, status and due date
 * (thousands of rows instead of a million), and the ledger amounts of active customers by
 * currency, kind and quarter hour, in all and per current assignee (every time zone's midnight
 * falls on a quarter hour, so a day in TZ is a range of them). An archived or reassigned
 * customer's entries move with it.
 * The indexes the dashboard summed customers and the ledger through go: every write paid for them.
 */
export const migration012DashboardSums: Migration = {
  version: 12,
  name: 'dashboard-sums',
  sql: `
    CREATE TABLE customer_balances (
      currency       TEXT NOT NULL,
      assignee_id    TEXT NOT NULL,
      payment_status TEXT NOT NULL,
      due_date       TEXT NOT NULL,
      customers      INTEGER NOT NULL,
      outstanding    INTEGER NOT NULL,
      owing          INTEGER NOT NULL,
      PRIMARY KEY (currency, assignee_id, payment_status, due_date)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE ledger_quarter_hours (
      currency  TEXT NOT NULL,
      kind      TEXT NOT NULL,
      starts_at TEXT NOT NULL,
      amount    INTEGER NOT NULL,
      PRIMARY KEY (currency, kind, starts_at)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE ledger_assignee_quarter_hours (
      currency    TEXT NOT NULL,
      assignee_id TEXT NOT NULL,
      kind        TEXT NOT NULL,
      starts_at   TEXT NOT NULL,
      amount      INTEGER NOT NULL,
      PRIMARY KEY (currency, assignee_id, kind, starts_at)
    ) STRICT, WITHOUT ROWID;

    DROP INDEX customers_dashboard;
    DROP INDEX customers_archived_ids;
    DROP INDEX ledger_movements;

    ${REBUILD_CUSTOMER_BALANCES}
    ${REBUILD_LEDGER_QUARTER_HOURS}
  `,
};
