import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import {
  type Customer,
  type CustomerPage,
  type CustomerSortField,
  LIST_TOTAL_EXACT_UP_TO,
  type LedgerEntry,
  type Page,
  type TotalRelation,
} from '@collection-desk/contracts';

import {
  type CustomerFilter,
  type CustomerImportBatch,
  type CustomerListCriteria,
  type CustomerOrder,
  CustomerRepository,
  type CustomerSort,
  BY_NAME,
  sortKeysOf,
  tieBreakDirection,
} from '../../customers/customer.repository.js';
import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import { namePrefixOf, normalizeEmail, searchTerms } from '../../customers/customer-search.js';
import { type CustomerRow, SqliteCustomerRows, toCustomer } from './sqlite-customer-rows.js';
import { runImportWriter } from './import-writer-thread.js';
import { SqliteDatabase, type SqliteReader } from './sqlite-database.js';

const SORT_COLUMNS: Record<CustomerSortField, string> = {
  name: 'name_key',
  email: 'email_normalized',
  outstandingAmount: 'outstanding_amount',
  dueDate: 'due_date',
  paymentStatus: 'payment_status',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

@Injectable()
export class SqliteCustomerRepository extends CustomerRepository {
  private readonly rows: SqliteCustomerRows;

  constructor(private readonly database: SqliteDatabase) {
    super();
    this.rows = new SqliteCustomerRows(database);
  }

  // node:sqlite is synchronous; Promise.try turns its throws into rejections as the port promises.
  insert(customer: Customer, opening: LedgerEntry | null): Promise<void> {
    return Promise.try(() => this.database.transaction(() => this.rows.insert(customer, opening)));
  }

  /**
   * One transaction, written by a worker thread on a connection of its own: a 100,000-row
   * import takes seconds to write, and the API keeps answering reads meanwhile. Writes made
   * here during that time wait briefly, then answer 503 (retry) instead of freezing the API.
   */
  async importMany(
    batches: AsyncIterable<CustomerImportBatch> | Iterable<CustomerImportBatch>,
  ): Promise<void> {
    const outcome = await this.database.whileWritingElsewhere(() =>
      runImportWriter({ path: this.database.path, batches }),
    );
    switch (outcome.type) {
      case 'done':
        return;
      case 'email-taken':
        throw new CustomerEmailTakenError(outcome.email);
      case 'version-conflict':
        throw new CustomerVersionConflictError(
          outcome.customerId,
          outcome.expected,
          outcome.actual,
        );
      case 'not-found':
        throw new CustomerNotFoundError(outcome.customerId);
      case 'unavailable':
        throw new StorageUnavailableError(outcome.reason);
      case 'failed':
        throw new Error(`The import writer failed: ${outcome.message}`);
    }
  }

  findById(id: string): Promise<Customer | null> {
    return Promise.try(() => this.rows.find(id));
  }

  replace(next: Customer, expectedVersion: number, entry?: LedgerEntry): Promise<void> {
    return Promise.try(() =>
      this.database.transaction(() => this.rows.replace(next, expectedVersion, entry)),
    );
  }

  ledger(customerId: string, page: number, pageSize: number): Promise<Page<LedgerEntry>> {
    return Promise.try(() => {
      const total =
        this.database.get<{ total: number }>(
          'SELECT count(*) AS total FROM ledger_entries WHERE customer_id = ?',
          customerId,
        )?.total ?? 0;
      return { items: this.rows.ledgerPage(customerId, page, pageSize), total, page, pageSize };
    });
  }

  /** Read on the pool's connections: a broad search never holds the API's event loop. */
  async list(criteria: CustomerListCriteria): Promise<CustomerPage> {
    const counted = await this.count(criteria);
    const sort = sortKeysOf(criteria.sort, criteria.q);
    const rows = sort
      ? await this.sortedPage({ ...criteria, sort }, counted)
      : await this.rankedPage(criteria, counted);
    return {
      items: rows.map(toCustomer),
      ...listTotal(counted),
      page: criteria.page,
      pageSize: criteria.pageSize,
    };
  }

  private sortedPage(
    criteria: CustomerListCriteria & { sort: CustomerSort[] },
    counted: number,
  ): Promise<CustomerRow[]> {
    // With many matches, walking the sort order's index and filtering finds a page in a few
    // rows; with few, collecting the matches and sorting them is cheaper. The count tells which.
    const { where, params } = buildWhere(criteria, { filtersUseIndexes: counted <= FEW_MATCHES });
    return this.database.reads.all<CustomerRow>(
      `SELECT * FROM customers WHERE ${where} ORDER BY ${orderByOf(criteria.sort)} LIMIT ? OFFSET ?`,
      [...params, criteria.pageSize, (criteria.page - 1) * criteria.pageSize],
    );
  }

  /**
   * A search's best matches first: each group (see relevanceGroups) read up to the end of the
   * page in name order, then merged. With many matches the name group walks the name index.
   * The other matches are collected and sorted when there are at most RANKED_SORT_LIMIT (the
   * search index read once for all groups); beyond, they are skipped when the name matches fill
   * the page, else found walking the name index.
   */
  private async rankedPage(
    criteria: CustomerListCriteria,
    counted: number,
  ): Promise<CustomerRow[]> {
    const upToPageEnd = criteria.page * criteria.pageSize;
    const groups = relevanceGroups(criteria.q ?? '');
    const many = counted > FEW_MATCHES;
    const othersSorted = counted <= RANKED_SORT_LIMIT;
    // An email that is `q`, or a name that starts with it, has every word of `q` at the start of
    // one of its words: those rows match the search, so the first two groups leave the search
    // index out (reading its matches cost 5-7 ms per statement for a word in 5% of the names).
    const filtered = (filtersUseIndexes: boolean, rank: number) =>
      buildWhere(
        { ...criteria, q: rank < 2 ? undefined : criteria.q, sort: BY_NAME },
        { filtersUseIndexes, matches: othersSorted ? 'matches' : undefined },
      );
    if (!othersSorted) {
      const named = filtered(false, 1);
      const nameMatches =
        (
          await this.database.reads.get<{ total: number }>(
            `SELECT count(*) AS total FROM (SELECT 1 FROM customers
             WHERE ${groups[1].sql} AND ${named.where} LIMIT ?)`,
            [...groups[1].params, ...named.params, upToPageEnd],
          )
        )?.total ?? 0;
      if (nameMatches >= upToPageEnd) groups.pop();
    }
    const arms: string[] = [];
    const params: SQLInputValue[] = othersSorted ? [ftsQuery(criteria.q ?? '')] : [];
    groups.forEach((group, rank) => {
      const { where, params: filterParams } = filtered(rank === 2 ? othersSorted : !many, rank);
      arms.push(
        `SELECT * FROM (SELECT ${rank} AS relevance, * FROM customers
         WHERE ${group.sql} AND ${where} ORDER BY name_key, id LIMIT ?)`,
      );
      params.push(...group.params, ...filterParams, upToPageEnd);
    });
    const sharedMatches = othersSorted
      ? 'WITH matches AS MATERIALIZED (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)'
      : '';
    return this.database.reads.all<CustomerRow>(
      `${sharedMatches} ${arms.join(' UNION ALL ')}
       ORDER BY relevance, name_key, id LIMIT ? OFFSET ?`,
      [...params, criteria.pageSize, (criteria.page - 1) * criteria.pageSize],
    );
  }

  /**
   * How many match, exactly up to LIST_TOTAL_EXACT_UP_TO + 1: from the kept counts when the
   * filters allow, from the search index for a search alone, else by counting at most that many
   * rows. No list ever counts a million.
   */
  private async count(criteria: CustomerFilter): Promise<number> {
    const query = countsTableQuery(criteria) ?? searchOnlyCountQuery(criteria);
    if (query) {
      return (
        (await this.database.reads.get<{ total: number }>(query.sql, query.params))?.total ?? 0
      );
    }
    const { where, params } = buildWhere(criteria, { filtersUseIndexes: true });
    const counted = await this.database.reads.get<{ total: number }>(
      `SELECT count(*) AS total FROM (SELECT 1 FROM customers WHERE ${where} LIMIT ?)`,
      [...params, LIST_TOTAL_EXACT_UP_TO + 1],
    );
    return counted?.total ?? 0;
  }

  /**
   * Keyset pages read inside one read transaction of a connection of its own (see scanCustomers):
   * the export sees the data as it was when it began, and the writer is never held up.
   */
  async *scan(
    filter: CustomerFilter,
    order: CustomerOrder,
    batchSize: number,
  ): AsyncIterable<Customer[]> {
    const reader = this.database.openReader();
    try {
      yield* scanCustomers(reader, filter, order, batchSize);
    } finally {
      reader.close();
    }
  }

  ledgerBalance(customerId: string): Promise<number> {
    return Promise.try(
      () =>
        this.database.get<{ total: number }>(
          'SELECT coalesce(sum(amount), 0) AS total FROM ledger_entries WHERE customer_id = ?',
          customerId,
        )?.total ?? 0,
    );
  }

  overdueCandidates(
    today: string,
    after: { dueDate: string; id: string } | null,
    limit: number,
  ): Promise<Customer[]> {
    return Promise.try(() =>
      this.database
        // customers_active_status_due (payment_status, due_date, id) serves both filter and order.
        .all<CustomerRow>(
          `SELECT * FROM customers INDEXED BY customers_active_status_due
           WHERE archived_at IS NULL AND payment_status = 'pending' AND due_date < ?
             AND (due_date, id) > (?, ?) AND outstanding_amount > 0
           ORDER BY due_date, id LIMIT ?`,
          today,
          after?.dueDate ?? '',
          after?.id ?? '',
          limit,
        )
        .map(toCustomer),
    );
  }

  replaceMany(changes: readonly { previous: Customer; next: Customer }[]): Promise<string[]> {
    return Promise.try(() =>
      this.database.transaction(() =>
        this.rows.batch(() =>
          changes.flatMap(({ previous, next }) =>
            this.rows.replaceAsRead(previous, next) ? [next.id] : [],
          ),
        ),
      ),
    );
  }

  /** On the read pool: imports look up thousands of emails while they are checked. */
  async findByEmails(emails: readonly string[]): Promise<Customer[]> {
    const normalized = [...new Set(emails.map(normalizeEmail))];
    if (normalized.length === 0) return [];
    const rows = await this.database.reads.all<CustomerRow>(
      `SELECT * FROM customers WHERE email_normalized IN (SELECT value FROM json_each(?)) ORDER BY id`,
      [JSON.stringify(normalized)],
    );
    return rows.map(toCustomer);
  }
}

/**
 * Every customer of `filter` in `order`, a batch at a time: keyset pages (never OFFSET) inside one
 * read transaction of `reader`, so the batches are one snapshot. A relevance order is read group
 * after group, each in name order. Also run by the export's worker thread on its own connection.
 */
export async function* scanCustomers(
  reader: SqliteReader,
  filter: CustomerFilter,
  order: CustomerOrder,
  batchSize: number,
): AsyncIterable<Customer[]> {
  const sort = sortKeysOf(order, filter.q);
  const segments = sort
    ? [{ sort, group: null }]
    : relevanceGroups(filter.q ?? '').map((group) => ({ sort: BY_NAME, group }));
  reader.exec('BEGIN');
  try {
    for (const { sort: segmentSort, group } of segments) {
      const { where, params } = buildWhere(
        { ...filter, sort: segmentSort },
        { filtersUseIndexes: false },
      );
      let after: CustomerRow | undefined;
      for (;;) {
        const keyset = after ? keysetAfter(segmentSort, after) : null;
        const conditions = [where, group?.sql, keyset?.sql].filter(Boolean).join(' AND ');
        const rows = reader.all<CustomerRow>(
          `SELECT * FROM customers WHERE ${conditions}
           ORDER BY ${orderByOf(segmentSort)} LIMIT ?`,
          ...params,
          ...(group?.params ?? []),
          ...(keyset?.params ?? []),
          batchSize,
        );
        if (rows.length > 0) yield rows.map(toCustomer);
        if (rows.length < batchSize) break;
        after = rows.at(-1);
        // Hand the event loop back between batches: other work goes on during an export.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    // Ends the snapshot; SQLite may already have ended it after a failure, whose error counts.
    try {
      reader.exec('COMMIT');
    } catch {
      /* no read transaction left to end */
    }
  }
}

/** FTS5 query: every term must start some indexed word (terms are letters and digits only). */
export function ftsQuery(q: string): string | null {
  const terms = searchTerms(q);
  return terms.length === 0 ? null : terms.map((term) => `"${term}"*`).join(' ');
}

/** The list contract's total for a count made up to LIST_TOTAL_EXACT_UP_TO + 1. */
function listTotal(counted: number): { total: number; totalRelation: TotalRelation } {
  return counted > LIST_TOTAL_EXACT_UP_TO
    ? { total: LIST_TOTAL_EXACT_UP_TO, totalRelation: 'gte' }
    : { total: counted, totalRelation: 'eq' };
}

/**
 * The groups of a relevance order, best first, as conditions on a search's matches: the email
 * is `q`; the name starts with `q` (its key in a range, which the name index answers); neither.
 */
function relevanceGroups(q: string): { sql: string; params: SQLInputValue[] }[] {
  const email = normalizeEmail(q);
  const prefix = namePrefixOf(q);
  // U+10FFFF sorts after every character a name can continue with.
  const range = [prefix, `${prefix}\u{10FFFF}`];
  return [
    { sql: 'email_normalized = ?', params: [email] },
    { sql: 'email_normalized <> ? AND name_key >= ? AND name_key < ?', params: [email, ...range] },
    {
      sql: 'email_normalized <> ? AND NOT (name_key >= ? AND name_key < ?)',
      params: [email, ...range],
    },
  ];
}

function orderByOf(sort: CustomerSort[]): string {
  return [
    ...sort.map(({ field, direction }) => `${SORT_COLUMNS[field]} ${direction.toUpperCase()}`),
    `id ${tieBreakDirection(sort).toUpperCase()}`,
  ].join(', ');
}

/**
 * Rows strictly after `row` in the order of `sort` then id, with each field in its own
 * direction: (a > ?) OR (a = ? AND b < ?) OR (a = ? AND b = ? AND id > ?).
 */
function keysetAfter(
  sort: CustomerSort[],
  row: CustomerRow,
): { sql: string; params: SQLInputValue[] } {
  const keys = [
    ...sort.map(({ field, direction }) => ({ column: SORT_COLUMNS[field], direction })),
    { column: 'id', direction: tieBreakDirection(sort) },
  ];
  const values = keys.map(
    ({ column }) => (row as unknown as Record<string, SQLInputValue>)[column] ?? null,
  );
  // Every key one way (the usual case): a row value, which SQLite answers by seeking the sort
  // order's index; the OR form below makes it scan every row for each batch.
  if (keys.every(({ direction }) => direction === keys[0].direction)) {
    const columns = keys.map(({ column }) => column).join(', ');
    const after = keys[0].direction === 'asc' ? '>' : '<';
    return { sql: `(${columns}) ${after} (${keys.map(() => '?').join(', ')})`, params: values };
  }
  const alternatives: string[] = [];
  const params: SQLInputValue[] = [];
  keys.forEach(({ column, direction }, index) => {
    const equal = keys.slice(0, index).map(({ column: before }) => `${before} = ?`);
    alternatives.push(
      `(${[...equal, `${column} ${direction === 'asc' ? '>' : '<'} ?`].join(' AND ')})`,
    );
    params.push(...values.slice(0, index + 1));
  });
  return { sql: `(${alternatives.join(' OR ')})`, params };
}

/** The count as a sum over customer_counts, or null when a filter it does not know is set. */
export function countsTableQuery(
  criteria: CustomerFilter,
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
 * Up to this many, a search's matches outside the name group are sorted by name (tens of
 * milliseconds); walking the name index instead can cross most of it when they cluster.
 */
const RANKED_SORT_LIMIT = 10_000;

/**
 * A search with no other filter: the full-text index counts its matches in milliseconds; the
 * few archived ones among them are found through the archived index and taken off.
 */
export function searchOnlyCountQuery(
  criteria: CustomerFilter,
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
 * The conditions of a list's WHERE clause. With `filtersUseIndexes: false`, range and search terms are
 * written \`+column\` so SQLite's planner walks the sort order's index instead of theirs.
 */
function buildWhere(
  criteria: CustomerFilter & { sort?: CustomerSort[] },
  {
    filtersUseIndexes,
    matches,
  }: {
    filtersUseIndexes: boolean;
    /** A table of the search's matching rowids the statement already has, read instead. */
    matches?: string;
  },
): { where: string; params: SQLInputValue[] } {
  const leadingSortColumn = criteria.sort?.[0] ? SORT_COLUMNS[criteria.sort[0].field] : 'id';
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
  if (match !== null && matches !== undefined) {
    conditions.push(`${plainFor('seq')}seq IN ${matches}`);
  } else if (match !== null) {
    conditions.push(
      `${plainFor('seq')}seq IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)`,
    );
    params.push(match);
  }
  return { where: conditions.length ? conditions.join(' AND ') : 'TRUE', params };
}
