import type { Readable } from 'node:stream';

import type { Customer, ExportFormat } from '@collection-desk/contracts';

import { csvStream, type ExportColumn, xlsxStream } from '../common/spreadsheets/tabular-export.js';
import { fractionDigits } from '../customers/money.js';
import { DashboardService } from './dashboard.service.js';

const AGING_COLUMNS = [
  { header: 'Customer', key: 'name', width: 32, kind: 'text' },
  { header: 'Email', key: 'email', width: 32, kind: 'text' },
  { header: 'Due date', key: 'dueDate', width: 12, kind: 'text' },
  { header: 'Days past due', key: 'daysPastDue', width: 14, kind: 'number' },
  { header: 'Bucket', key: 'bucket', width: 10, kind: 'text' },
  { header: 'Outstanding', key: 'outstanding', width: 14, kind: 'number' },
  { header: 'Outstanding (minor units)', key: 'outstandingMinor', width: 14, kind: 'number' },
  { header: 'Currency', key: 'currency', width: 10, kind: 'text' },
  { header: 'Status', key: 'paymentStatus', width: 12, kind: 'text' },
  { header: 'Id', key: 'id', width: 38, kind: 'text' },
] as const satisfies readonly ExportColumn<string>[];

/** The aging report, one row per customer owing money; text guarded against formulas. */
export function agingExport(
  format: ExportFormat,
  batches: AsyncIterable<Customer[]>,
  today: string,
): Readable {
  async function* rows() {
    for await (const batch of batches) {
      yield batch.map((customer) => ({
        name: customer.name,
        email: customer.email,
        dueDate: customer.dueDate,
        daysPastDue: DashboardService.daysPastDue(customer.dueDate, today),
        bucket: DashboardService.bucketOf(customer.dueDate, today),
        outstanding: customer.outstandingAmount / 10 ** fractionDigits(customer.currency),
        outstandingMinor: customer.outstandingAmount,
        currency: customer.currency,
        paymentStatus: customer.paymentStatus,
        id: customer.id,
      }));
    }
  }
  return format === 'csv'
    ? csvStream(AGING_COLUMNS, rows())
    : xlsxStream('Aging', AGING_COLUMNS, rows());
}
