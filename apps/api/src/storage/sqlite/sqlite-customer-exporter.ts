import type { Readable } from 'node:stream';

import { Injectable } from '@nestjs/common';

import type { ExportFormat } from '@collection-desk/contracts';

import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { siblingWorker } from '../../common/workers/worker-url.js';
import { ThreadSlots, workerFileStream } from '../../common/workers/worker-file-stream.js';
import { CustomerExporter } from '../../customers/customer-exporter.js';
import type { CustomerFilter, CustomerOrder } from '../../customers/customer.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

const WORKER_URL = siblingWorker('customer-export.worker', import.meta.url);
/**
 * The export thread's old generation: it holds a batch of rows and the zip's window at a time,
 * and collects sooner with a low ceiling.
 */
const EXPORT_HEAP_MB = 128;
const EXPORTS_AT_ONCE = 2;

/** What the export thread is asked to write. */
export interface CustomerExportJob {
  path: string;
  format: ExportFormat;
  filter: CustomerFilter;
  order: CustomerOrder;
}

/**
 * Each export in a worker thread of its own: a full export formats a million rows, which on the
 * API's thread took a core from every other request and grew the API's heap.
 */
@Injectable()
export class SqliteCustomerExporter extends CustomerExporter {
  /**
   * Exports running at once; later ones wait their turn. Each takes a core and ~80-120 MB
   * while it runs (measured alone: the app at 175 MB peaked at 255-294 MB).
   */
  private readonly slots = new ThreadSlots(EXPORTS_AT_ONCE);

  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  file(format: ExportFormat, filter: CustomerFilter, order: CustomerOrder): Readable {
    const job: CustomerExportJob = { path: this.database.path, format, filter, order };
    return workerFileStream({
      url: WORKER_URL,
      workerData: job,
      heapMb: EXPORT_HEAP_MB,
      slots: this.slots,
      revive: ({ message, code }) =>
        code === ErrorCode.StorageUnavailable
          ? new StorageUnavailableError(`The export's thread: ${message}`)
          : new Error(message),
    });
  }
}
