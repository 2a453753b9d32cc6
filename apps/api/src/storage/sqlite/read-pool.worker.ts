/**
 * One read-only connection to the database file, in a worker thread: list, count and aggregate
 * queries run here so that a slow one never holds the API's event loop. Node loads this file
 * from TypeScript source under the test runner, so it keeps to erasable syntax.
 */
import { register } from 'node:module';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

import type { Searchable } from '@collection-desk/contracts';

export type ReadQuery =
  | {
      method: 'all' | 'get';
      sql: string;
      params: SQLInputValue[] | Record<string, SQLInputValue>;
    }
  | {
      /**
       * The customers among the statement's rows, in its order, that match the search `q`
       * (`skip` of them passed over, at most `take` kept): reading stops once enough are found,
       * and gives up (none) when matches turn up at less than half of one in `rowsPerMatch`.
       */
      method: 'firstMatching';
      sql: string;
      params: SQLInputValue[];
      q: string;
      skip: number;
      take: number;
      rowsPerMatch: number;
    }
  | {
      /**
       * A search's page in a sort order, its matches picked by their positions in the order
       * (see customer-sort-positions.ts) instead of their rows. `ordering` lists the seq of every
       * customer the order holds, first to last. The matches of the search `q` come from the
       * search index (whole words where search_words allows, see search-words.ts) or from the
       * thread's common terms (see search-term-matches.ts).
       * `sql` reads the page, its first parameter a JSON array of seqs: the `take` first
       * unchanged matches and every match written since the positions were read. `counting`
       * counts the customers the order holds among such an array. Answers { rows, total }.
       * `countFirst`, when given, is counted first: past its `atMost` the answer is `{ counted }`
       * and nothing else is read.
       */
      method: 'byPositions';
      ordering: string;
      descending: boolean;
      q: string;
      take: number;
      sql: string;
      params: SQLInputValue[];
      counting: string;
      countFirst?: { sql: string; params: SQLInputValue[]; atMost: number };
    };

if (import.meta.url.endsWith('.ts')) {
  register('../../common/workers/typescript-hooks.mjs', import.meta.url);
}
// What a search means, shared with the admin app's live updates.
const { searchMatcher } = await import('../../customers/customer-search.js');
const { CustomerSortPositions } = await import('./customer-sort-positions.js');
const { SearchTermMatches } = await import('./search-term-matches.js');
const { isSoleWord, WORDS_STARTING_WITH } = await import('./search-words.js');
const { ftsTerms } = await import('./sqlite-customer-queries.js');

/** One query, or several read from one snapshot (a read transaction). */
export interface ReadRequest {
  id: number;
  queries: ReadQuery[];
}

export type ReadAnswer =
  | { id: number; rows: unknown }
  | { id: number; error: { message: string; code?: string; errcode?: number } };

const STATEMENT_CACHE_SIZE = 256;
const connection = new DatabaseSync((workerData as { path: string }).path, { readOnly: true });
connection.exec('PRAGMA busy_timeout = 5000;');
const statements = new Map<string, StatementSync>();
const sortPositions = new CustomerSortPositions(statementFor);
const termMatches = new SearchTermMatches(statementFor);

function statementFor(sql: string): StatementSync {
  let statement = statements.get(sql);
  if (statement) {
    statements.delete(sql);
  } else {
    statement = connection.prepare(sql);
    if (statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = statements.keys().next().value;
      if (oldest !== undefined) statements.delete(oldest);
    }
  }
  statements.set(sql, statement);
  return statement;
}

/** How often a first look checks that matches turn up at the rate it counts on. */
const FIRST_LOOK_PROBE_ROWS = 100;

function firstMatching(statement: StatementSync, query: ReadQuery & { method: 'firstMatching' }) {
  const matches = searchMatcher(query.q);
  const found: unknown[] = [];
  let skipped = 0;
  let read = 0;
  for (const row of statement.iterate(...query.params)) {
    read += 1;
    if (matches(row as unknown as Searchable)) {
      if (skipped < query.skip) skipped += 1;
      else if (found.push(row) === query.take) break;
    } else if (read % FIRST_LOOK_PROBE_ROWS === 0) {
      // Fewer than half the matches the rate promises: the rest of the rows would not do.
      if ((skipped + found.length) * query.rowsPerMatch * 2 < read) return [];
    }
  }
  return found;
}

/** Inside a read transaction: positions, changes, matches and rows are one snapshot. */
function byPositions(query: ReadQuery & { method: 'byPositions' }) {
  if (query.countFirst) {
    const { sql, params, atMost } = query.countFirst;
    const counted = (statementFor(sql).get(...params) as { total: number }).total;
    if (counted > atMost) return { counted };
  }
  const wordsStartingWith = statementFor(WORDS_STARTING_WITH);
  const terms = ftsTerms(query.q, (term) => isSoleWord(wordsStartingWith, term));
  const matches = termMatches.matching(terms);
  const { first, changed, unchangedInOrder } = sortPositions.firstMatches(
    query.ordering,
    matches,
    query.take,
    query.descending,
  );
  const changedInOrder =
    changed.length === 0
      ? 0
      : (statementFor(query.counting).get(JSON.stringify(changed)) as { total: number }).total;
  const rows = statementFor(query.sql).all(JSON.stringify([...first, ...changed]), ...query.params);
  return { rows, total: unchangedInOrder + changedInOrder };
}

function run(query: ReadQuery): unknown {
  if (query.method === 'byPositions') return byPositions(query);
  const { method, sql, params } = query;
  const statement = statementFor(sql);
  if (method === 'firstMatching') return firstMatching(statement, query);
  if (Array.isArray(params)) {
    return method === 'all' ? statement.all(...params) : statement.get(...params);
  }
  return method === 'all' ? statement.all(params) : statement.get(params);
}

function runAll(queries: ReadQuery[]): unknown {
  const [only, ...more] = queries;
  // byPositions reads several statements, which must see one snapshot.
  if (more.length === 0 && only.method !== 'byPositions') return run(only);
  connection.exec('BEGIN');
  try {
    return more.length === 0 ? run(only) : queries.map(run);
  } finally {
    // SQLite may have ended the transaction itself after a failure, whose error counts.
    if (connection.isTransaction) connection.exec('COMMIT');
  }
}

parentPort?.on('message', (request: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    answer = { id: request.id, rows: runAll(request.queries) };
  } catch (error) {
    const { message, code, errcode } = error as {
      message: string;
      code?: string;
      errcode?: number;
    };
    answer = { id: request.id, error: { message, code, errcode } };
  }
  parentPort?.postMessage(answer);
});
