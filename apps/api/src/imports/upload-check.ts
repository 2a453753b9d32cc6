import type { ImportTotals } from '@collection-desk/contracts';

import { normalizeEmail } from '../customers/customer-search.js';
import type { StoredImportRow } from './import.repository.js';
import { type CheckedRow, checkRow, type RowCheckContext } from './import-row-validation.js';
import type { SheetRow } from './spreadsheet/spreadsheet-worker.js';

/**
 * Checks an upload's rows slice by slice, in sheet order, as they are read (on the reader's
 * thread). Keeps only what spans slices: the row each email was first seen on, since a repeat
 * is an error.
 */
export class RowChecker {
  private readonly firstRowOf = new Map<string, number>();
  /** Rows whose email an earlier row of the file already has. */
  duplicates = 0;

  constructor(private readonly context: RowCheckContext) {}

  /** Checks rows by the customers API's rules; a repeated email is an error after its first. */
  check(rows: readonly SheetRow[]): CheckedRow[] {
    return rows.map((sheetRow) => {
      const row = checkRow(sheetRow, this.context);
      const email = row.customer?.email ?? row.values.email;
      if (!email) return row;
      const key = normalizeEmail(email);
      const first = this.firstRowOf.get(key);
      if (first === undefined) {
        this.firstRowOf.set(key, row.row);
        return row;
      }
      this.duplicates += 1;
      return {
        ...row,
        errors: [
          ...row.errors,
          { column: 'email', message: `is already on row ${first} of this file` },
        ],
        customer: null,
        warnings: [],
      };
    });
  }
}

/** An upload's totals (but for duplicates, which the checker counts), as its rows are stored. */
export class UploadTotals {
  readonly totals: Omit<ImportTotals, 'duplicatesInFile'> = {
    rows: 0,
    valid: 0,
    invalid: 0,
    toCreate: 0,
    toUpdate: 0,
    withWarnings: 0,
  };

  /**
   * The rows as stored until the commit: a valid row creates, or updates the customer whose
   * email is among `existingEmails` (normalized). Counts them.
   */
  toStore(rows: readonly CheckedRow[], existingEmails: ReadonlySet<string>): StoredImportRow[] {
    return rows.map((row) => {
      const action = row.customer
        ? existingEmails.has(normalizeEmail(row.customer.email))
          ? 'update'
          : 'create'
        : null;
      this.count(row, action);
      return {
        row: row.row,
        values: row.values,
        errors: row.errors,
        warnings: row.warnings,
        customer: row.customer,
        action,
      };
    });
  }

  private count(row: CheckedRow, action: StoredImportRow['action']): void {
    const totals = this.totals;
    totals.rows += 1;
    if (row.errors.length > 0) totals.invalid += 1;
    else totals.valid += 1;
    if (action === 'create') totals.toCreate += 1;
    if (action === 'update') totals.toUpdate += 1;
    if (row.errors.length === 0 && row.warnings.length > 0) totals.withWarnings += 1;
  }
}
