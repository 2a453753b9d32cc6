import { siblingWorker } from '../common/workers/worker-url.js';
import { WorkerConversation } from '../common/workers/worker-conversation.js';
import type { CheckedRow, RowCheckContext } from './import-row-validation.js';
import type { PackedRows } from './spreadsheet/spreadsheet-worker.js';

const WORKER_URL = siblingWorker('row-check.worker', import.meta.url);

/** A slice of checked rows, and how many rows so far repeat an earlier row's email. */
export interface CheckedSlice {
  rows: CheckedRow[];
  duplicates: number;
}

/**
 * The rows of one upload, checked on a thread of their own (the customers' validator costs tens
 * of microseconds a row): the API's thread stays free to answer, and checking runs beside the
 * reading of the file. Slices are checked one at a time, in the order given.
 */
export class RowCheckerThread {
  private readonly thread: WorkerConversation<PackedRows, CheckedSlice>;

  constructor(context: RowCheckContext) {
    this.thread = new WorkerConversation(WORKER_URL, context, 'The row checker');
  }

  /** Checks a slice as the reader packed it: the API's thread never decodes it. */
  check(rows: PackedRows): Promise<CheckedSlice> {
    return this.thread.ask(rows, [rows.bytes]);
  }

  /** Stops the thread (at once, also in the middle of a slice). */
  close(): Promise<void> {
    return this.thread.terminate();
  }
}
