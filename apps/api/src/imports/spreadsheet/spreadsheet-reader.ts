import { Worker } from 'node:worker_threads';

import { Injectable } from '@nestjs/common';

import { IMPORT_MAX_ROWS, type ImportFileFormat } from '@collection-desk/contracts';

import { siblingWorker } from '../../common/workers/worker-url.js';
import { workerLimits } from '../../common/workers/worker-limits.js';
import { ImportFileRejectedError } from '../import.errors.js';
import { detectFileFormat } from './file-kind.js';
import type {
  PackedRows,
  ReaderMessage,
  ReadRequest,
  SheetRow,
  WorkerMessage,
} from './spreadsheet-worker.js';

/**
 * A reader that goes this long without handing over anything is given up (exceljs can hang on
 * damaged input).
 */
export const READ_TIMEOUT_MS = 60_000;
/** The worker's heap; a 100,000-row workbook needs about half of it. */
const WORKER_HEAP_MB = 1024;

const WORKER_URL = siblingWorker('spreadsheet-worker', import.meta.url);

/** What a reader's caller does with the sheet as it is read, each step awaited in order. */
export interface SheetHandlers {
  /** The header row, before any data row; throwing here stops the reading. */
  header(header: SheetRow): void;
  /** The next slice of data rows, in sheet order, packed (see `unpackRows`). */
  rows(rows: PackedRows): Promise<void>;
  /** Everything handed over so far is void: the file is read again from the top. */
  reset(): Promise<void>;
}

/**
 * Reads an upload's first sheet in a worker thread, so the API keeps answering meanwhile, and
 * hands the rows over slice by slice: the sheet is never held whole, and the worker reads on
 * only as fast as the rows are taken care of. Refuses, each with its own message: what is no
 * spreadsheet, damage, a worker that runs out of time or memory, no header, no data and more
 * than IMPORT_MAX_ROWS rows.
 */
@Injectable()
export class SpreadsheetReader {
  async read(bytes: Uint8Array, handlers: SheetHandlers): Promise<{ format: ImportFileFormat }> {
    const format = detectFileFormat(bytes);
    let hasHeader = false;
    let rows = 0;
    const end = await runWorker({ bytes, format, maxRows: IMPORT_MAX_ROWS }, async (message) => {
      switch (message.type) {
        case 'header':
          hasHeader = true;
          return handlers.header(message.header);
        case 'rows':
          rows += message.rows.count;
          return handlers.rows(message.rows);
        case 'reset':
          hasHeader = false;
          rows = 0;
          return handlers.reset();
      }
    });
    if (end.type === 'failed') {
      throw new ImportFileRejectedError(
        `The ${format.toUpperCase()} file could not be read: ${readableReason(end.message)}`,
      );
    }
    if (!hasHeader) throw new ImportFileRejectedError('The first sheet is empty.');
    if (rows === 0) {
      throw new ImportFileRejectedError(
        'The first sheet has a header row but no customers under it.',
      );
    }
    if (end.tooManyRows) {
      throw new ImportFileRejectedError(
        `The sheet has more than ${IMPORT_MAX_ROWS.toLocaleString('en')} rows of customers; split it into files of at most ${IMPORT_MAX_ROWS.toLocaleString('en')} rows.`,
      );
    }
    return { format };
  }
}

type SheetMessage = Extract<WorkerMessage, { type: 'header' | 'rows' | 'reset' }>;

/**
 * Runs the reader thread; `onSheet` handles its messages one after another (a slice is answered
 * once handled), and the end is answered only after every message before it was handled.
 */
function runWorker(
  request: ReadRequest,
  onSheet: (message: SheetMessage) => void | Promise<void>,
): Promise<Exclude<WorkerMessage, SheetMessage>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: request,
      resourceLimits: workerLimits(WORKER_HEAP_MB),
      stdout: true,
      stderr: true,
    });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    // Counts only while the reader is due to answer, not while its rows are handled here.
    const awaitReader = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new ImportFileRejectedError(
                `Reading the file stalled for ${READ_TIMEOUT_MS / 1000} seconds; it is probably damaged. Save it again and upload the new copy.`,
              ),
            ),
          ),
        READ_TIMEOUT_MS,
      );
    };
    awaitReader();
    let handled: Promise<void> = Promise.resolve();
    worker.on('message', (message: WorkerMessage) => {
      clearTimeout(timer);
      handled = handled.then(async () => {
        clearTimeout(timer);
        if (settled) return;
        if (message.type === 'header' || message.type === 'reset') await onSheet(message);
        else if (message.type === 'rows') {
          await onSheet(message);
          worker.postMessage({ type: 'more' } satisfies ReaderMessage);
        } else return finish(() => resolve(message));
        if (!settled) awaitReader();
      });
      handled.catch((error: Error) => finish(() => reject(error)));
    });
    // A reader that fails is reported once the rows it handed over are handled: the caller
    // cleans up after an answer, and nothing of this read may be written after that.
    const afterHandled = (outcome: () => void) =>
      void handled.catch(() => undefined).then(() => finish(outcome));
    worker.on('error', (error: Error) =>
      afterHandled(() =>
        reject(
          error.message.includes('memory')
            ? new ImportFileRejectedError(
                'The file needs more memory to read than an import may use.',
              )
            : error,
        ),
      ),
    );
    worker.on('exit', (code) =>
      afterHandled(() => reject(new Error(`The spreadsheet reader stopped with code ${code}.`))),
    );
  });
}

/** Library messages name internals; keep the gist a user can act on. */
function readableReason(message: string): string {
  const firstLine = message.split('\n')[0].slice(0, 200);
  if (/password|encrypt/i.test(firstLine)) {
    return 'it is protected with a password. Save a copy without the password.';
  }
  if (/end of (data|file)|unexpected end|corrupt|invalid|bad/i.test(firstLine)) {
    return 'it is damaged or incomplete. Save it again and upload the new copy.';
  }
  return firstLine;
}
