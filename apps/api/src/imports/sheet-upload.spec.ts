import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import type { CheckedRow } from './import-row-validation.js';
import type { RowCheckerThread } from './row-checker-thread.js';
import { SheetUpload } from './sheet-upload.js';
import { packRows, unpackRows } from './spreadsheet/packed-rows.js';
import type { PackedRows } from './spreadsheet/spreadsheet-worker.js';

/** A checker that passes rows through at once (the thread itself is tested on its own). */
const passThroughChecker = {
  check: (rows: PackedRows) =>
    Promise.resolve({
      rows: unpackRows(rows).map((row) => ({
        row: row.row,
        values: {},
        customer: null,
        errors: [],
        warnings: [],
      })),
      duplicates: 0,
    }),
  close: () => Promise.resolve(),
} as unknown as RowCheckerThread;

const slice = (row: number): PackedRows => packRows([{ row, cells: [] }]);

describe('SheetUpload', () => {
  it('stores slices in order, and nothing once abandoned, also a slice already handed over', async () => {
    const stored: number[] = [];
    const upload = new SheetUpload(
      { matched: [], unknown: [], missing: [] },
      passThroughChecker,
      async (rows: CheckedRow[]) => {
        await sleep(20);
        stored.push(...rows.map((row) => row.row));
      },
    );

    await upload.add(slice(2));
    // Slice 3 waits for slice 2 to be stored while the upload is abandoned.
    const third = upload.add(slice(3));
    await upload.abandon();
    await third;
    await sleep(60);

    expect(stored).toEqual([2]);
  });
});
