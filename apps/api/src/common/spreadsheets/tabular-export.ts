import { PassThrough, type Readable, type Writable } from 'node:stream';

import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

import { neutralizeForCsv, startsLikeFormula, withoutStrayControls } from './formula-injection.js';
import { QUOTE_PREFIX_STYLE } from './quote-prefix.js';

/** One column of an export: text cells are guarded against formula injection, numbers are not. */
export interface ExportColumn<K extends string> {
  header: string;
  key: K;
  width: number;
  kind: 'text' | 'number';
  /** An Excel number format for number columns ('#,##0.00'). */
  numberFormat?: string;
}

export type ExportRow<K extends string> = Record<K, string | number | null>;

/**
 * Waits until `stream` wants more, or is closed (the client went away): false then, so the
 * producer stops and the rows' source is closed (an export's read snapshot is let go).
 */
function whenDrained(stream: Writable): Promise<boolean> {
  if (stream.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const drained = () => settle(true);
    const closed = () => settle(false);
    const settle = (wanted: boolean) => {
      stream.off('drain', drained);
      stream.off('close', closed);
      resolve(wanted);
    };
    stream.once('drain', drained);
    stream.once('close', closed);
  });
}

/** A CSV stream (UTF-8 with a BOM so spreadsheet programs detect the encoding). */
export function csvStream<K extends string>(
  columns: readonly ExportColumn<K>[],
  rows: AsyncIterable<ExportRow<K>[]>,
): Readable {
  const csv = stringify({
    header: true,
    bom: true,
    columns: columns.map(({ key, header }) => ({ key, header })),
  });
  void (async () => {
    try {
      for await (const batch of rows) {
        for (const row of batch) {
          const cells: Record<string, string | number> = {};
          for (const { key, kind } of columns) {
            const value = row[key];
            cells[key] =
              value === null ? '' : kind === 'text' ? neutralizeForCsv(String(value)) : value;
          }
          if (!csv.write(cells) && !(await whenDrained(csv))) return;
        }
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return csv;
}

/** Sheet XML not yet compressed beyond which the producer waits (a batch is ~1 MB). */
const ZIP_BACKLOG_BYTES = 1024 * 1024;

/** The part of exceljs 4.4's stream writer that hands the sheet's XML to its zip. */
interface SheetXmlStream {
  pipes?: {
    _writableState: { length: number };
    once(event: 'drain', listener: () => void): unknown;
    off(event: 'drain', listener: () => void): unknown;
  }[];
}

/**
 * exceljs 4.4 pushes each committed row into the zip's input without waiting for the
 * compression (its `StreamBuf` ignores the zip's backpressure), and the zip keeps compressing
 * into its own buffers while the client does not read: a fast producer piled the whole sheet up
 * (~1 GB for a million customers). Waits until the zip has caught up and the client has read
 * what was compressed, or the client went away (false then).
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet, output: Writable): Promise<boolean> {
  const zipInput = (sheet as unknown as { stream: SheetXmlStream }).stream.pipes?.[0];
  const behind = () =>
    output.writableNeedDrain ||
    (zipInput !== undefined && zipInput._writableState.length > ZIP_BACKLOG_BYTES);
  while (behind()) {
    if (output.destroyed) return false;
    await new Promise<void>((resolve) => {
      const done = () => {
        zipInput?.off('drain', done);
        output.off('drain', done);
        output.off('close', done);
        resolve();
      };
      zipInput?.once('drain', done);
      output.once('drain', done);
      output.once('close', done);
    });
  }
  return !output.destroyed;
}

/**
 * An XLSX stream written row by row, at the pace the zip compresses and the client reads. A
 * text cell that starts like a formula keeps its text as is and gets Excel's quote-prefix
 * style, as Excel does for `'=1+1`: shown and edited as text, with no apostrophe in the data.
 */
export function xlsxStream<K extends string>(
  sheetName: string,
  columns: readonly ExportColumn<K>[],
  rows: AsyncIterable<ExportRow<K>[]>,
): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(({ header, key, width, numberFormat }) => ({
    header,
    key,
    width,
    ...(numberFormat ? { style: { numFmt: numberFormat } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const batch of rows) {
        for (const row of batch) {
          const values: Record<string, string | number | null> = {};
          for (const { key, kind } of columns) {
            const value = row[key];
            values[key] =
              kind === 'text' && value !== null ? withoutStrayControls(String(value)) : value;
          }
          const added = sheet.addRow(values);
          for (const { key, kind } of columns) {
            const value = row[key];
            if (kind === 'text' && typeof value === 'string' && startsLikeFormula(value)) {
              added.getCell(key).style = { ...added.getCell(key).style, ...QUOTE_PREFIX_STYLE };
            }
          }
          added.commit();
          // The client went away: stop, so the rows' source lets go of its read snapshot.
          if (output.destroyed) return;
        }
        if (!(await zipCaughtUp(sheet, output))) return;
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}
