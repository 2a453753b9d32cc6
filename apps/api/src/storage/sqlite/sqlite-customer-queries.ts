import type { SQLInputValue } from 'node:sqlite';

import {
  type Customer,
  type CustomerSortField,
  LIST_TOTAL_EXACT_UP_TO,
} from '@collection-desk/contracts';

import {
  type CustomerFilter,
  type CustomerOrder,
  type CustomerSort,
  BY_NAME,
  sortKeysOf,
  tieBreakDirection,
} from '../../customers/customer.repository.js';
import { namePrefixOf, normalizeEmail, searchTerms } from '../../customers/customer-search.js';
import { type CustomerRow, toCustomer } from './sqlite-customer-rows.js';
import type { SqliteReader } from './sqlite-reader.js';

// The SQL of customer lists, counts and scans, apart from the repository: the export's worker
// thread runs scanCustomers without loading Nest.

export const SORT_COLUMNS: Record<CustomerSortField, string> = {
  name: 'name_key',
  email: 'email_normalized',
  outstandingAmount: 'outstanding_amount',
  dueDate: 'due_date',
  paymentStatus: 'payment_status',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * Sorts the read pool keeps every active customer's position in (see customer-sort-positions.ts):
 * each is read from an index of active customers, in order. Email's index holds archived
 * customers too.
 */
export const POSITIONED_SORTS = new Set<CustomerSortField>([
  'dueDate',
  'name',
  'outstandingAmount',
  'createdAt',
  'updatedAt',
]);

/** The seq of every active customer in the ascending order of `field`, id last. */
export function positionsOrdering(field: CustomerSortField): string {
  return `SELECT seq FROM customers WHERE archived_at IS NULL ORDER BY ${SORT_COLUMNS[field]}, id`;
}

/** The seqs of a search's matches, for an `ftsQuery`. */
export const MATCHING_SEQS = 'SELECT rowid FROM customer_search WHERE customer_search MATCH ?';

/**
 * The seqs of a search's matches as one comma-separated text in a column `seqs` (NULL when none),
 * for an `ftsQuery`: see forEachSeqIn.
 */
export const SEARCH_MATCHES =
  'SELECT group_concat(rowid) AS seqs FROM customer_search WHERE customer_search MATCH ?';

/** Counts the active customers among a JSON array of seqs. */
export const ACTIVE_AMONG =
  'SELECT count(*) AS total FROM customers WHERE seq IN (SELECT value FROM json_each(?)) AND archived_at IS NULL';

/** A table `matches` of the seqs in a JSON array (the statement's first parameter). */
export const MATCHES_GIVEN =
  'WITH matches AS MATERIALIZED (SELECT value AS rowid FROM json_each(?))';

/** Counts the active customers whose names start with `q`, up to `limit`. */
export function activeNamesStartingWith(
  q: string,
  limit: number,
): { sql: string; params: SQLInputValue[] } {
  return {
    sql: `SELECT ${namesStartingWith('archived_at IS NULL')} AS total`,
    params: [...nameStartRange(q), limit],
  };
}

/** Counts the customers of `condition` whose names start with a range's start, up to a limit. */
function namesStartingWith(condition: string): string {
  return `(SELECT count(*) FROM (SELECT 1 FROM customers
    WHERE ${condition} AND name_key >= ? AND name_key < ? LIMIT ?))`;
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

/**
 * FTS5 query: every term must start some indexed word (terms are letters, digits and private-use
 * characters only). A term `whole` says no other indexed word starts with is looked up whole
 * (see search-words.ts).
 */
export function ftsQuery(q: string, whole: (term: string) => boolean = () => false): string | null {
  const terms = ftsTerms(q, whole);
  return terms.length === 0 ? null : terms.join(' ');
}

/** The terms of `ftsQuery`, one per search term: `"word"` looked up whole, `"prefix"*`. */
export function ftsTerms(q: string, whole: (term: string) => boolean = () => false): string[] {
  return searchTerms(q).map((term) => (whole(term) ? `"${term}"` : `"${term}"*`));
}

/**
 * The groups of a relevance order, best first, as conditions on a search's matches: the email
 * is `q`; the name starts with `q` (its key in a range, which the name index answers); neither.
 * The later groups leave out the first one's customer by its seq, which every index holds: a
 * group read in name order then needs no row beyond the name index's entries.
 */
export function relevanceGroups(q: string): { sql: string; params: SQLInputValue[] }[] {
  const email = normalizeEmail(q);
  const range = nameStartRange(q);
  const notTheEmail = 'seq IS NOT (SELECT seq FROM customers WHERE email_normalized = ?)';
  return [
    { sql: 'email_normalized = ?', params: [email] },
    { sql: `${notTheEmail} AND name_key >= ? AND name_key < ?`, params: [email, ...range] },
    { sql: `${notTheEmail} AND NOT (name_key >= ? AND name_key < ?)`, params: [email, ...range] },
  ];
}

/** The name keys that start with `q`, as [from, before): the name index answers the range. */
function nameStartRange(q: string): [string, string] {
  const prefix = namePrefixOf(q);
  // U+10FFFF sorts after every character a name can continue with.
  return [prefix, `${prefix}\u{10FFFF}`];
}

export function orderByOf(sort: CustomerSort[]): string {
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
export const FEW_MATCHES = 2000;

/**
 * Up to this many, a search's matches outside the name group are sorted by name (tens of
 * milliseconds); walking the name index instead can cross most of it when they cluster.
 */
export const RANKED_SORT_LIMIT = 10_000;

/** Whether `criteria` filter by nothing but a search and the archived state. */
export function searchesAlone(criteria: CustomerFilter): boolean {
  return [
    criteria.statuses?.length ? criteria.statuses : undefined,
    criteria.dueFrom,
    criteria.dueTo,
    criteria.minOutstanding,
    criteria.maxOutstanding,
    criteria.assigneeId,
    criteria.currency,
  ].every((value) => value === undefined);
}

/**
 * A search with no other filter, counted up to LIST_TOTAL_EXACT_UP_TO + 1 matches: first among
 * the names that start with it (they all match, see rankedPage; a name index range answers
 * in well under a millisecond), and only when those are too few in the full-text index, which
 * spends milliseconds gathering a common word's postings. Archived customers are left out by
 * their seq, which their index holds.
 */
export function searchOnlyCountQuery(
  criteria: CustomerFilter,
): { sql: string; params: SQLInputValue[] } | null {
  const match = criteria.q === undefined ? null : ftsQuery(criteria.q);
  if (match === null || !searchesAlone(criteria)) return null;
  const enough = LIST_TOTAL_EXACT_UP_TO + 1;
  const matches = MATCHING_SEQS;
  const archived = 'SELECT seq FROM customers WHERE archived_at IS NOT NULL';
  const counted = {
    include: matches,
    only: `${archived} AND seq IN (${matches})`,
    exclude: `${matches} AND rowid NOT IN (${archived})`,
  }[criteria.archived ?? 'exclude'];
  const indexCount = `(SELECT count(*) FROM (${counted} LIMIT ?))`;
  const named = { include: 'TRUE', only: null, exclude: 'archived_at IS NULL' }[
    criteria.archived ?? 'exclude'
  ];
  if (named === null) return { sql: `SELECT ${indexCount} AS total`, params: [match, enough] };
  const nameCount = namesStartingWith(named);
  return {
    // CASE reads its ELSE only when the names fall short.
    sql: `SELECT CASE WHEN ${nameCount} = ? THEN ? ELSE ${indexCount} END AS total`,
    params: [...nameStartRange(criteria.q ?? ''), enough, enough, enough, match, enough],
  };
}

/**
 * The conditions of a list's WHERE clause. With `filtersUseIndexes: false`, range and search terms are
 * written \`+column\` so SQLite's planner walks the sort order's index instead of theirs.
 */
export function buildWhere(
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
    conditions.push(`${plainFor('seq')}seq IN (${MATCHING_SEQS})`);
    params.push(match);
  }
  return { where: conditions.length ? conditions.join(' AND ') : 'TRUE', params };
}
