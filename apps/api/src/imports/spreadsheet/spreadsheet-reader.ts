import { Worker } from 'node:worker_threads';

import { Injectable } from '@nestjs/common';

import { IMPORT_MAX_ROWS, type ImportFileFormat } from '@collection-desk/contracts';

import { siblingWorker } from '../../common/workers/worker-url.js';
import { ImportFileRejectedError } from '../import.errors.js';
import { detectFileFormat } from './file-kind.js';
import type { ReadRequest, SheetRow, WorkerMessage } from './spreadsheet-worker.js';

/** A file that takes longer than this to read is given up (exceljs can hang on damaged input). */
export const READ_TIMEOUT_MS = 60_000;
/** The worker's heap; a 100,000-row workbook needs about half of it. */
const WORKER_HEAP_MB = 1024;

const WORKER_URL = siblingWorker('spreadsheet-worker', import.meta.url);

export interface SheetContents {
  format: ImportFileFormat;
  header: SheetRow;
  rows: SheetRow[];
}

/**
 * Reads an upload's first sheet in a worker thread, so the API keeps answering meanwhile.
 * Refuses, each with its own message: what is no spreadsheet, damage, a worker that runs out of
 * time or memory, no header, no data and more than IMPORT_MAX_ROWS rows.
 */
@Injectable()
export class SpreadsheetReader {
  async read(
    bytes: Uint8Array,
    onProgress: (rows: number) => void = () => undefined,
  ): Promise<SheetContents> {
    const format = detectFileFormat(bytes);
    const rows: SheetRow[] = [];
    const result = await runWorker({ bytes, format, maxRows: IMPORT_MAX_ROWS }, (message) => {
      if (message.type === 'reset') rows.length = 0;
      else {
        rows.push(...message.rows);
        onProgress(rows.length);
      }
    });
    if (result.type === 'failed') {
      throw new ImportFileRejectedError(
        `The ${format.toUpperCase()} file could not be read: ${readableReason(result.message)}`,
      );
    }
    if (!result.header) throw new ImportFileRejectedError('The first sheet is empty.');
    if (rows.length === 0) {
      throw new ImportFileRejectedError(
        'The first sheet has a header row but no customers under it.',
      );
    }
    if (result.tooManyRows) {
      throw new ImportFileRejectedError(
        `The sheet has more than ${IMPORT_MAX_ROWS.toLocaleString('en')} rows of customers; split it into files of at most ${IMPORT_MAX_ROWS.toLocaleString('en')} rows.`,
      );
    }
    return { format, header: result.header, rows };
  }
}

type RowsMessage = Extract<WorkerMessage, { type: 'rows' | 'reset' }>;

function runWorker(
  request: ReadRequest,
  onRows: (message: RowsMessage) => void,
): Promise<Exclude<WorkerMessage, RowsMessage>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ImportFileRejectedError(
              `Reading the file took longer than ${READ_TIMEOUT_MS / 1000} seconds; it is probably damaged. Save it again and upload the new copy.`,
            ),
          ),
        ),
      READ_TIMEOUT_MS,
    );
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'rows' || message.type === 'reset') onRows(message);
      else finish(() => resolve(message));
    });
    worker.on('error', (error: Error) =>
      finish(() =>
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
      finish(() => reject(new Error(`The spreadsheet reader stopped with code ${code}.`))),
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
