/**
 * Reads the first sheet of an uploaded spreadsheet into plain rows, off the API's event loop.
 * Runs as a worker thread: it imports only packages (Node loads it from TypeScript source in
 * tests), knows nothing of customers, and answers with the cells exactly as the file held them.
 */
import { Readable } from 'node:stream';
import { serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import * as SheetJs from 'xlsx';

/** A cell as read: text, a number, a truth value, a date (date cells), or nothing. */
export type SheetCell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number the spreadsheet program shows. */
  row: number;
  cells: SheetCell[];
}

/**
 * A slice of rows in V8's serialization format (what `postMessage` itself uses), moved between
 * threads rather than copied: the API's thread hands it from the reader to the row checker
 * without decoding it. Read it with `unpackRows`.
 */
export interface PackedRows {
  count: number;
  bytes: ArrayBuffer;
}

export interface ReadRequest {
  bytes: Uint8Array;
  format: 'xlsx' | 'xls' | 'ods' | 'csv';
  /** Data rows to read at most; one more is read to tell that there were too many. */
  maxRows: number;
}

/**
 * The header as soon as it is found, then rows in slices (a message is copied synchronously on
 * arrival), then the end. The reader waits for `more` when two slices are unanswered, so rows
 * are never read faster than they are checked.
 */
export type WorkerMessage =
  | { type: 'header'; header: SheetRow }
  | { type: 'rows'; rows: PackedRows }
  /** Forget the rows sent so far: the file is being read again another way. */
  | { type: 'reset' }
  | { type: 'done'; tooManyRows: boolean }
  | { type: 'failed'; message: string };

/** What the API's thread answers: a slice of rows was taken care of. */
export type ReaderMessage = { type: 'more' };

const SLICE = 500;
/** Slices sent and not yet answered before the reader waits. */
const SLICES_AHEAD = 2;

/** Counts the slices the API's thread has not answered yet, and waits while too many are. */
class Backpressure {
  private unanswered = 0;
  private wake: (() => void) | null = null;

  constructor() {
    parentPort?.on('message', (message: ReaderMessage) => {
      if (message.type !== 'more') return;
      this.unanswered -= 1;
      this.wake?.();
      this.wake = null;
    });
  }

  async sent(): Promise<void> {
    this.unanswered += 1;
    while (this.unanswered >= SLICES_AHEAD) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

class RowCollector {
  hasHeader = false;
  /** Rows not yet sent. */
  private pending: SheetRow[] = [];
  private count = 0;
  tooManyRows = false;
  private readonly maxRows: number;
  private readonly backpressure: Backpressure;

  // No parameter properties here: Node strips this file's types without compiling it.
  constructor(maxRows: number, backpressure: Backpressure) {
    this.maxRows = maxRows;
    this.backpressure = backpressure;
  }

  /** The header, the allowed rows, one to tell there were too many, and blank rows between. */
  get maxRowsToRead(): number {
    return this.maxRows * 2 + 1_000;
  }

  /** False once enough rows are held: the reader stops. */
  async add(row: number, cells: SheetCell[]): Promise<boolean> {
    if (cells.every(isBlank)) return true;
    if (!this.hasHeader) {
      this.hasHeader = true;
      post({ type: 'header', header: { row, cells } });
      return true;
    }
    if (this.count === this.maxRows) {
      this.tooManyRows = true;
      return false;
    }
    this.count += 1;
    this.pending.push({ row, cells });
    if (this.pending.length === SLICE) await this.flush();
    return true;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    post({ type: 'rows', rows: packRows(this.pending) });
    this.pending = [];
    await this.backpressure.sent();
  }
}

function isBlank(cell: SheetCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

async function readXlsx(bytes: Uint8Array, into: RowCollector): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell date cells from numbers.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as unknown[];
      const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, index) =>
        excelCell(values[index + 1]),
      );
      if (!(await into.add(row.number, cells))) return;
    }
    return; // the first sheet only: the template's Instructions sheet comes after it
  }
}

/** exceljs gives formulas, rich text and links as objects: keep what a user sees. */
function excelCell(value: unknown): SheetCell {
  if (value === undefined || value === null) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  ) {
    return value;
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('result' in object || 'formula' in object || 'sharedFormula' in object) {
      return excelCell(object['result']);
    }
    if (Array.isArray(object['richText'])) {
      return (object['richText'] as { text?: unknown }[])
        .map((run) => (typeof run.text === 'string' ? run.text : ''))
        .join('');
    }
    if (typeof object['text'] === 'string') return object['text'];
    if ('error' in object) return null;
  }
  return null;
}

async function readCsv(bytes: Uint8Array, into: RowCollector): Promise<void> {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const records: string[][] = parseCsv(text, {
    delimiter: delimiterOf(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    to: into.maxRowsToRead,
  });
  for (const [index, cells] of records.entries()) {
    if (!(await into.add(index + 1, cells))) return;
  }
}

/** Comma or semicolon, whichever the header line (outside quotes) uses more. */
function delimiterOf(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '\n' || character === '\r')) break;
    else if (!quoted && character === ',') commas += 1;
    else if (!quoted && character === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

async function readWithSheetJs(bytes: Uint8Array, into: RowCollector): Promise<void> {
  const workbook = SheetJs.read(bytes, {
    type: 'array',
    cellDates: true,
    UTC: true,
    dense: true,
    sheets: 0,
    sheetRows: into.maxRowsToRead,
  });
  const sheet = workbook.Sheets[workbook.SheetNames[0]];
  if (!sheet) return;
  const rows = SheetJs.utils.sheet_to_json<SheetCell[]>(sheet, {
    header: 1,
    raw: true,
    defval: null,
    blankrows: true,
    UTC: true,
  });
  const firstRow = SheetJs.utils.decode_range(sheet['!ref'] ?? 'A1').s.r + 1;
  for (const [index, cells] of rows.entries()) {
    if (!(await into.add(firstRow + index, cells))) return;
  }
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message, message.type === 'rows' ? [message.rows.bytes] : []);
}

/** As `packRows` in packed-rows.ts: copied into a buffer of its own, so it can move. */
function packRows(rows: SheetRow[]): PackedRows {
  return { count: rows.length, bytes: new Uint8Array(serialize(rows)).buffer };
}

async function main(): Promise<void> {
  const request = workerData as ReadRequest;
  const backpressure = new Backpressure();
  let collector = new RowCollector(request.maxRows, backpressure);
  try {
    if (request.format === 'xlsx') {
      try {
        await readXlsx(request.bytes, collector);
      } catch (error) {
        // exceljs's streaming reader trips over some programs' part order (a sheet stored
        // before the workbook part): a TypeError inside it, not a fault of the file.
        if (!(error instanceof TypeError)) throw error;
        post({ type: 'reset' });
        collector = new RowCollector(request.maxRows, backpressure);
        await readWithSheetJs(request.bytes, collector);
      }
    } else if (request.format === 'csv') await readCsv(request.bytes, collector);
    else await readWithSheetJs(request.bytes, collector);
    await collector.flush();
    post({ type: 'done', tooManyRows: collector.tooManyRows });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

void main();
