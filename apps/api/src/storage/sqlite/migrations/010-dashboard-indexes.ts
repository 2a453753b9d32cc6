import type { Migration } from '../migrations.js';

/**
 * The dashboard's aggregates read indexes only: customers in view by currency with every column
 * the sums need, the largest overdue balances in order, archived customers by id (few, left out
 * of the ledger figures), and money movements by kind and time with their amounts.
 */
export const migration010DashboardIndexes: Migration = {
  version: 10,
  name: 'dashboard-indexes',
  sql: `
    CREATE INDEX customers_dashboard ON customers
      (currency, payment_status, due_date, outstanding_amount, assignee_id) WHERE archived_at IS NULL;
    CREATE INDEX customers_overdue_amount ON customers
      (currency, outstanding_amount DESC, id) WHERE archived_at IS NULL AND payment_status = 'overdue';
    CREATE INDEX customers_archived_ids ON customers (id) WHERE archived_at IS NOT NULL;
    DROP INDEX ledger_entries_kind_created;
    CREATE INDEX ledger_movements ON ledger_entries (kind, created_at, currency, amount, customer_id);
  `,
};
