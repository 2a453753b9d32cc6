import type { Customer, ImportMode } from '@collection-desk/contracts';

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

export interface CustomerImportRequest {
  /** `key` is stable for a row of an import: ids derive from it, so a retry writes the same ids. */
  rows: readonly { key: string; customer: ImportedCustomer }[];
  mode: ImportMode;
  actorId: string;
  /** Kept with each adjustment of an existing balance. */
  reason: string;
}

export interface CustomerImportOutcome {
  created: Customer[];
  updated: Customer[];
  /** Existing customers in create-only mode, and rows that would change nothing. */
  skipped: number;
  /** Rows the rules refuse now, each with why. */
  failed: { key: string; message: string }[];
}
