import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import type { CustomerImportBatch } from '../../customers/customer.repository.js';
import { SqliteCustomerRows } from './sqlite-customer-rows.js';
import { BULK_WRITE_PAGE_CACHE_KIB, SqliteDatabase } from './sqlite-database.js';

/** What the writer thread answers: done, or the failure to raise again in the API's thread. */
export type ImportWriteOutcome =
  | { type: 'done' }
  | { type: 'email-taken'; email: string }
  | { type: 'version-conflict'; customerId: string; expected: number; actual: number }
  | { type: 'not-found'; customerId: string }
  | { type: 'unavailable'; reason: string }
  | { type: 'failed'; message: string };

/**
 * What the API's thread sends the writer, one message at a time, each answered: the batches as
 * they are prepared, then the order to commit, or to abandon when the batches stopped with an
 * error.
 */
export type ImportWriteMessage =
  ({ type: 'batch' } & CustomerImportBatch) | { type: 'write' } | { type: 'abandon' };

/** The answer to a batch: whether the writer still writes (false after the first failure). */
export interface BatchApplied {
  type: 'applied';
  ok: boolean;
}

/** One import's writes for the writer thread at `path`. */
export interface ImportWriteRequest {
  path: string;
  batches: AsyncIterable<CustomerImportBatch> | Iterable<CustomerImportBatch>;
}

/**
 * One import's writes in one transaction on a connection of its own, applied batch by batch as
 * the batches arrive, so the writer never holds the whole import in memory: in each batch new
 * customers with their charges, then changes with their adjustments. Ids already stored (an
 * earlier attempt's) are left as they are. The first failure rolls everything back; later
 * batches are ignored and `commit` reports it.
 */
export class ImportWrite {
  private database: SqliteDatabase | null = null;
  private rows: SqliteCustomerRows | null = null;
  private failure: ImportWriteOutcome | null = null;

  constructor(path: string) {
    this.attempt(() => {
      const database = SqliteDatabase.open(path, { pageCacheKib: BULK_WRITE_PAGE_CACHE_KIB });
      this.database = database;
      this.rows = new SqliteCustomerRows(database);
      // Not inside the commit: the checkpoint below runs once the import is safe in the log.
      database.exec('PRAGMA wal_autocheckpoint = 0');
      database.exec('BEGIN IMMEDIATE');
    });
  }

  /** Writes one batch; false once anything failed (this batch or an earlier one). */
  apply(batch: CustomerImportBatch): boolean {
    this.attempt(() => {
      const rows = this.rows!;
      rows.batch(() => {
        for (const { customer, opening } of batch.creates) {
          if (!rows.find(customer.id)) rows.insert(customer, opening);
        }
        for (const { next, expectedVersion, entry } of batch.updates) {
          const stored = rows.find(next.id);
          if (stored?.version === next.version && stored.updatedAt === next.updatedAt) continue;
          rows.replace(next, expectedVersion, entry);
        }
      });
    });
    return this.failure === null;
  }

  /** Rolls everything back and closes the connection: the batches stopped with an error. */
  abandon(): void {
    if (!this.failure) {
      try {
        this.database?.exec('ROLLBACK');
      } catch {
        // Never begun.
      }
    }
    this.database?.close();
  }

  /** Commits (unless a batch failed) and closes the connection. */
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
