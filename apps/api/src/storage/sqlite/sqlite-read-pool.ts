import { availableParallelism } from 'node:os';
import type { SQLInputValue } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

import { siblingWorker } from '../../common/workers/worker-url.js';
import { workerLimits } from '../../common/workers/worker-limits.js';
import type { ReadAnswer, ReadQuery, ReadRequest } from './read-pool.worker.js';

const WORKER_URL = siblingWorker('read-pool.worker', import.meta.url);

type PositionsQuery = Omit<ReadQuery & { method: 'byPositions' }, 'method'>;
interface PositionsPage<T> {
  rows: T[];
  total: number;
}

/** Two readers at least (one slow query must not queue every other), at most four. */
export const READ_POOL_SIZE = Math.max(2, Math.min(4, availableParallelism()));

interface Reader {
  worker: Worker;
  pending: Map<number, { resolve: (rows: unknown) => void; reject: (error: Error) => void }>;
}

/**
 * Read-only connections in worker threads, each with its own snapshot per query (WAL lets them
 * read beside the one writer). A query goes to the reader with the fewest in flight. Errors
 * come back with SQLite's codes, so the caller maps them as it maps its own.
 */
export class SqliteReadPool {
  private readonly readers: Reader[] = [];
  private nextId = 0;

  constructor(
    private readonly path: string,
    /** Turns a SQLite error into what the adapters throw (an outage into a 503). */
    private readonly mapError: (error: unknown) => unknown = (error) => error,
    private readonly size = READ_POOL_SIZE,
  ) {}

  all<T>(sql: string, params: SQLInputValue[] | Record<string, SQLInputValue> = []): Promise<T[]> {
    return this.send([{ method: 'all', sql, params }]) as Promise<T[]>;
  }

  get<T>(
    sql: string,
    params: SQLInputValue[] | Record<string, SQLInputValue> = [],
  ): Promise<T | undefined> {
    return this.send([{ method: 'get', sql, params }]) as Promise<T | undefined>;
  }

  /**
   * The rows of `sql`, in its order, that match the search `q`: `skip` of them passed over, at
   * most `take` returned. The reader stops reading once it has them, or once they turn up at
   * less than half of one in `rowsPerMatch` (then none).
   */
  firstMatching<T>(
    sql: string,
    params: SQLInputValue[],
    search: { q: string; skip: number; take: number; rowsPerMatch: number },
  ): Promise<T[]> {
    return this.send([{ method: 'firstMatching', sql, params, ...search }]) as Promise<T[]>;
  }

  /** A search's page in a sort order, found by positions (see ReadQuery 'byPositions'). */
  byPositions<T>(query: PositionsQuery & { countFirst?: never }): Promise<PositionsPage<T>>;
  byPositions<T>(query: PositionsQuery): Promise<PositionsPage<T> | { counted: number }>;
  byPositions<T>(query: PositionsQuery): Promise<PositionsPage<T> | { counted: number }> {
    return this.send([{ method: 'byPositions', ...query }]) as Promise<
      PositionsPage<T> | { counted: number }
    >;
  }

  /** Several queries answered from one snapshot, in order: figures that must agree. */
  snapshot(queries: ReadQuery[]): Promise<unknown[]> {
    return this.send(queries) as Promise<unknown[]>;
  }

  async close(): Promise<void> {
    const readers = this.readers.splice(0);
    await Promise.all(readers.map((reader) => reader.worker.terminate()));
  }

  private send(queries: ReadQuery[]): Promise<unknown> {
    const reader = this.leastBusy();
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      // A reader with work in flight keeps the process alive; an idle one does not.
      if (reader.pending.size === 0) reader.worker.ref();
      reader.pending.set(id, { resolve, reject });
      reader.worker.postMessage({ id, queries } satisfies ReadRequest);
    });
  }

  private leastBusy(): Reader {
    if (this.readers.length < this.size) {
      const idle = this.readers.find((reader) => reader.pending.size === 0);
      if (idle) return idle;
      return this.start();
    }
    return this.readers.reduce((best, reader) =>
      reader.pending.size < best.pending.size ? reader : best,
    );
  }

  private start(): Reader {
    const worker = new Worker(WORKER_URL, {
      workerData: { path: this.path },
      resourceLimits: workerLimits(),
    });
    // Idle readers never keep the process alive.
    worker.unref();
    const reader: Reader = { worker, pending: new Map() };
    worker.on('message', (answer: ReadAnswer) => {
      const waiting = reader.pending.get(answer.id);
      if (!waiting) return;
      reader.pending.delete(answer.id);
      if (reader.pending.size === 0) worker.unref();
      if ('error' in answer) {
        waiting.reject(
          this.mapError(Object.assign(new Error(answer.error.message), answer.error)) as Error,
        );
      } else waiting.resolve(answer.rows);
    });
    const fail = (error: Error) => {
      for (const waiting of reader.pending.values()) waiting.reject(this.mapError(error) as Error);
      reader.pending.clear();
      const index = this.readers.indexOf(reader);
      if (index >= 0) this.readers.splice(index, 1);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`A database reader stopped with code ${code}.`)));
    this.readers.push(reader);
    return reader;
  }
}
