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
} from '../../customers/customer.repository.js';
import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import { normalizeEmail, searchTerms } from '../../customers/customer-search.js';
import { type CustomerRow, SqliteCustomerRows, toCustomer } from './sqlite-customer-rows.js';
import { runImportWriter } from './import-writer-thread.js';
import {
  ACTIVE_AMONG,
  activeNamesStartingWith,
  buildWhere,
  countsTableQuery,
  FEW_MATCHES,
  ftsQuery,
  MATCHES_GIVEN,
  MATCHING_SEQS,
  orderByOf,
  POSITIONED_SORTS,
  positionsOrdering,
  RANKED_SORT_LIMIT,
  relevanceGroups,
  scanCustomers,
  searchesAlone,
  searchOnlyCountQuery,
} from './sqlite-customer-queries.js';
import { SqliteDatabase } from './sqlite-database.js';

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
    const sort = sortKeysOf(criteria.sort, criteria.q);
    const { rows, counted } = positioned(criteria, sort)
      ? await this.searchAlone(criteria, sort)
      : await this.pageByQueries(criteria, sort, await this.count(criteria));
    return {
      items: rows.map(toCustomer),
      ...listTotal(counted),
      page: criteria.page,
      pageSize: criteria.pageSize,
    };
  }

  private async pageByQueries(
    criteria: CustomerListCriteria,
    sort: CustomerSort[] | null,
    counted: number,
  ): Promise<{ rows: CustomerRow[]; counted: number }> {
    const rows = sort
      ? await this.sortedPage({ ...criteria, sort }, counted)
      : await this.rankedPage(criteria, counted);
    return { rows, counted };
  }

  /**
   * A search alone among active customers (see `positioned`): its page and total from one read
   * of the search index, the matches ordered by their positions (see customer-sort-positions.ts)
   * rather than by reading each one's row. Except a one-word search sorted by a field, when its
   * word fills the page from the first rows of the order (see firstLook), and a ranked search
   * that more than LIST_TOTAL_EXACT_UP_TO active names start with: those names are its count,
   * and fill its page from their index (see pageByQueries).
   */
  private async searchAlone(
    criteria: CustomerListCriteria,
    sort: CustomerSort[] | null,
  ): Promise<{ rows: CustomerRow[]; counted: number }> {
    const q = criteria.q ?? '';
    if (sort) {
      const sorted = { ...criteria, sort };
      // Only one word can be common enough to fill a page from the first rows: each more word
      // narrows the matches (and a first look that finds too few costs a millisecond).
      const firstRows = searchTerms(q).length === 1 ? await this.firstLook(sorted) : null;
      if (firstRows) return { rows: firstRows, counted: await this.count(criteria) };
      return this.sortedByPositions(sorted);
    }
    // The first matches by name up to the page's end hold every other match the page needs:
    // each email or name match among them stands for one the page takes from its own group.
    // The reader counts the names that start with the search first: past LIST_TOTAL_EXACT_UP_TO
    // it reads nothing else, and those names are the count and fill the page from their index.
    const page = rankedPageStatement(criteria, relevanceGroups(q), () => true, 'matches');
    const found = await this.database.reads.byPositions<CustomerRow>({
      ordering: positionsOrdering('name'),
      descending: false,
      q,
      take: criteria.page * criteria.pageSize,
      sql: `${MATCHES_GIVEN} ${page.sql}`,
      params: page.params,
      counting: ACTIVE_AMONG,
      countFirst: {
        ...activeNamesStartingWith(q, LIST_TOTAL_EXACT_UP_TO + 1),
        atMost: LIST_TOTAL_EXACT_UP_TO,
      },
    });
    if ('counted' in found) return this.pageByQueries(criteria, sort, found.counted);
    return { rows: found.rows, counted: Math.min(found.total, LIST_TOTAL_EXACT_UP_TO + 1) };
  }

  /** A search alone sorted by one positioned field: the first matches by position, sorted. */
  private async sortedByPositions(
    criteria: CustomerListCriteria & { sort: CustomerSort[] },
  ): Promise<{ rows: CustomerRow[]; counted: number }> {
    const [{ field, direction }] = criteria.sort;
    const { where, params } = buildWhere(criteria, { filtersUseIndexes: true, matches: 'matches' });
    const found = await this.database.reads.byPositions<CustomerRow>({
      ordering: positionsOrdering(field),
      descending: direction === 'desc',
      q: criteria.q ?? '',
      take: criteria.page * criteria.pageSize,
      // The candidates (up to the page's end, and the matches changed since the positions were
      // read) are read by seq and sorted, never by walking an index.
      sql: `${MATCHES_GIVEN} SELECT * FROM customers NOT INDEXED WHERE ${where}
            ORDER BY ${orderByOf(criteria.sort)} LIMIT ? OFFSET ?`,
      params: [...params, criteria.pageSize, (criteria.page - 1) * criteria.pageSize],
      counting: ACTIVE_AMONG,
    });
    return { rows: found.rows, counted: Math.min(found.total, LIST_TOTAL_EXACT_UP_TO + 1) };
  }

  private async sortedPage(
    criteria: CustomerListCriteria & { sort: CustomerSort[] },
    counted: number,
  ): Promise<CustomerRow[]> {
    const firstLook = counted > FEW_MATCHES ? await this.firstLook(criteria) : null;
    if (firstLook) return firstLook;
    // With many matches, walking the sort order's index and filtering finds a page in a few
    // rows; with few, collecting the matches and sorting them is cheaper. The count tells which.
    const { where, params } = buildWhere(criteria, { filtersUseIndexes: counted <= FEW_MATCHES });
    return this.database.reads.all<CustomerRow>(
      `SELECT * FROM customers WHERE ${where} ORDER BY ${orderByOf(criteria.sort)} LIMIT ? OFFSET ?`,
      [...params, criteria.pageSize, (criteria.page - 1) * criteria.pageSize],
    );
  }

  /**
   * A sorted search alone, on one of its first pages: the first rows of the sort order
   * (FIRST_LOOK_ROWS_PER_ROW for each row up to the page's end) read with the search checked
   * row by row. A common word fills the page there, without reading its tens of thousands of
   * matches out of the search index; when it does not (the reader gives up early once matches
   * turn up too rarely), null, and the page is found the usual way.
   */
  private async firstLook(
    criteria: CustomerListCriteria & { sort: CustomerSort[] },
  ): Promise<CustomerRow[] | null> {
    const upToPageEnd = criteria.page * criteria.pageSize;
    const q = criteria.q ?? '';
    const [sort, ...more] = criteria.sort;
    // Only where an index gives the order as is (other filters, or a sort the planner must
    // finish itself, could read far more than the first rows).
    const ordered =
      sort !== undefined &&
      more.length === 0 &&
      FIRST_LOOK_SORTS.has(sort.field) &&
      (criteria.archived ?? 'exclude') === 'exclude' &&
      searchesAlone(criteria);
    if (!ordered || ftsQuery(q) === null) return null;
    if (upToPageEnd > FIRST_LOOK_PAGE_END) return null;
    const { where, params } = buildWhere(
      { ...criteria, q: undefined },
      { filtersUseIndexes: false },
    );
    const rows = await this.database.reads.firstMatching<CustomerRow>(
      `SELECT * FROM customers WHERE ${where} ORDER BY ${orderByOf(criteria.sort)} LIMIT ?`,
      [...params, upToPageEnd * FIRST_LOOK_ROWS_PER_ROW],
      {
        q,
        skip: upToPageEnd - criteria.pageSize,
        take: criteria.pageSize,
        rowsPerMatch: FIRST_LOOK_ROWS_PER_ROW,
      },
    );
    return rows.length === criteria.pageSize ? rows : null;
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
    if (!othersSorted) {
      const named = nameGroupWhere(criteria, false);
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
    const page = rankedPageStatement(
      criteria,
      groups,
      (rank) => (rank === 2 ? othersSorted : !many),
      othersSorted ? 'matches' : undefined,
    );
    // The search index read once, for every group that needs it.
    const sharedMatches = othersSorted ? `WITH matches AS MATERIALIZED (${MATCHING_SEQS})` : '';
    return this.database.reads.all<CustomerRow>(
      `${sharedMatches} ${page.sql}`,
      othersSorted ? [ftsQuery(criteria.q ?? ''), ...page.params] : page.params,
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
 * How far a first look reads: 20 rows for each row up to the page's end finds a word in 5% of
 * the customers; one that stays unfilled costs ~3 µs a row read (1.5 ms for page 1).
 */
const FIRST_LOOK_ROWS_PER_ROW = 20;
/** First looks serve the first pages only: deeper, reading the search index once is cheaper. */
const FIRST_LOOK_PAGE_END = 100;
/** Sorts an index of active customers gives in order, id last (email is unique). */
const FIRST_LOOK_SORTS = new Set<CustomerSortField>([
  'dueDate',
  'name',
  'outstandingAmount',
  'email',
  'createdAt',
  'updatedAt',
]);

/**
 * Whether the read pool's sort positions can order this list: a search alone among active
 * customers, by relevance (its other matches in name order) or by one positioned field.
 */
function positioned(criteria: CustomerListCriteria, sort: CustomerSort[] | null): boolean {
  return (
    ftsQuery(criteria.q ?? '') !== null &&
    searchesAlone(criteria) &&
    (criteria.archived ?? 'exclude') === 'exclude' &&
    (sort === null || (sort.length === 1 && POSITIONED_SORTS.has(sort[0].field)))
  );
}

/**
 * The filters of a relevance group. An email that is `q`, or a name that starts with it, has
 * every word of `q` at the start of one of its words: those rows match the search, so the first
 * two groups leave the search index out (reading its matches cost 5-7 ms per statement for a
 * word in 5% of the names).
 */
function nameGroupWhere(
  criteria: CustomerListCriteria,
  filtersUseIndexes: boolean,
  rank = 1,
  matches?: string,
): { where: string; params: SQLInputValue[] } {
  return buildWhere(
    { ...criteria, q: rank < 2 ? undefined : criteria.q, sort: BY_NAME },
    { filtersUseIndexes, matches },
  );
}

/**
 * A ranked page from `groups` (see relevanceGroups): each read up to the end of the page in name
 * order, then merged on their sort keys alone; only the page's rows are read whole (a deep page
 * skipped a thousand whole rows before). `matches` names a table of the search's matches the
 * statement is given, read by the last group instead of the search index.
 */
function rankedPageStatement(
  criteria: CustomerListCriteria,
  groups: { sql: string; params: SQLInputValue[] }[],
  filtersUseIndexes: (rank: number) => boolean,
  matches: string | undefined,
): { sql: string; params: SQLInputValue[] } {
  const upToPageEnd = criteria.page * criteria.pageSize;
  const arms: string[] = [];
  const params: SQLInputValue[] = [];
  groups.forEach((group, rank) => {
    const { where, params: filterParams } = nameGroupWhere(
      criteria,
      filtersUseIndexes(rank),
      rank,
      matches,
    );
    // Given matches are read by seq and sorted: walking the name index in order could cross
    // all of it before the few matches of a deep page.
    const table = rank === 2 && matches !== undefined ? 'customers NOT INDEXED' : 'customers';
    arms.push(
      `SELECT * FROM (SELECT ${rank} AS relevance, seq, name_key, id FROM ${table}
       WHERE ${group.sql} AND ${where} ORDER BY name_key, id LIMIT ?)`,
    );
    params.push(...group.params, ...filterParams, upToPageEnd);
  });
  return {
    sql: `SELECT customers.* FROM (${arms.join(' UNION ALL ')}
            ORDER BY relevance, name_key, id LIMIT ? OFFSET ?) AS page
          JOIN customers ON customers.seq = page.seq
          ORDER BY page.relevance, page.name_key, page.id`,
    params: [...params, criteria.pageSize, (criteria.page - 1) * criteria.pageSize],
  };
}

/** The list contract's total for a count made up to LIST_TOTAL_EXACT_UP_TO + 1. */
function listTotal(counted: number): { total: number; totalRelation: TotalRelation } {
  return counted > LIST_TOTAL_EXACT_UP_TO
    ? { total: LIST_TOTAL_EXACT_UP_TO, totalRelation: 'gte' }
    : { total: counted, totalRelation: 'eq' };
}
