import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import type { CustomerChange, CustomerCreation } from '../../customers/customer.repository.js';
import { SqliteCustomerRows } from './sqlite-customer-rows.js';
import { SqliteDatabase } from './sqlite-database.js';

/** What the writer thread answers: done, or the failure to raise again in the API's thread. */
export type ImportWriteOutcome =
  | { type: 'done' }
  | { type: 'email-taken'; email: string }
  | { type: 'version-conflict'; customerId: string; expected: number; actual: number }
  | { type: 'not-found'; customerId: string }
  | { type: 'unavailable'; reason: string }
  | { type: 'failed'; message: string };

/** What the API's thread sends the writer: the rows in slices, then the order to commit. */
export type ImportWriteMessage =
  | { type: 'creates'; items: readonly CustomerCreation[] }
  | { type: 'updates'; items: readonly CustomerChange[] }
  | { type: 'write' };

/** One import's rows for the writer thread at `path`. */
export interface ImportWriteRequest {
  path: string;
  creates: readonly CustomerCreation[];
  updates: readonly CustomerChange[];
}

/**
 * One import's writes in one transaction on a connection of its own, applied slice by slice as
 * the slices arrive, so the writer never holds the whole import in memory: new customers with
 * their charges, then changes with their adjustments. Ids already stored (an earlier attempt's)
 * are left as they are. The first failure rolls everything back; later slices are ignored and
 * `commit` reports it.
 */
export class ImportWrite {
  private database: SqliteDatabase | null = null;
  private rows: SqliteCustomerRows | null = null;
  private failure: ImportWriteOutcome | null = null;

  constructor(path: string) {
    this.attempt(() => {
      const database = SqliteDatabase.open(path);
      this.database = database;
      this.rows = new SqliteCustomerRows(database);
      // Not inside the commit: the checkpoint below runs once the import is safe in the log.
      database.exec('PRAGMA wal_autocheckpoint = 0');
      database.exec('BEGIN IMMEDIATE');
    });
  }

  apply(message: Exclude<ImportWriteMessage, { type: 'write' }>): void {
    this.attempt(() => {
      const rows = this.rows!;
      rows.batch(() => {
        if (message.type === 'creates') {
          for (const { customer, opening } of message.items) {
            if (!rows.find(customer.id)) rows.insert(customer, opening);
          }
        } else {
          for (const { next, expectedVersion, entry } of message.items) {
            const stored = rows.find(next.id);
            if (stored?.version === next.version && stored.updatedAt === next.updatedAt) continue;
            rows.replace(next, expectedVersion, entry);
          }
        }
      });
    });
  }

  /** Commits (unless a slice failed) and closes the connection. */
  commit(): ImportWriteOutcome {
    this.attempt(() => this.database!.exec('COMMIT'));
    if (!this.failure) {
      // The import's pages are copied into the file here, on this thread: left in the log,
      // they would be copied by the API connection's next commit, on the API's thread (its
      // backstop checkpoint), stalling every request for a third of a second.
      try {
        this.database!.exec('PRAGMA wal_checkpoint(PASSIVE)');
      } catch {
        // Committed all the same; the background checkpoints copy them later.
      }
    }
    this.database?.close();
    return this.failure ?? { type: 'done' };
  }

  private attempt(step: () => void): void {
    if (this.failure) return;
    try {
      step();
    } catch (error) {
      this.failure = outcomeOf(error);
      try {
        this.database?.exec('ROLLBACK');
      } catch {
        // Already rolled back by SQLite itself (a full disk), or never begun.
      }
    }
  }
}

function outcomeOf(error: unknown): ImportWriteOutcome {
  if (error instanceof CustomerEmailTakenError) return { type: 'email-taken', email: error.email };
  if (error instanceof CustomerVersionConflictError) {
    return {
      type: 'version-conflict',
      customerId: error.customerId,
      expected: error.expectedVersion,
      actual: error.currentVersion,
    };
  }
  if (error instanceof CustomerNotFoundError) {
    return { type: 'not-found', customerId: error.customerId };
  }
  if (error instanceof StorageUnavailableError) {
    return { type: 'unavailable', reason: error.reason };
  }
  return { type: 'failed', message: error instanceof Error ? error.message : String(error) };
}
