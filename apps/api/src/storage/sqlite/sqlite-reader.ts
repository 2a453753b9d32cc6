import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

import { StorageUnavailableError } from '../../common/errors/domain-error.js';

/** SQLite primary result codes that mean "storage is unavailable", not "your request is wrong". */
const UNAVAILABLE_CODES = new Set([
  5, // SQLITE_BUSY: another connection held the lock past busy_timeout
  6, // SQLITE_LOCKED
  7, // SQLITE_NOMEM
  8, // SQLITE_READONLY (the file or folder lost its write permission)
  10, // SQLITE_IOERR
  11, // SQLITE_CORRUPT
  13, // SQLITE_FULL: the disk is full
  14, // SQLITE_CANTOPEN
  26, // SQLITE_NOTADB
]);

/** A storage outage as a domain error (503 with Retry-After); anything else unchanged. */
export function asStorageError(error: unknown): unknown {
  const { errcode, code } = (error ?? {}) as { errcode?: unknown; code?: unknown };
  const unavailable =
    (typeof errcode === 'number' && UNAVAILABLE_CODES.has(errcode & 0xff)) ||
    code === 'ERR_INVALID_STATE';
  return unavailable ? new StorageUnavailableError(`SQLite: ${(error as Error).message}`) : error;
}

/** A read-only connection to the same file (see SqliteDatabase.openReader). */
export class SqliteReader {
  private readonly connection: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string) {
    try {
      this.connection = new DatabaseSync(path, { readOnly: true });
      this.connection.exec('PRAGMA busy_timeout = 5000;');
    } catch (error) {
      throw asStorageError(error);
    }
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    try {
      let statement = this.statements.get(sql);
      if (!statement) {
        statement = this.connection.prepare(sql);
        this.statements.set(sql, statement);
      }
      return statement.all(...params) as T[];
    } catch (error) {
      throw asStorageError(error);
    }
  }

  exec(sql: string): void {
    try {
      this.connection.exec(sql);
    } catch (error) {
      throw asStorageError(error);
    }
  }

  close(): void {
    this.statements.clear();
    if (this.connection.isOpen) this.connection.close();
  }
}
