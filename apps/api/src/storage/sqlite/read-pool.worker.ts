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
       * (`skip` of them passed over, at most `take` kept): reading stops once enough are found.
       */
      method: 'firstMatching';
      sql: string;
      params: SQLInputValue[];
      q: string;
      skip: number;
      take: number;
    };

if (import.meta.url.endsWith('.ts')) {
  register('../../common/workers/typescript-hooks.mjs', import.meta.url);
}
// What a search means, shared with the admin app's live updates.
const { searchMatcher } = await import('../../customers/customer-search.js');

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

function firstMatching(statement: StatementSync, query: ReadQuery & { method: 'firstMatching' }) {
  const matches = searchMatcher(query.q);
  const found: unknown[] = [];
  let skipped = 0;
  for (const row of statement.iterate(...query.params)) {
    if (!matches(row as unknown as Searchable)) continue;
    if (skipped < query.skip) skipped += 1;
    else if (found.push(row) === query.take) break;
  }
  return found;
}

function run(query: ReadQuery): unknown {
  const { method, sql, params } = query;
  const statement = statementFor(sql);
  if (method === 'firstMatching') return firstMatching(statement, query);
  if (Array.isArray(params)) {
    return method === 'all' ? statement.all(...params) : statement.get(...params);
  }
  return method === 'all' ? statement.all(params) : statement.get(params);
}

function runAll(queries: ReadQuery[]): unknown {
  if (queries.length === 1) return run(queries[0]);
  connection.exec('BEGIN');
  try {
    return queries.map(run);
  } finally {
    connection.exec('COMMIT');
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
