import type { Readable } from 'node:stream';

import { Injectable } from '@nestjs/common';

import type { ExportFormat } from '@collection-desk/contracts';

import { customerExport, EXPORT_BATCH } from './customer-export.js';
import {
  type CustomerFilter,
  type CustomerOrder,
  CustomerRepository,
} from './customer.repository.js';

/**
 * Writes export files of customers. Storage decides where the work runs: SQLite reads and
 * writes the file in a worker thread of its own; by default it happens here.
 */
export abstract class CustomerExporter {
  /** Every customer of `filter` in `order`, as a file of `format`, streamed from one snapshot. */
  abstract file(format: ExportFormat, filter: CustomerFilter, order: CustomerOrder): Readable;
}

/** Reads through the repository's scan and writes the file on the API's thread. */
@Injectable()
export class InProcessCustomerExporter extends CustomerExporter {
  constructor(private readonly customers: CustomerRepository) {
    super();
  }

  file(format: ExportFormat, filter: CustomerFilter, order: CustomerOrder): Readable {
    return customerExport(format, this.customers.scan(filter, order, EXPORT_BATCH));
  }
}
