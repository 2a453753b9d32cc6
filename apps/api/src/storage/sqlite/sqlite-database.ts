import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

import { Logger, type OnApplicationShutdown } from '@nestjs/common';

import { runMigrations } from './migrations.js';

export const DATABASE_FILE_NAME = 'collection-desk.db';

/**
 * The one connection to the embedded database. `node:sqlite` is synchronous, so every call
 * blocks the event loop: keep statements small and indexed, and move bulk work to a worker.
 */
export class SqliteDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(SqliteDatabase.name);
  private readonly statements = new Map<string, StatementSync>();

  private constructor(
    readonly path: string,
    private readonly connection: DatabaseSync,
  ) {}

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static open(path: string): SqliteDatabase {
    mkdirSync(dirname(path), { recursive: true });
    const connection = new DatabaseSync(path, { enableForeignKeyConstraints: true });
    connection.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
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

  /** A prepared statement, compiled once per distinct SQL text. */
  statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, ...params: SQLInputValue[]): { changes: number | bigint } {
    return this.statement(sql).run(...params);
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  exec(sql: string): void {
    this.connection.exec(sql);
  }

  /** Runs `work` atomically: everything it wrote is kept, or nothing is. Nested calls join the outer one. */
  transaction<T>(work: () => T): T {
    if (this.connection.isTransaction) return work();
    this.connection.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.connection.exec('COMMIT');
      return result;
    } catch (error) {
      this.connection.exec('ROLLBACK');
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  close(): void {
    if (!this.connection.isOpen) return;
    this.statements.clear();
    this.connection.close();
  }

  onApplicationShutdown(): void {
    this.close();
    this.logger.log({ path: this.path }, 'Database closed');
  }
}
