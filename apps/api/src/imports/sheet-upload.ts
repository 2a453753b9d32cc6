import type { ImportColumns, ImportTotals } from '@collection-desk/contracts';

import type { CheckedRow } from './import-row-validation.js';
import type { RowCheckerThread } from './row-checker-thread.js';
import type { PackedRows } from './spreadsheet/spreadsheet-worker.js';
import { UploadTotals } from './upload-check.js';

/**
 * One sheet of an upload as it is read: each slice of rows is checked on the checker's thread
 * while the slice before it is stored, so reading, checking and storing overlap and the API's
 * thread only stores.
 */
export class SheetUpload {
  private readonly counted = new UploadTotals();
  private duplicates = 0;
  private storing: Promise<void> = Promise.resolve();
  /** Set by `abandon`: no slice is stored any more. */
  private closed = false;

  constructor(
    readonly columns: ImportColumns,
    private readonly checker: RowCheckerThread,
    private readonly store: (rows: CheckedRow[], totals: UploadTotals) => Promise<void>,
  ) {}

  /** Hands a slice over; returns once the slice before it is stored. */
  async add(rows: PackedRows): Promise<void> {
    if (this.closed) return;
    const checked = this.checker.check(rows);
    await this.storing;
    if (this.closed) return;
    this.storing = checked.then(async (slice) => {
      if (this.closed) return;
      this.duplicates = slice.duplicates;
      await this.store(slice.rows, this.counted);
    });
    // A failure is raised by the next `add` or by `finish`.
    this.storing.catch(() => undefined);
  }

  /** Once every slice is stored: the sheet's totals. */
  async finish(): Promise<ImportTotals> {
    await this.storing;
    await this.checker.close();
    return { ...this.counted.totals, duplicatesInFile: this.duplicates };
  }

  /** Stops checking; returns once no store is running any more (nothing lands afterwards). */
  async abandon(): Promise<void> {
    this.closed = true;
    let running: Promise<void>;
    do {
      running = this.storing;
      await running.catch(() => undefined);
    } while (running !== this.storing);
    await this.checker.close();
  }
}
