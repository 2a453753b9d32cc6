import type { SQLInputValue } from 'node:sqlite';

import type { Customer, LedgerEntry, PaymentStatus } from '@collection-desk/contracts';

import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import {
  foldForSearch,
  nameSortKey,
  normalizeEmail,
  phoneDigitSuffixes,
} from '../../customers/customer-search.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface CustomerRow {
  seq: number;
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  outstanding_amount: number;
  pending_payments_amount: number;
  currency: string;
  due_date: string;
  payment_status: PaymentStatus;
  assignee_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  archived_at: string | null;
}

interface LedgerRow {
  id: string;
  customer_id: string;
  kind: LedgerEntry['kind'];
  amount: number;
  currency: string;
  running_balance: number;
  payment_id: string | null;
  reason: string | null;
  actor_id: string | null;
  created_at: string;
}

const UNIQUE_EMAIL_VIOLATION = 'UNIQUE constraint failed: customers.email_normalized';

/**
 * The writes of a customer row and what is kept beside it (the ledger, the counts by group, the
 * search index), as synchronous steps for the caller's transaction. Shared by the customer and
 * the payment repositories, which both change balances.
 */
export class SqliteCustomerRows {
  constructor(private readonly database: SqliteDatabase) {}

  insert(customer: Customer, opening: LedgerEntry | null): void {
    this.rejectDuplicateEmail(customer.email, () => {
      const { lastInsertRowid } = this.database.run(
        `INSERT INTO customers (id, name, name_key, email, email_normalized, phone, address,
           outstanding_amount, pending_payments_amount, currency, due_date, payment_status,
           assignee_id, notes, created_at, updated_at, version, archived_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...customerValues(customer),
      );
      this.indexForSearch(Number(lastInsertRowid), customer);
      this.moveCount(null, customer);
      if (opening) this.appendEntry(opening);
    });
  }

  find(id: string): Customer | null {
    const row = this.database.get<CustomerRow>('SELECT * FROM customers WHERE id = ?', id);
    return row ? toCustomer(row) : null;
  }

  /**
   * Stores `next` over `expectedVersion`, with `entry` if given (the caller's transaction).
   * With `counts`, the group counts' changes are gathered there for one `applyCounts` later
   * (a batch of many replaces); without, they are written at once.
   */
  replace(
    next: Customer,
    expectedVersion: number,
    entry?: LedgerEntry,
    counts?: CountChanges,
  ): void {
    this.rejectDuplicateEmail(next.email, () => {
      const current = this.database.get<CustomerRow>(
        'SELECT * FROM customers WHERE id = ?',
        next.id,
      );
      if (!current) throw new CustomerNotFoundError(next.id);
      if (current.version !== expectedVersion) {
        throw new CustomerVersionConflictError(next.id, expectedVersion, current.version);
      }
      // Only the columns that change: SQLite rewrites every index holding a column it sets.
      const before = toCustomer(current);
      const stored = customerValues(before);
      const after = customerValues(next);
      const changed = CUSTOMER_COLUMNS.flatMap((_column, index) =>
        stored[index] === after[index] ? [] : [index],
      );
      if (changed.length > 0) {
        this.database.run(
          `UPDATE customers SET ${changed.map((index) => `${CUSTOMER_COLUMNS[index]} = ?`).join(', ')}
           WHERE seq = ?`,
          ...changed.map((index) => after[index]!),
          current.seq,
        );
      }
      if (counts) counts.move(before, next);
      else this.moveCount(before, next);
      if (entry) this.appendEntry(entry);
      if (before.name !== next.name || before.email !== next.email || before.phone !== next.phone) {
        this.indexForSearch(current.seq, next, true);
      }
    });
  }

  ledgerPage(customerId: string, page: number, pageSize: number): LedgerEntry[] {
    return this.database
      .all<LedgerRow>(
        'SELECT * FROM ledger_entries WHERE customer_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
        customerId,
        pageSize,
        (page - 1) * pageSize,
      )
      .map(toLedgerEntry);
  }

  private appendEntry(entry: LedgerEntry): void {
    this.database.run(
      `INSERT INTO ledger_entries (id, customer_id, kind, amount, currency, running_balance,
         payment_id, reason, actor_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      entry.id,
      entry.customerId,
      entry.kind,
      entry.amount,
      entry.currency,
      entry.runningBalance,
      entry.paymentId,
      entry.reason,
      entry.actorId,
      entry.createdAt,
    );
  }

  /** Writes the gathered count changes (the caller's transaction). */
  applyCounts(counts: CountChanges): void {
    for (const [key, delta] of counts.deltas) {
      if (delta === 0) continue;
      const group = JSON.parse(key) as SQLInputValue[];
      this.database.run(
        'INSERT INTO customer_counts VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
        ...group,
        delta,
      );
    }
  }

  /** Keeps customer_counts in step with a write: one customer leaves a group and/or joins one. */
  private moveCount(before: Customer | null, after: Customer | null): void {
    const from = before ? countGroup(before) : null;
    const to = after ? countGroup(after) : null;
    if (from && to && from.every((part, index) => part === to[index])) return;
    if (from) {
      this.database.run(
        `UPDATE customer_counts SET n = n - 1
         WHERE archived = ? AND payment_status = ? AND currency = ? AND assignee_id = ?`,
        ...from,
      );
    }
    if (to) {
      this.database.run(
        'INSERT INTO customer_counts VALUES (?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1',
        ...to,
      );
    }
  }

  private indexForSearch(seq: number, customer: Customer, replace = false): void {
    if (replace) this.database.run('DELETE FROM customer_search WHERE rowid = ?', seq);
    this.database.run(
      'INSERT INTO customer_search (rowid, terms) VALUES (?, ?)',
      seq,
      searchDocument(customer),
    );
  }

  private rejectDuplicateEmail(email: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      if (error instanceof Error && error.message.includes(UNIQUE_EMAIL_VIOLATION)) {
        throw new CustomerEmailTakenError(email);
      }
      throw error;
    }
  }
}

/** The group a customer is counted in (customer_counts' key). */
function countGroup(customer: Customer): SQLInputValue[] {
  return [
    customer.archivedAt === null ? 0 : 1,
    customer.paymentStatus,
    customer.currency,
    customer.assigneeId ?? '',
  ];
}

/** Changes to customer_counts gathered over many writes, applied once. */
export class CountChanges {
  readonly deltas = new Map<string, number>();

  move(before: Customer, after: Customer): void {
    const from = JSON.stringify(countGroup(before));
    const to = JSON.stringify(countGroup(after));
    if (from === to) return;
    this.deltas.set(from, (this.deltas.get(from) ?? 0) - 1);
    this.deltas.set(to, (this.deltas.get(to) ?? 0) + 1);
  }
}

/** The text the full-text index holds for a customer: see migration 001's comment. */
export function searchDocument(customer: Pick<Customer, 'name' | 'email' | 'phone'>): string {
  return [
    foldForSearch(customer.name),
    foldForSearch(customer.email),
    ...phoneDigitSuffixes(customer.phone),
  ].join(' ');
}

/** The customers table's columns in insert order, derived keys beside their fields. */
const CUSTOMER_COLUMNS = [
  'id',
  'name',
  'name_key',
  'email',
  'email_normalized',
  'phone',
  'address',
  'outstanding_amount',
  'pending_payments_amount',
  'currency',
  'due_date',
  'payment_status',
  'assignee_id',
  'notes',
  'created_at',
  'updated_at',
  'version',
  'archived_at',
] as const;

/** The values of CUSTOMER_COLUMNS for a customer. */
function customerValues(customer: Customer): SQLInputValue[] {
  return [
    customer.id,
    customer.name,
    nameSortKey(customer.name),
    customer.email,
    normalizeEmail(customer.email),
    customer.phone,
    customer.address,
    customer.outstandingAmount,
    customer.pendingPaymentsAmount,
    customer.currency,
    customer.dueDate,
    customer.paymentStatus,
    customer.assigneeId,
    customer.notes,
    customer.createdAt,
    customer.updatedAt,
    customer.version,
    customer.archivedAt,
  ];
}

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    outstandingAmount: row.outstanding_amount,
    pendingPaymentsAmount: row.pending_payments_amount,
    currency: row.currency,
    dueDate: row.due_date,
    paymentStatus: row.payment_status,
    assigneeId: row.assignee_id,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    archivedAt: row.archived_at,
  };
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    amount: row.amount,
    currency: row.currency,
    runningBalance: row.running_balance,
    paymentId: row.payment_id,
    reason: row.reason,
    actorId: row.actor_id,
    createdAt: row.created_at,
  };
}
