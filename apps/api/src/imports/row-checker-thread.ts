import { Worker } from 'node:worker_threads';

import { siblingWorker } from '../common/workers/worker-url.js';
import { workerLimits } from '../common/workers/worker-limits.js';
import type { CheckedRow, RowCheckContext } from './import-row-validation.js';
import type { SheetRow } from './spreadsheet/spreadsheet-worker.js';

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
  private readonly worker: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;

  constructor(context: RowCheckContext) {
    this.worker = new Worker(WORKER_URL, { workerData: context, resourceLimits: workerLimits() });
    this.worker.on('error', (error: Error) => (this.failure ??= error));
    this.worker.on('exit', (code) => {
      this.failure ??= new Error(`The row checker stopped with code ${code}.`);
    });
  }

  check(rows: SheetRow[]): Promise<CheckedSlice> {
    const checked = this.queue.then(() => this.ask(rows));
    this.queue = checked.catch(() => undefined);
    return checked;
  }

  /** Stops the thread (at once, also in the middle of a slice). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private ask(rows: SheetRow[]): Promise<CheckedSlice> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const stop = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onEnd);
        this.worker.off('exit', onEnd);
      };
      const onMessage = (slice: CheckedSlice) => {
        stop();
        resolve(slice);
      };
      const onEnd = () => {
        stop();
        reject(this.failure ?? new Error('The row checker stopped.'));
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onEnd);
      this.worker.on('exit', onEnd);
      this.worker.postMessage(rows);
    });
  }
}
