import type { CustomerChange, CustomerCreation } from '../../customers/customer.repository.js';
import { SqliteCustomerRows } from './sqlite-customer-rows.js';
import { SqliteDatabase } from './sqlite-database.js';

/**
 * An import's writes in one transaction: new customers with their charges, changes with their
 * adjustments. Ids already stored (an earlier attempt's) are left as they are.
 */
export function applyImport(
  database: SqliteDatabase,
  creates: readonly CustomerCreation[],
  updates: readonly CustomerChange[],
): void {
  const rows = new SqliteCustomerRows(database);
  database.transaction(() =>
    rows.batch(() => {
      for (const { customer, opening } of creates) {
        if (!rows.find(customer.id)) rows.insert(customer, opening);
      }
      for (const { next, expectedVersion, entry } of updates) {
        const stored = rows.find(next.id);
        if (stored?.version === next.version && stored.updatedAt === next.updatedAt) continue;
        rows.replace(next, expectedVersion, entry);
      }
    }),
  );
}

/** What the writer thread answers: done, or the failure to raise again in the API's thread. */
export type ImportWriteOutcome =
  | { type: 'done' }
  | { type: 'email-taken'; email: string }
  | { type: 'version-conflict'; customerId: string; expected: number; actual: number }
  | { type: 'not-found'; customerId: string }
  | { type: 'unavailable'; reason: string }
  | { type: 'failed'; message: string };

/** What the API's thread sends the writer: the rows in slices, then the order to write. */
export type ImportWriteMessage =
  | { type: 'creates'; items: readonly CustomerCreation[] }
  | { type: 'updates'; items: readonly CustomerChange[] }
  | { type: 'write' };

export interface ImportWriteRequest {
  path: string;
  creates: readonly CustomerCreation[];
  updates: readonly CustomerChange[];
}

/** Opens a connection of its own on the same file and writes the import through it. */
export function writeImportThroughOwnConnection(request: ImportWriteRequest): void {
  const database = SqliteDatabase.open(request.path);
  // Folding the log into the file is the API connection's background thread's job: this
  // commit would otherwise copy the whole import a second time before answering.
  database.exec('PRAGMA wal_autocheckpoint = 0');
  try {
    applyImport(database, request.creates, request.updates);
  } finally {
    database.close();
  }
}
