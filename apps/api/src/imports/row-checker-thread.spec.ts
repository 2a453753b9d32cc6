import { describe, expect, it } from 'vitest';

import { matchColumns } from './import-columns.js';
import { RowCheckerThread } from './row-checker-thread.js';
import { packRows } from './spreadsheet/packed-rows.js';
import type { PackedRows } from './spreadsheet/spreadsheet-worker.js';

const header = ['Name', 'Email', 'Outstanding amount', 'Due date'];

function checkerThread() {
  return new RowCheckerThread({
    positions: matchColumns(header).positions,
    dateFormat: 'YYYY-MM-DD',
    defaultCurrency: 'EUR',
    today: '2026-06-01',
    assignees: new Map(),
  });
}

const rowsFrom = (first: number, count: number, email: (n: number) => string): PackedRows =>
  packRows(
    Array.from({ length: count }, (_, index) => {
      const n = first + index;
      return { row: n, cells: [`Customer ${n}`, email(n), '12.50', '2026-07-01'] };
    }),
  );

describe('RowCheckerThread', () => {
  it('checks slices in order by the customers rules, repeated emails across slices included', async () => {
    const checker = checkerThread();
    try {
      const first = checker.check(rowsFrom(2, 300, (n) => `c${n}@x.example`));
      // Rows 302.. repeat the emails of rows 2..: errors on the later rows only.
      const second = checker.check(rowsFrom(302, 100, (n) => `C${n - 300}@x.example`));
      const [a, b] = await Promise.all([first, second]);

      expect(a.rows[0]).toMatchObject({
        row: 2,
        customer: { name: 'Customer 2', outstandingAmount: 1250, dueDate: '2026-07-01' },
        errors: [],
      });
      expect(a.duplicates).toBe(0);
      expect(b.duplicates).toBe(100);
      expect(b.rows[0]).toMatchObject({
        row: 302,
        customer: null,
        errors: [{ column: 'email', message: 'is already on row 2 of this file' }],
      });
    } finally {
      await checker.close();
    }
  });

  it('refuses to check once closed, instead of waiting forever', async () => {
    const checker = checkerThread();
    await checker.close();
    await expect(checker.check(rowsFrom(2, 1, (n) => `c${n}@x.example`))).rejects.toThrow(
      /stopped/,
    );
  });
});
