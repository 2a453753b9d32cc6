import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DatabaseSync,
  type SQLInputValue,
  type StatementResultingChanges,
  type StatementSync,
} from 'node:sqlite';

import { Logger, type OnApplicationShutdown } from '@nestjs/common';

import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import { runMigrations } from './migrations.js';
import { asStorageError, SqliteReader } from './sqlite-reader.js';
import { SqliteReadPool } from './sqlite-read-pool.js';
import { SqliteWalCheckpointer } from './sqlite-wal-checkpointer.js';

export const DATABASE_FILE_NAME = 'collection-desk.db';
/** How long a write waits for another connection's write lock. */
const BUSY_TIMEOUT_MS = 5000;
/** The same while an import's writer thread holds the lock for seconds. */
const SHORT_BUSY_TIMEOUT_MS = 200;
/** SQLite's own threshold (pages in the log) for the commit that checkpoints. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/**
 * The same while a background thread checkpoints (~100 MiB of log). A PASSIVE checkpoint never
 * rewinds the log, and under back-to-back commits it never catches up in time for the next write
 * to rewind it: without this backstop the log would grow for as long as the writes last. By the
 * time a commit here crosses it, the background thread has copied most of those pages. At 10,000
 * pages a scan's commits crossed it every ~80 ms and each such commit held the API for ~100 ms.
 */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 25_000;
/**
 * Pages the API's connection keeps in memory (KiB), against SQLite's default 2 MiB: a write first
 * reads the row and index pages it changes, and at a million customers the default kept almost
 * none of them between one statement and the next. Lists and exports read on the read pool's
 * connections, so this cache serves writes only; it is all malloc'd on the API's thread.
 */
export const API_PAGE_CACHE_KIB = 16 * 1024;
/**
 * A bulk writer (an import) keeps more. A 100,000-row commit took 7.1–7.3 s at 48 MiB, 6.8–7.3 s
 * at 64 and 7.5–8.2 s at 32 (13 s with SQLite's 2); the import's peak RSS was 457 MB at 48 and
 * 470–492 MB at 64, against a 500 MB budget.
 */
export const BULK_WRITE_PAGE_CACHE_KIB = 48 * 1024;

export interface OpenOptions {
  /** Page cache of this connection in KiB. */
  pageCacheKib?: number;
}
/**
 * A log that grew during a large write is cut back to this size once rewound: above the backstop
 * (~100 MiB), so that a scan's log is not cut back and grown again at each rewind.
 */
const WAL_SIZE_LIMIT_BYTES = 128 * 1024 * 1024;

/**
 * Compiled statements kept per connection. Lists build their SQL from the filters and sorts
 * asked for, so the distinct texts are unbounded: the least recently used ones are dropped.
 */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The one connection to the embedded database. `node:sqlite` is synchronous, so every call
 * blocks the event loop: keep statements small and indexed, and move bulk work to a worker.
 */
export class SqliteDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(SqliteDatabase.name);
  private readonly statements = new Map<string, StatementSync>();
  /** Writer threads holding, or waiting for, the write lock on connections of their own. */
  private writersElsewhere = 0;
  private readPool: SqliteReadPool | undefined;
  private checkpointer: SqliteWalCheckpointer | undefined;
  private shuttingDown = false;
  private readonly rollbackListeners: (() => void)[] = [];
  /** The threads the last close() stopped, until they have. */
  private threadsStopping: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly connection: DatabaseSync,
  ) {}

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static open(path: string, options: OpenOptions = {}): SqliteDatabase {
    const pageCacheKib = options.pageCacheKib ?? API_PAGE_CACHE_KIB;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Owner-only from the first byte; SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    const connection = new DatabaseSync(path, { enableForeignKeyConstraints: true });
    connection.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES};
      PRAGMA cache_size = -${pageCacheKib};
      PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
      PRAGMA foreign_keys = ON;
    `);
    const database = new SqliteDatabase(path, connection);
    const applied = runMigrations(database);
    // Fresh planner statistics after a schema change (new indexes), else only where stale; the
    // limit keeps either to milliseconds on a million rows.
    connection.exec(
      `PRAGMA analysis_limit = 1000; ${applied > 0 ? 'ANALYZE' : 'PRAGMA optimize = 0x10002'};`,
    );
    return database;
  }

  /** A prepared statement, compiled once per distinct SQL text while it stays in use. */
  statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql); // re-inserted below: a Map iterates oldest first
    } else {
      statement = this.guard(() => this.connection.prepare(sql));
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }

  get cachedStatements(): number {
    return this.statements.size;
  }

  run(sql: string, ...params: SQLInputValue[]): StatementResultingChanges {
    return this.guard(() => this.statement(sql).run(...params));
  }

  /** With named parameters (`:name`), for statements that use one value in several places. */
  allNamed<T>(sql: string, params: Record<string, SQLInputValue>): T[] {
    return this.guard(() => this.statement(sql).all(params) as T[]);
  }

  getNamed<T>(sql: string, params: Record<string, SQLInputValue>): T | undefined {
    return this.guard(() => this.statement(sql).get(params) as T | undefined);
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.guard(() => this.statement(sql).get(...params) as T | undefined);
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.guard(() => this.statement(sql).all(...params) as T[]);
  }

  exec(sql: string): void {
    this.guard(() => this.connection.exec(sql));
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw asStorageError(error);
    }
  }

  /** Runs `work` atomically: everything it wrote is kept, or nothing is. Nested calls join the outer one. */
  transaction<T>(work: () => T): T {
    if (this.connection.isOpen && this.connection.isTransaction) return work();
    this.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.connection.isOpen && this.connection.isTransaction) this.connection.exec('ROLLBACK');
      for (const listener of this.rollbackListeners) listener();
      throw error;
    }
  }

  /** Calls `listener` whenever a transaction() fails: none of its writes were kept. */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /**
   * While another connection holds the write lock for long (an import's writer thread), a
   * write here waits briefly and then fails as unavailable (503, retry) rather than blocking
   * the event loop for the whole busy timeout.
   */
  async whileWritingElsewhere<T>(work: () => Promise<T>): Promise<T> {
    if (this.writersElsewhere++ === 0) this.exec(`PRAGMA busy_timeout = ${SHORT_BUSY_TIMEOUT_MS}`);
    try {
      return await work();
    } finally {
      if (--this.writersElsewhere === 0 && this.connection.isOpen) {
        this.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
    }
  }

  /**
   * A read-only connection of its own, for a long read (an export) that must see one snapshot:
   * in WAL mode its read transaction never blocks the writer. The caller closes it.
   */
  openReader(): SqliteReader {
    return this.guard(() => new SqliteReader(this.path));
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  /**
   * Read-only connections in worker threads, for queries that may take long (lists, counts,
   * aggregates): they run beside the API's event loop instead of on it. Started on first use.
   */
  get reads(): SqliteReadPool {
    // A reader started while shutting down would outlive the pool's closing (and keep the log).
    if (this.shuttingDown) throw new StorageUnavailableError('SQLite: shutting down');
    this.readPool ??= new SqliteReadPool(this.path, asStorageError);
    return this.readPool;
  }

  /**
   * Checkpoints on a worker thread instead of inside this connection's commits (see
   * wal-checkpointer.worker), which only step in past a backstop; should that thread fail,
   * commits here checkpoint as SQLite does by default.
   */
  checkpointInBackground(): void {
    if (this.checkpointer) return;
    this.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    this.checkpointer = new SqliteWalCheckpointer(this.path, () => {
      this.checkpointer = undefined;
      if (this.connection.isOpen) {
        this.exec(`PRAGMA wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      }
    });
  }

  close(): void {
    if (!this.connection.isOpen) return;
    this.threadsStopping = this.stopThreads();
    this.statements.clear();
    this.connection.close();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    // The other connections close first, so that closing here (the last one) empties the log.
    await this.stopThreads();
    this.close();
    // Threads an earlier close() let go of may still hold the file open.
    await this.threadsStopping;
    this.logger.log({ path: this.path }, 'Database closed');
  }

  /** Stops the checkpointer and the read pool's threads; resolves once they have stopped. */
  private stopThreads(): Promise<unknown> {
    const stopped = Promise.all([this.checkpointer?.stop(), this.readPool?.close()]);
    this.checkpointer = undefined;
    this.readPool = undefined;
    return stopped;
  }
}
