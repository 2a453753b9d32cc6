import { randomUUID } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import type {
  BalanceAdjustment,
  Customer,
  CustomerSortField,
  Page,
  PaymentStatus,
} from '@collection-desk/contracts';

import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import {
  type AdjustmentNote,
  type CustomerChanges,
  type CustomerListCriteria,
  CustomerRepository,
  type NewCustomer,
} from '../../customers/customer.repository.js';
import {
  foldForSearch,
  nameSortKey,
  normalizeEmail,
  phoneDigitSuffixes,
  searchTerms,
} from '../../customers/customer-search.js';
import { SqliteDatabase } from './sqlite-database.js';

interface CustomerRow {
  seq: number;
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  outstanding_amount: number;
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

const SORT_COLUMNS: Record<CustomerSortField, string> = {
  name: 'name_key',
  email: 'email_normalized',
  outstandingAmount: 'outstanding_amount',
  dueDate: 'due_date',
  paymentStatus: 'payment_status',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** Column written for each changeable field (derived columns are handled beside them). */
const FIELD_COLUMNS: Record<keyof NewCustomer, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  outstandingAmount: 'outstanding_amount',
  currency: 'currency',
  dueDate: 'due_date',
  paymentStatus: 'payment_status',
  assigneeId: 'assignee_id',
  notes: 'notes',
};

const UNIQUE_EMAIL_VIOLATION = 'UNIQUE constraint failed: customers.email_normalized';

@Injectable()
export class SqliteCustomerRepository extends CustomerRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  // node:sqlite is synchronous; Promise.try turns its throws into rejections as the port promises.
  create(input: NewCustomer): Promise<Customer> {
    return Promise.try(() => this.createNow(input));
  }

  private createNow(input: NewCustomer): Customer {
    const now = new Date().toISOString();
    const customer: Customer = {
      ...input,
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      version: 1,
      archivedAt: null,
    };
    this.rejectDuplicateEmail(customer.email, () =>
      this.database.transaction(() => {
        const { lastInsertRowid } = this.database
          .statement(
            `INSERT INTO customers (id, name, name_key, email, email_normalized, phone, address,
               outstanding_amount, currency, due_date, payment_status, assignee_id, notes,
               created_at, updated_at, version, archived_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
          )
          .run(
            customer.id,
            customer.name,
            nameSortKey(customer.name),
            customer.email,
            normalizeEmail(customer.email),
            customer.phone,
            customer.address,
            customer.outstandingAmount,
            customer.currency,
            customer.dueDate,
            customer.paymentStatus,
            customer.assigneeId,
            customer.notes,
            customer.createdAt,
            customer.updatedAt,
            customer.version,
          );
        this.indexForSearch(Number(lastInsertRowid), customer);
        this.moveCount(null, customer);
      }),
    );
    return customer;
  }

  findById(id: string): Promise<Customer | null> {
    return Promise.try(() => {
      const row = this.database.get<CustomerRow>('SELECT * FROM customers WHERE id = ?', id);
      return row ? toCustomer(row) : null;
    });
  }

  update(
    id: string,
    expectedVersion: number,
    changes: CustomerChanges,
    adjustment?: AdjustmentNote,
  ): Promise<Customer> {
    return Promise.try(() => this.updateNow(id, expectedVersion, changes, adjustment));
  }

  listAdjustments(customerId: string): Promise<BalanceAdjustment[]> {
    return Promise.try(() =>
      this.database
        .all<AdjustmentRow>(
          'SELECT * FROM customer_adjustments WHERE customer_id = ? ORDER BY created_at DESC, rowid DESC',
          customerId,
        )
        .map(toAdjustment),
    );
  }

  private updateNow(
    id: string,
    expectedVersion: number,
    changes: CustomerChanges,
    adjustment: AdjustmentNote | undefined,
  ): Customer {
    return this.rejectDuplicateEmail(changes.email ?? '', () =>
      this.database.transaction(() => {
        const current = this.requireRow(id);
        if (current.version !== expectedVersion) {
          throw new CustomerVersionConflictError(id, expectedVersion, current.version);
        }
        const assignments: string[] = [];
        const values: SQLInputValue[] = [];
        for (const [field, value] of Object.entries(changes) as [
          keyof NewCustomer,
          SQLInputValue,
        ][]) {
          if (value === undefined) continue;
          assignments.push(`${FIELD_COLUMNS[field]} = ?`);
          values.push(value);
        }
        if (changes.name !== undefined) {
          assignments.push('name_key = ?');
          values.push(nameSortKey(changes.name));
        }
        if (changes.email !== undefined) {
          assignments.push('email_normalized = ?');
          values.push(normalizeEmail(changes.email));
        }
        assignments.push('updated_at = ?', 'version = version + 1');
        values.push(new Date().toISOString());
        this.database.run(
          `UPDATE customers SET ${assignments.join(', ')} WHERE seq = ?`,
          ...values,
          current.seq,
        );
        const row = this.requireRow(id);
        this.moveCount(toCustomer(current), toCustomer(row));
        if (adjustment && row.outstanding_amount !== current.outstanding_amount) {
          this.database.run(
            `INSERT INTO customer_adjustments
               (id, customer_id, previous_amount, new_amount, currency, reason, actor_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            randomUUID(),
            id,
            current.outstanding_amount,
            row.outstanding_amount,
            row.currency,
            adjustment.reason,
            adjustment.actorId,
            row.updated_at,
          );
        }
        if (
          changes.name !== undefined ||
          changes.email !== undefined ||
          changes.phone !== undefined
        ) {
          this.indexForSearch(row.seq, toCustomer(row), true);
        }
        return toCustomer(row);
      }),
    );
  }

  archive(id: string): Promise<Customer> {
    return Promise.try(() => this.setArchivedAt(id, new Date().toISOString()));
  }

  restore(id: string): Promise<Customer> {
    return Promise.try(() => this.setArchivedAt(id, null));
  }

  list(criteria: CustomerListCriteria): Promise<Page<Customer>> {
    return Promise.try(() => this.listNow(criteria));
  }

  private listNow(criteria: CustomerListCriteria): Page<Customer> {
    const total = this.count(criteria);
    // With many matches, walking the sort order's index and filtering finds a page in a few
    // rows; with few, collecting the matches and sorting them is cheaper. The count tells which.
    const { where, params } = buildWhere(criteria, { filtersUseIndexes: total <= FEW_MATCHES });
    const orderBy = [
      ...criteria.sort.map(
        ({ field, direction }) => `${SORT_COLUMNS[field]} ${direction.toUpperCase()}`,
      ),
      'id ASC',
    ].join(', ');
    const rows = this.database.all<CustomerRow>(
      `SELECT * FROM customers ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      ...params,
      criteria.pageSize,
      (criteria.page - 1) * criteria.pageSize,
    );
    return { items: rows.map(toCustomer), total, page: criteria.page, pageSize: criteria.pageSize };
  }

  /** Trigger-kept counts when the filters allow, the search index for a search alone, else counted. */
  private count(criteria: CustomerListCriteria): number {
    const query = countsTableQuery(criteria) ?? searchOnlyCountQuery(criteria);
    if (query) return this.database.get<{ total: number }>(query.sql, ...query.params)?.total ?? 0;
    const { where, params } = buildWhere(criteria, { filtersUseIndexes: true });
    return (
      this.database.get<{ total: number }>(
        `SELECT count(*) AS total FROM customers ${where}`,
        ...params,
      )?.total ?? 0
    );
  }

  findByEmails(emails: readonly string[]): Promise<Customer[]> {
    return Promise.try(() => {
      const normalized = [...new Set(emails.map(normalizeEmail))];
      if (normalized.length === 0) return [];
      return this.database
        .all<CustomerRow>(
          `SELECT * FROM customers WHERE email_normalized IN (SELECT value FROM json_each(?)) ORDER BY id`,
          JSON.stringify(normalized),
        )
        .map(toCustomer);
    });
  }

  private setArchivedAt(id: string, archivedAt: string | null): Customer {
    return this.database.transaction(() => {
      const current = this.requireRow(id);
      if ((current.archived_at === null) === (archivedAt === null)) return toCustomer(current);
      this.database.run(
        'UPDATE customers SET archived_at = ?, updated_at = ?, version = version + 1 WHERE seq = ?',
        archivedAt,
        new Date().toISOString(),
        current.seq,
      );
      const updated = toCustomer(this.requireRow(id));
      this.moveCount(toCustomer(current), updated);
      return updated;
    });
  }

  /** Keeps customer_counts in step with a write: one customer leaves a group and/or joins one. */
  private moveCount(before: Customer | null, after: Customer | null): void {
    const key = (customer: Customer) => [
      customer.archivedAt === null ? 0 : 1,
      customer.paymentStatus,
      customer.currency,
      customer.assigneeId ?? '',
    ];
    const from = before ? key(before) : null;
    const to = after ? key(after) : null;
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

  private requireRow(id: string): CustomerRow {
    const row = this.database.get<CustomerRow>('SELECT * FROM customers WHERE id = ?', id);
    if (!row) throw new CustomerNotFoundError(id);
    return row;
  }

  private indexForSearch(seq: number, customer: Customer, replace = false): void {
    if (replace) this.database.run('DELETE FROM customer_search WHERE rowid = ?', seq);
    this.database.run(
      'INSERT INTO customer_search (rowid, terms) VALUES (?, ?)',
      seq,
      searchDocument(customer),
    );
  }

  private rejectDuplicateEmail<T>(email: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (error instanceof Error && error.message.includes(UNIQUE_EMAIL_VIOLATION)) {
        throw new CustomerEmailTakenError(email);
      }
      throw error;
    }
  }
}

/** The text the full-text index holds for a customer: see the migration's comment. */
export function searchDocument(customer: Pick<Customer, 'name' | 'email' | 'phone'>): string {
  return [
    foldForSearch(customer.name),
    foldForSearch(customer.email),
    ...phoneDigitSuffixes(customer.phone),
  ].join(' ');
}

/** FTS5 query: every term must start some indexed word (terms are letters and digits only). */
export function ftsQuery(q: string): string | null {
  const terms = searchTerms(q);
  return terms.length === 0 ? null : terms.map((term) => `"${term}"*`).join(' ');
}

/** The count as a sum over customer_counts, or null when a filter it does not know is set. */
export function countsTableQuery(
  criteria: CustomerListCriteria,
): { sql: string; params: SQLInputValue[] } | null {
  const q = criteria.q === undefined ? null : ftsQuery(criteria.q);
  const ranged = [
    criteria.dueFrom,
    criteria.dueTo,
    criteria.minOutstanding,
    criteria.maxOutstanding,
  ];
  if (q !== null || ranged.some((value) => value !== undefined)) return null;
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  const archived = criteria.archived ?? 'exclude';
  if (archived !== 'include') conditions.push(`archived = ${archived === 'only' ? 1 : 0}`);
  if (criteria.statuses?.length) {
    conditions.push(`payment_status IN (${criteria.statuses.map(() => '?').join(', ')})`);
    params.push(...criteria.statuses);
  }
  if (criteria.currency !== undefined) {
    conditions.push('currency = ?');
    params.push(criteria.currency);
  }
  if (criteria.assigneeId !== undefined) {
    conditions.push('assignee_id = ?');
    params.push(criteria.assigneeId);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return { sql: `SELECT coalesce(sum(n), 0) AS total FROM customer_counts ${where}`, params };
}

/** Past this many matches a page is found faster along the sort index than from the filters. */
const FEW_MATCHES = 2000;

/**
 * A search with no other filter: the full-text index counts its matches in milliseconds; the
 * few archived ones among them are found through the archived index and taken off.
 */
export function searchOnlyCountQuery(
  criteria: CustomerListCriteria,
): { sql: string; params: SQLInputValue[] } | null {
  const match = criteria.q === undefined ? null : ftsQuery(criteria.q);
  const others = [
    criteria.statuses?.length ? criteria.statuses : undefined,
    criteria.dueFrom,
    criteria.dueTo,
    criteria.minOutstanding,
    criteria.maxOutstanding,
    criteria.assigneeId,
    criteria.currency,
  ];
  if (match === null || others.some((value) => value !== undefined)) return null;
  const all = 'SELECT count(*) FROM customer_search WHERE customer_search MATCH ?';
  const archived =
    'SELECT count(*) FROM customers WHERE archived_at IS NOT NULL AND seq IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)';
  switch (criteria.archived ?? 'exclude') {
    case 'include':
      return { sql: `SELECT (${all}) AS total`, params: [match] };
    case 'only':
      return { sql: `SELECT (${archived}) AS total`, params: [match] };
    case 'exclude':
      return { sql: `SELECT (${all}) - (${archived}) AS total`, params: [match, match] };
  }
}

/**
 * The WHERE clause of a list. With `filtersUseIndexes: false`, range and search terms are
 * written \`+column\` so SQLite's planner walks the sort order's index instead of theirs.
 */
function buildWhere(
  criteria: CustomerListCriteria,
  { filtersUseIndexes }: { filtersUseIndexes: boolean },
): { where: string; params: SQLInputValue[] } {
  const leadingSortColumn = criteria.sort[0] ? SORT_COLUMNS[criteria.sort[0].field] : 'id';
  // `+column` is still the column; it only stops the planner from choosing that column's index.
  // (payment_status | assignee_id | currency, due_date, id) indexes filter and order at once.
  const compositeWithDue = new Set(
    leadingSortColumn === 'due_date'
      ? ['assignee_id', 'currency', ...(criteria.statuses?.length === 1 ? ['payment_status'] : [])]
      : [],
  );
  const plainFor = (column: string) =>
    compositeWithDue.has(column) || filtersUseIndexes || column === leadingSortColumn ? '' : '+';
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  const archived = criteria.archived ?? 'exclude';
  if (archived === 'exclude') conditions.push('archived_at IS NULL');
  if (archived === 'only') conditions.push('archived_at IS NOT NULL');
  if (criteria.statuses?.length) {
    conditions.push(
      `${plainFor('payment_status')}payment_status IN (${criteria.statuses.map(() => '?').join(', ')})`,
    );
    params.push(...criteria.statuses);
  }
  if (criteria.dueFrom !== undefined) {
    conditions.push(`${plainFor('due_date')}due_date >= ?`);
    params.push(criteria.dueFrom);
  }
  if (criteria.dueTo !== undefined) {
    conditions.push(`${plainFor('due_date')}due_date <= ?`);
    params.push(criteria.dueTo);
  }
  if (criteria.minOutstanding !== undefined) {
    conditions.push(`${plainFor('outstanding_amount')}outstanding_amount >= ?`);
    params.push(criteria.minOutstanding);
  }
  if (criteria.maxOutstanding !== undefined) {
    conditions.push(`${plainFor('outstanding_amount')}outstanding_amount <= ?`);
    params.push(criteria.maxOutstanding);
  }
  if (criteria.assigneeId !== undefined) {
    conditions.push(`${plainFor('assignee_id')}assignee_id = ?`);
    params.push(criteria.assigneeId);
  }
  if (criteria.currency !== undefined) {
    conditions.push(`${plainFor('currency')}currency = ?`);
    params.push(criteria.currency);
  }
  const match = criteria.q === undefined ? null : ftsQuery(criteria.q);
  if (match !== null) {
    conditions.push(
      `${plainFor('seq')}seq IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)`,
    );
    params.push(match);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

interface AdjustmentRow {
  id: string;
  customer_id: string;
  previous_amount: number;
  new_amount: number;
  currency: string;
  reason: string;
  actor_id: string;
  created_at: string;
}

function toAdjustment(row: AdjustmentRow): BalanceAdjustment {
  return {
    id: row.id,
    customerId: row.customer_id,
    previousAmount: row.previous_amount,
    newAmount: row.new_amount,
    currency: row.currency,
    reason: row.reason,
    actorId: row.actor_id,
    createdAt: row.created_at,
  };
}

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    outstandingAmount: row.outstanding_amount,
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
