/**
 * A worker thread that writes one customer export file: it reads every matching customer on a
 * read-only connection of its own, from one snapshot, formats the file and sends it to the API's
 * thread piece by piece, so a million rows neither hold the API's event loop nor grow its heap.
 * Node loads this entry from TypeScript source under the test runner; the rest is loaded through
 * the hooks registered here.
 */
import { register } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

import type { CustomerExportJob } from './sqlite-customer-exporter.js';

if (import.meta.url.endsWith('.ts')) {
  register('../../common/workers/typescript-hooks.mjs', import.meta.url);
}

const { SqliteReader } = await import('./sqlite-reader.js');
const { scanCustomers } = await import('./sqlite-customer-queries.js');
const { customerExport, EXPORT_BATCH } = await import('../../customers/customer-export.js');
const { sendFile } = await import('../../common/workers/file-sender.js');
const { yieldToRequests } = await import('../../common/workers/background-priority.js');

const job = workerData as CustomerExportJob;

/** The file, read on a connection of this thread's own: opening it is part of writing it. */
async function* exportFile(): AsyncIterable<Buffer> {
  const reader = new SqliteReader(job.path);
  try {
    yield* customerExport(
      job.format,
      scanCustomers(reader, job.filter, job.order, EXPORT_BATCH),
    ) as AsyncIterable<Buffer>;
  } finally {
    reader.close();
  }
}

// A full export keeps a core busy for a minute: searches and pages meanwhile come first.
yieldToRequests();
await sendFile(exportFile(), parentPort!);
