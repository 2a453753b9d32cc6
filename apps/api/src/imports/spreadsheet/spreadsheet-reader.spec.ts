import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as SheetJs from 'xlsx';

import { IMPORT_MAX_ROWS } from '@collection-desk/contracts';

import { unpackRows } from './packed-rows.js';
import { SpreadsheetReader } from './spreadsheet-reader.js';
import type { SheetRow } from './spreadsheet-worker.js';

const spreadsheets = new SpreadsheetReader();

/** Reads a whole sheet the way an upload does, keeping everything handed over. */
const reader = {
  async read(bytes: Uint8Array) {
    let header: SheetRow | null = null;
    let rows: SheetRow[] = [];
    const { format } = await spreadsheets.read(bytes, {
      header: (row) => {
        header = row;
      },
      rows: (slice) => {
        rows.push(...unpackRows(slice));
        return Promise.resolve();
      },
      reset: () => {
        header = null;
        rows = [];
        return Promise.resolve();
      },
    });
    return { format, header: header as SheetRow | null, rows };
  },
};

async function excelJsWorkbook(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Customers');
  for (const row of rows) sheet.addRow(row);
  workbook.addWorksheet('Instructions').addRow(['Not read']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function sheetJsWorkbook(rows: unknown[][], bookType: 'xls' | 'ods' | 'xlsx'): Uint8Array {
  const workbook = SheetJs.utils.book_new();
  SheetJs.utils.book_append_sheet(workbook, SheetJs.utils.aoa_to_sheet(rows, { UTC: true }), 'A');
  return new Uint8Array(SheetJs.write(workbook, { type: 'array', bookType }) as ArrayBuffer);
}

const text = (value: string) => new TextEncoder().encode(value);

/** Rewrites the uncompressed size that a zip's central directory declares for each entry. */
function withDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const patched = Buffer.from(zip);
  for (let offset = 0; offset + 4 <= patched.length; offset += 1) {
    if (patched.readUInt32LE(offset) === 0x02014b50) patched.writeUInt32LE(size, offset + 24);
  }
  return new Uint8Array(patched);
}

describe('SpreadsheetReader', () => {
  it('reads an exceljs workbook: cached formula results, rich text, dates, spreadsheet row numbers', async () => {
    const file = await excelJsWorkbook([
      ['Name', 'Email', 'Outstanding amount', 'Due date'],
      [
        { richText: [{ text: 'Acme ' }, { text: 'GmbH' }] },
        'a@x.example',
        12.5,
        new Date(Date.UTC(2026, 11, 31)),
      ],
      [],
      ['Bolt', 'b@x.example', { formula: '1+1', result: 2 }, '2026-12-01'],
    ]);
    const sheet = await reader.read(file);
    expect(sheet.format).toBe('xlsx');
    expect(sheet.header?.cells).toEqual(['Name', 'Email', 'Outstanding amount', 'Due date']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['Acme GmbH', 'a@x.example', 12.5, new Date(Date.UTC(2026, 11, 31))] },
      { row: 4, cells: ['Bolt', 'b@x.example', 2, '2026-12-01'] },
    ]);
  });

  it.each(['xls', 'ods', 'xlsx'] as const)(
    'reads a %s file written by SheetJS',
    async (bookType) => {
      const sheet = await reader.read(
        sheetJsWorkbook(
          [
            ['Name', 'Due date'],
            ['Acme', new Date(Date.UTC(2026, 0, 15))],
          ],
          bookType,
        ),
      );
      expect(sheet.format).toBe(bookType);
      expect(sheet.rows).toEqual([{ row: 2, cells: ['Acme', new Date(Date.UTC(2026, 0, 15))] }]);
    },
  );

  it('reads CSV with a BOM and semicolons, keeping quoted commas and row numbers', async () => {
    const sheet = await reader.read(
      text(
        '\uFEFFName;Email;Amount\r\n"Acme; Co";a@x.example;"1.234,56"\r\n\r\nBolt;b@x.example;3\r\n',
      ),
    );
    expect(sheet.format).toBe('csv');
    expect(sheet.header?.cells).toEqual(['Name', 'Email', 'Amount']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['Acme; Co', 'a@x.example', '1.234,56'] },
      { row: 4, cells: ['Bolt', 'b@x.example', '3'] },
    ]);
  });

  it('hands rows over in slices, in order, each after the one before was handled', async () => {
    const lines = ['Name', ...Array.from({ length: 9_000 }, (_, index) => `Customer ${index}`)];
    const slices: number[][] = [];
    let handling = false;
    await spreadsheets.read(text(lines.join('\n')), {
      header: () => undefined,
      rows: async (slice) => {
        expect(handling).toBe(false);
        handling = true;
        // Slow handling: the reader must wait instead of piling rows up.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(slice.count).toBe(unpackRows(slice).length);
        slices.push(unpackRows(slice).map((row) => row.row));
        handling = false;
      },
      reset: () => Promise.resolve(),
    });
    expect(slices.length).toBeGreaterThan(1);
    expect(slices.flat()).toEqual(Array.from({ length: 9_000 }, (_, index) => index + 2));
  });

  it('stops reading with the error of a handler that refuses', async () => {
    const refusal = new Error('A required column is missing.');
    let rowsHandled = 0;
    await expect(
      spreadsheets.read(text('Name\nAcme\nBolt\n'), {
        header: () => {
          throw refusal;
        },
        rows: (slice) => {
          rowsHandled += slice.count;
          return Promise.resolve();
        },
        reset: () => Promise.resolve(),
      }),
    ).rejects.toBe(refusal);
    expect(rowsHandled).toBe(0);
  });

  it('refuses what is no spreadsheet by its bytes, whatever its name', async () => {
    await expect(reader.read(text('%PDF-1.7\n\u0000\u0001binary'))).rejects.toMatchObject({
      code: 'import-unsupported-file',
      message: expect.stringContaining('PDF'),
    });
    const random = new Uint8Array(4096).map((_, index) => (index * 7919) % 256);
    await expect(reader.read(random)).rejects.toMatchObject({ code: 'import-unsupported-file' });
    await expect(reader.read(zipSync({ 'a.txt': text('hello') }))).rejects.toMatchObject({
      code: 'import-unsupported-file',
    });
  });

  it('refuses a zip bomb from its directory, before inflating it', async () => {
    const honest = zipSync({ 'xl/workbook.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(honest.length).toBeLessThan(256 * 1024);
    // The directory of a bomb declares gigabytes; patch this one's to say 4 GB.
    const bomb = withDeclaredSize(honest, 0xfffffff0);
    await expect(reader.read(bomb)).rejects.toMatchObject({
      code: 'import-file-rejected',
      message: expect.stringContaining('unpacks to more than'),
    });
    const crowded = zipSync(
      Object.fromEntries(Array.from({ length: 2_001 }, (_, index) => [`x/${index}`, text('a')])),
    );
    await expect(reader.read(crowded)).rejects.toMatchObject({ code: 'import-file-rejected' });
  });

  it('refuses a truncated workbook, an empty one and a header without rows, quickly', async () => {
    const file = await excelJsWorkbook([['Name'], ['Acme']]);
    await expect(reader.read(file.subarray(0, Math.floor(file.length / 2)))).rejects.toMatchObject({
      code: 'import-file-rejected',
      message: expect.stringContaining('damaged or incomplete'),
    });
    await expect(reader.read(new Uint8Array())).rejects.toMatchObject({
      message: 'The file is empty.',
    });
    await expect(reader.read(await excelJsWorkbook([]))).rejects.toMatchObject({
      message: 'The first sheet is empty.',
    });
    await expect(reader.read(await excelJsWorkbook([['Name', 'Email']]))).rejects.toMatchObject({
      message: expect.stringContaining('no customers under it'),
    });
  });

  it('refuses a password-protected workbook with a message that says so', async () => {
    // Office keeps an encrypted workbook in a compound file with an EncryptionInfo stream.
    const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const file = new Uint8Array([...header, ...Buffer.from('EncryptionInfo', 'utf16le'), 0, 0]);
    await expect(reader.read(file)).rejects.toMatchObject({
      code: 'import-file-rejected',
      message: expect.stringContaining('password'),
    });
  });

  it(`accepts ${IMPORT_MAX_ROWS.toLocaleString('en')} rows and refuses one more`, async () => {
    const lines = (count: number) =>
      ['Name', ...Array.from({ length: count }, (_, index) => `Customer ${index}`)].join('\n');
    expect((await reader.read(text(lines(IMPORT_MAX_ROWS)))).rows).toHaveLength(IMPORT_MAX_ROWS);
    await expect(reader.read(text(lines(IMPORT_MAX_ROWS + 1)))).rejects.toMatchObject({
      message: expect.stringContaining('more than 100,000 rows'),
    });
  });
});
