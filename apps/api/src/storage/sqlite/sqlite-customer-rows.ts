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
import { searchWordsOf } from './search-words.js';

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

/** What the kept sums need of a ledger entry. */
type Movement = Pick<LedgerEntry, 'currency' | 'kind' | 'createdAt' | 'amount'>;

/**
 * How many of the newest customer changes are kept. A reader whose sort positions are older
 * than the oldest kept change reads them again (see customer-sort-positions.ts); so does one whose
 * kept search terms are (search-term-matches.ts).
 */
export const KEPT_CUSTOMER_CHANGES = 100_000;
const CHANGE_PRUNE_STEP = 1024;
/** How many stored search words a connection remembers (one write of each is enough). */
const STORED_WORDS_KEPT = 50_000;

const UNIQUE_EMAIL_VIOLATION = 'UNIQUE constraint failed: customers.email_normalized';

/**
 * The writes of a customer row and what is kept beside it (the ledger, the kept sums, the
 * search index), as synchronous steps for the caller's transaction. Shared by the customer and
 * the payment repositories, which both change balances.
 */
export class SqliteCustomerRows {
  private pending: KeptSumChanges | null = null;
  /**
   * Words this connection stored in search_words (a failed transaction forgets them all: its
   * words may be gone). An import's writer has its own, gone with the import.
   */
  private readonly storedWords = new Set<string>();

  constructor(private readonly database: SqliteDatabase) {
    database.onRollback(() => this.storedWords.clear());
  }

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
      this.recordChange(Number(lastInsertRowid));
      this.keep((sums) => {
        sums.moveCustomer(null, customer);
        if (opening) sums.addEntry(opening, customer);
      });
      if (opening) this.appendEntry(opening);
    });
  }

  find(id: string): Customer | null {
    const row = this.database.get<CustomerRow>('SELECT * FROM customers WHERE id = ?', id);
    return row ? toCustomer(row) : null;
  }

  /** Stores `next` over `expectedVersion`, with `entry` if given (the caller's transaction). */
  replace(next: Customer, expectedVersion: number, entry?: LedgerEntry): void {
    this.rejectDuplicateEmail(next.email, () => {
      const current = this.database.get<CustomerRow>(
        'SELECT * FROM customers WHERE id = ?',
        next.id,
      );
      if (!current) throw new CustomerNotFoundError(next.id);
      if (current.version !== expectedVersion) {
        throw new CustomerVersionConflictError(next.id, expectedVersion, current.version);
      }
      const before = toCustomer(current);
      const assignments = changedColumns(before, next);
      if (assignments.columns.length > 0) {
        this.database.run(
          `UPDATE customers SET ${assignments.columns.join(', ')} WHERE seq = ?`,
          ...assignments.values,
          current.seq,
        );
      }
      this.afterReplace(current.seq, before, next, entry);
    });
  }

  /**
   * Stores `next` over `previous` as the caller read it, without reading it again (a scan's
   * chunk reads its rows once): false, and nothing written, when its version is no longer the
   * stored one — every write moves the version, so the same version means the same row.
   */
  replaceAsRead(previous: Customer, next: Customer): boolean {
    let stored = false;
    this.rejectDuplicateEmail(next.email, () => {
      const assignments = changedColumns(previous, next);
      const updated = this.database.get<{ seq: number }>(
        `UPDATE customers SET ${assignments.columns.join(', ') || 'version = version'}
         WHERE id = ? AND version = ? RETURNING seq`,
        ...assignments.values,
        previous.id,
        previous.version,
      );
      if (!updated) return;
      stored = true;
      this.afterReplace(updated.seq, previous, next);
    });
    return stored;
  }

  /** What follows a row's change: the kept sums, the ledger entry, the search index. */
  private afterReplace(seq: number, before: Customer, next: Customer, entry?: LedgerEntry): void {
    this.recordChange(seq);
    this.keep((sums) => {
      sums.moveCustomer(before, next);
      // Its money movements follow it out of view (archived) and between assignees.
      if (movementGroup(before) !== movementGroup(next)) {
        for (const stored of this.entriesOf(next.id)) {
          sums.addEntry(stored, before, -1);
          sums.addEntry(stored, next);
        }
      }
      if (entry) sums.addEntry(entry, next);
    });
    if (entry) this.appendEntry(entry);
    if (before.name !== next.name || before.email !== next.email || before.phone !== next.phone) {
      this.indexForSearch(seq, next, true);
    }
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

  private entriesOf(customerId: string): Movement[] {
    return this.database.all<Movement>(
      `SELECT currency, kind, created_at AS createdAt, amount FROM ledger_entries
       WHERE customer_id = ?`,
      customerId,
    );
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

  /**
   * Runs `writes` (inside the caller's transaction) with the kept sums' changes gathered and
   * written once at the end: a batch of thousands of writes touches each sum row once.
   */
  batch<T>(writes: () => T): T {
    if (this.pending) return writes();
    const sums = new KeptSumChanges();
    this.pending = sums;
    try {
      const result = writes();
      this.applySums(sums);
      return result;
    } finally {
      this.pending = null;
    }
  }

  /** Records a write's changes to the kept sums: in the running batch, or at once. */
  private keep(change: (sums: KeptSumChanges) => void): void {
    if (this.pending) return change(this.pending);
    const sums = new KeptSumChanges();
    change(sums);
    this.applySums(sums);
  }

  /** Adds each changed group's deltas to its row, creating the row if it is new. */
  private applySums(sums: KeptSumChanges): void {
    for (const [table, groups] of sums.changes) {
      for (const [key, deltas] of groups) {
        if (deltas.every((delta) => delta === 0)) continue;
        const group = JSON.parse(key) as SQLInputValue[];
        this.database.run(
          `INSERT INTO ${table.name} VALUES (${[...group, ...deltas].map(() => '?').join(', ')})
           ON CONFLICT DO UPDATE SET
             ${table.sums.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`,
          ...group,
          ...deltas,
        );
      }
    }
  }

  private indexForSearch(seq: number, customer: Customer, replace = false): void {
    const document = searchDocument(customer);
    if (replace) this.database.run('DELETE FROM customer_search WHERE rowid = ?', seq);
    this.database.run('INSERT INTO customer_search (rowid, terms) VALUES (?, ?)', seq, document);
    for (const word of searchWordsOf(document)) {
      if (this.storedWords.has(word)) continue;
      this.database.run('INSERT OR IGNORE INTO search_words (word) VALUES (?)', word);
      // Bounded: a word stored again is ignored, only a little slower.
      if (this.storedWords.size >= STORED_WORDS_KEPT) this.storedWords.clear();
      this.storedWords.add(word);
    }
  }

  /**
   * Tells the read pool that the customer's sort positions and search terms may be stale
   * (migration 014): every write to a customer row records one. The oldest are pruned in steps of CHANGE_PRUNE_STEP.
   */
  private recordChange(seq: number): void {
    const { lastInsertRowid } = this.database.run(
      'INSERT INTO customer_changes (seq) VALUES (?)',
      seq,
    );
    const changeNo = Number(lastInsertRowid);
    if (changeNo % CHANGE_PRUNE_STEP === 0) {
      this.database.run(
        'DELETE FROM customer_changes WHERE change_no <= ?',
        changeNo - KEPT_CUSTOMER_CHANGES,
      );
    }
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

/** A kept-sums table: its key columns come first, then `sums`, the columns added to. */
interface KeptSumTable {
  name: string;
  sums: string[];
}

const CUSTOMER_COUNTS: KeptSumTable = { name: 'customer_counts', sums: ['n'] };
const CUSTOMER_BALANCES: KeptSumTable = {
  name: 'customer_balances',
  sums: ['customers', 'outstanding', 'owing'],
};
const LEDGER_QUARTER_HOURS: KeptSumTable = { name: 'ledger_quarter_hours', sums: ['amount'] };
const LEDGER_ASSIGNEE_QUARTER_HOURS: KeptSumTable = {
  name: 'ledger_assignee_quarter_hours',
  sums: ['amount'],
};

/**
 * Changes to the sums kept beside the customers and the ledger, gathered over writes:
 * customer_counts (every customer, by archived, status, currency, assignee), customer_balances
 * (active customers by currency, assignee, status, due date), and the ledger entries of active
 * customers by currency, kind and quarter hour: all of them (ledger_quarter_hours) and per
 * current assignee (ledger_assignee_quarter_hours).
 */
export class KeptSumChanges {
  /** Per table, per group (its key values as JSON), the deltas of the table's sums. */
  readonly changes = new Map<KeptSumTable, Map<string, number[]>>();

  /** A customer leaves its groups (`before`) and/or joins others (`after`). */
  moveCustomer(before: Customer | null, after: Customer | null): void {
    if (before) this.count(before, -1);
    if (after) this.count(after, 1);
  }

  /** An entry of `customer` counts (`sign` 1) or stops counting (-1) where the customer is. */
  addEntry(entry: Movement, customer: Customer, sign: 1 | -1 = 1): void {
    if (customer.archivedAt !== null) return;
    const quarterHour = quarterHourOf(entry.createdAt);
    const amount = sign * entry.amount;
    this.add(LEDGER_QUARTER_HOURS, [entry.currency, entry.kind, quarterHour], [amount]);
    if (customer.assigneeId === null) return;
    this.add(
      LEDGER_ASSIGNEE_QUARTER_HOURS,
      [entry.currency, customer.assigneeId, entry.kind, quarterHour],
      [amount],
    );
  }

  private count(customer: Customer, sign: 1 | -1): void {
    const { archivedAt, paymentStatus, currency, dueDate, outstandingAmount } = customer;
    const assignee = customer.assigneeId ?? '';
    this.add(
      CUSTOMER_COUNTS,
      [archivedAt === null ? 0 : 1, paymentStatus, currency, assignee],
      [sign],
    );
    if (archivedAt !== null) return;
    this.add(
      CUSTOMER_BALANCES,
      [currency, assignee, paymentStatus, dueDate],
      [sign, sign * outstandingAmount, outstandingAmount > 0 ? sign : 0],
    );
  }

  private add(table: KeptSumTable, group: SQLInputValue[], deltas: number[]): void {
    const groups = this.changes.get(table) ?? new Map<string, number[]>();
    this.changes.set(table, groups);
    const key = JSON.stringify(group);
    const sums = groups.get(key) ?? deltas.map(() => 0);
    groups.set(
      key,
      sums.map((sum, index) => sum + deltas[index]),
    );
  }
}

/** Where a customer's money movements are summed: nowhere once archived, else by assignee. */
function movementGroup(customer: Customer): string | null {
  return customer.archivedAt === null ? (customer.assigneeId ?? '') : null;
}

/** The start of the quarter hour (UTC) an instant falls in, as ISO text. */
export function quarterHourOf(instant: string): string {
  const time = new Date(instant);
  time.setUTCMinutes(time.getUTCMinutes() - (time.getUTCMinutes() % 15), 0, 0);
  return time.toISOString();
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

/**
 * `column = ?` for each column whose value differs, with the new values: only those, because
 * SQLite rewrites every index holding a column it sets.
 */
function changedColumns(
  before: Customer,
  after: Customer,
): { columns: string[]; values: SQLInputValue[] } {
  const stored = customerValues(before);
  const next = customerValues(after);
  const changed = CUSTOMER_COLUMNS.flatMap((_column, index) =>
    stored[index] === next[index] ? [] : [index],
  );
  return {
    columns: changed.map((index) => `${CUSTOMER_COLUMNS[index]} = ?`),
    values: changed.map((index) => next[index]!),
  };
}
