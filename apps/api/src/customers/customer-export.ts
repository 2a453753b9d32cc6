import { PassThrough, Readable } from 'node:stream';

import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

import type { Customer } from '@collection-desk/contracts';

/** Columns of an export, in order. Amounts appear in major units and in minor units. */
export const EXPORT_COLUMNS = [
  { header: 'Id', key: 'id', width: 38 },
  { header: 'Name', key: 'name', width: 32 },
  { header: 'Email', key: 'email', width: 32 },
  { header: 'Phone', key: 'phone', width: 18 },
  { header: 'Address', key: 'address', width: 36 },
  { header: 'Outstanding', key: 'outstanding', width: 14 },
  { header: 'Outstanding (minor units)', key: 'outstandingMinor', width: 14 },
  { header: 'Currency', key: 'currency', width: 10 },
  { header: 'Due date', key: 'dueDate', width: 12 },
  { header: 'Status', key: 'paymentStatus', width: 12 },
  { header: 'Assignee id', key: 'assigneeId', width: 38 },
  { header: 'Notes', key: 'notes', width: 40 },
  { header: 'Created at', key: 'createdAt', width: 24 },
  { header: 'Updated at', key: 'updatedAt', width: 24 },
  { header: 'Archived at', key: 'archivedAt', width: 24 },
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number]['key'], string | number>;

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * Spreadsheet apps run a cell that starts with =, +, -, @, tab or CR as a formula (CSV
 * injection). A leading apostrophe makes them show it as text instead.
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value;
}

function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

export function toExportRow(customer: Customer): ExportRow {
  const text = (value: string | null) => neutralizeFormula(value ?? '');
  return {
    id: customer.id,
    name: text(customer.name),
    email: text(customer.email),
    phone: text(customer.phone),
    address: text(customer.address),
    outstanding: customer.outstandingAmount / 10 ** minorUnitDigits(customer.currency),
    outstandingMinor: customer.outstandingAmount,
    currency: customer.currency,
    dueDate: customer.dueDate,
    paymentStatus: customer.paymentStatus,
    assigneeId: customer.assigneeId ?? '',
    notes: text(customer.notes),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    archivedAt: customer.archivedAt ?? '',
  };
}

/** A CSV stream (UTF-8 with a BOM so spreadsheet apps detect the encoding). */
export function csvStream(customers: AsyncIterable<Customer>): Readable {
  const csv = stringify({
    header: true,
    bom: true,
    columns: EXPORT_COLUMNS.map(({ key, header }) => ({ key, header })),
  });
  void (async () => {
    try {
      for await (const customer of customers) {
        if (!csv.write(toExportRow(customer)))
          await new Promise((resolve) => csv.once('drain', resolve));
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return csv;
}

/** An XLSX stream written row by row, never holding the whole sheet in memory. */
export function xlsxStream(customers: AsyncIterable<Customer>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Customers', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((column) => ({ ...column }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const customer of customers) sheet.addRow(toExportRow(customer)).commit();
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}
