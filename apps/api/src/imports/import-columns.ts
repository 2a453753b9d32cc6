import {
  IMPORT_COLUMN_TITLES,
  IMPORT_COLUMNS,
  IMPORT_REQUIRED_COLUMNS,
  type ImportColumn,
  type ImportColumns,
} from '@collection-desk/contracts';

import { ImportFileRejectedError } from './import.errors.js';
import type { SheetCell } from './spreadsheet/spreadsheet-worker.js';

/** Other names spreadsheets use for our columns, already in normalised form. */
const SYNONYMS: Record<ImportColumn, readonly string[]> = {
  name: ['name', 'customer', 'customername', 'company', 'companyname', 'client', 'clientname'],
  email: ['email', 'emailaddress', 'mail', 'billingemail', 'customeremail'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile'],
  address: ['address', 'billingaddress', 'postaladdress'],
  outstandingAmount: [
    'outstandingamount',
    'outstanding',
    'amountdue',
    'amountowed',
    'amount',
    'balance',
    'balancedue',
    'owed',
  ],
  currency: ['currency', 'currencycode', 'ccy'],
  dueDate: ['duedate', 'due', 'datedue', 'paymentdue', 'paymentduedate', 'deadline'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks'],
  assigneeEmail: ['assigneeemail', 'assignee', 'assignedto', 'agent', 'agentemail', 'owner'],
  paymentStatus: ['paymentstatus', 'status'],
};

/** Lower case, no accents, letters and digits only: "E-mail" and "Due  Date" become "email", "duedate". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// A Map, never an object: a header called "__proto__" or "constructor" is only ever a key.
const COLUMN_BY_NAME = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap((column) => SYNONYMS[column].map((name) => [name, column] as const)),
);

/** Where each known column sits in the header row. */
export type ColumnPositions = Map<ImportColumn, number>;

/**
 * Matches a header row to our columns. A header that matches nothing is listed as unknown and
 * ignored; a missing required column refuses the file (422) by name.
 */
export function matchColumns(headerCells: readonly SheetCell[]): {
  positions: ColumnPositions;
  columns: ImportColumns;
} {
  const positions: ColumnPositions = new Map();
  const columns: ImportColumns = { matched: [], unknown: [], missing: [] };
  headerCells.forEach((cell, index) => {
    const header = cell === null ? '' : String(cell).trim();
    if (header === '') return;
    const column = COLUMN_BY_NAME.get(normalizeHeader(header));
    if (column && !positions.has(column)) {
      positions.set(column, index);
      columns.matched.push({ header, column });
    } else {
      columns.unknown.push(header);
    }
  });
  const missingRequired = IMPORT_REQUIRED_COLUMNS.filter((column) => !positions.has(column));
  if (missingRequired.length > 0) {
    const names = missingRequired.map((column) => `"${IMPORT_COLUMN_TITLES[column]}"`).join(', ');
    throw new ImportFileRejectedError(
      `The first row must name the column${missingRequired.length > 1 ? 's' : ''} ${names}. Start from the template to see every column.`,
      missingRequired[0],
    );
  }
  columns.missing = IMPORT_COLUMNS.filter(
    (column) => !positions.has(column) && column !== 'paymentStatus',
  );
  return { positions, columns };
}
