import type { ImportMode } from '@collection-desk/contracts';

/**
 * A customer as an import delivers it, already through the customers API's validator. A field
 * left `undefined` was not given: a new customer gets nothing there, an existing one keeps it.
 */
export interface ImportedCustomer {
  name: string;
  email: string;
  phone?: string;
  address?: string;
  outstandingAmount: number;
  currency: string;
  dueDate: string;
  notes?: string;
  assigneeId?: string;
}

/** An import's row: `key` is stable for a row of an import, ids derive from it (retries match). */
export interface CustomerImportRow {
  key: string;
  customer: ImportedCustomer;
}

export interface CustomerImportRequest {
  /** The rows, a batch at a time as they are read back: an import is never held whole. */
  batches: AsyncIterable<readonly CustomerImportRow[]> | Iterable<readonly CustomerImportRow[]>;
  mode: ImportMode;
  actorId: string;
  /** Kept with each adjustment of an existing balance. */
  reason: string;
}

export interface CustomerImportOutcome {
  created: number;
  updated: number;
  /** Existing customers in create-only mode, and rows that would change nothing. */
  skipped: number;
  /** Rows the rules refuse now, each with why. */
  failed: { key: string; message: string }[];
}
