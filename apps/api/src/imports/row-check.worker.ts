/**
 * A worker thread that checks an upload's rows by the customers' rules, slice by slice in sheet
 * order, so the API's thread only stores them. Node loads this entry from TypeScript source
 * under the test runner; the rest is loaded through the hooks registered here.
 */
import { register } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

import type { RowCheckContext } from './import-row-validation.js';
import type { PackedRows } from './spreadsheet/spreadsheet-worker.js';

if (import.meta.url.endsWith('.ts')) {
  register('../common/workers/typescript-hooks.mjs', import.meta.url);
}

const { RowChecker } = await import('./upload-check.js');
const { unpackRows } = await import('./spreadsheet/packed-rows.js');

const checker = new RowChecker(workerData as RowCheckContext);
parentPort?.on('message', (rows: PackedRows) => {
  parentPort?.postMessage({
    rows: checker.check(unpackRows(rows)),
    duplicates: checker.duplicates,
  });
});
