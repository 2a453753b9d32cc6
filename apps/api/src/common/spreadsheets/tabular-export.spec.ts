import { setImmediate, setTimeout as sleep } from 'node:timers/promises';

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

import { type ExportColumn, xlsxStream } from './tabular-export.js';

const columns: ExportColumn<'name' | 'amount'>[] = [
  { header: 'Name', key: 'name', width: 30, kind: 'text' },
  { header: 'Amount', key: 'amount', width: 12, kind: 'number', numberFormat: '#,##0.00' },
];

/** 100 batches of 1,000 rows, counting how many the export has asked for. */
function countedRows() {
  const counter = { pulled: 0 };
  async function* rows() {
    for (let batch = 0; batch < 100; batch += 1) {
      await setImmediate(); // as a database read of the next batch would
      counter.pulled += 1_000;
      yield Array.from({ length: 1_000 }, (_, index) => ({
        name: `Customer ${batch * 1_000 + index} with a name long enough to weigh something`,
        amount: index + 0.5,
      }));
    }
  }
  return { counter, rows: rows() };
}

describe('xlsxStream', () => {
  it('asks for rows only as fast as the workbook is read, and writes every one of them', async () => {
    const { counter, rows } = countedRows();
    const output = xlsxStream('Customers', columns, rows);

    // Nobody reads: the export must stop asking for rows long before the end.
    await sleep(1_000);
    expect(counter.pulled).toBeLessThan(30_000);

    const chunks: Uint8Array[] = [];
    for await (const chunk of output) chunks.push(chunk as Uint8Array);
    expect(counter.pulled).toBe(100_000);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Blob(chunks).arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(100_001);
    expect(sheet.getRow(100_001).values).toEqual([
      undefined,
      'Customer 99999 with a name long enough to weigh something',
      999.5,
    ]);
  }, 60_000);
});
