import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import {
  type ImportCellIssue,
  type ImportColumn,
  type ImportDateFormat,
  type ImportRowValues,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@collection-desk/contracts';

import { flattenErrors } from '../common/validation/validation.pipe.js';
import { illFormedTextFields } from '../common/validation/well-formed-text.js';
import type { ImportedCustomer } from '../customers/customer-import.js';
import { CreateCustomerDto } from '../customers/dto/create-customer.dto.js';
import { fractionDigits } from '../customers/money.js';
import { derivePaymentStatus } from '../customers/payment-status.js';
import type { ColumnPositions } from './import-columns.js';
import type { SheetCell, SheetRow } from './spreadsheet/spreadsheet-worker.js';

export interface CheckedRow {
  row: number;
  values: ImportRowValues;
  /** Present when the row has no errors. */
  customer: ImportedCustomer | null;
  errors: ImportCellIssue[];
  warnings: ImportCellIssue[];
}

export interface RowCheckContext {
  positions: ColumnPositions;
  dateFormat: ImportDateFormat;
  defaultCurrency: string;
  today: string;
  /** Active agents and admins by lower-case email. */
  assignees: ReadonlyMap<string, string>;
}

const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: true,
} as const;

/**
 * Turns one spreadsheet row into a customer, or explains by column why it cannot be one. Cells
 * are read into the API's types here (amounts into minor units, dates into `YYYY-MM-DD`, the
 * assignee's email into an id); every rule after that is the customers API's own validator.
 */
export function checkRow(sheetRow: SheetRow, context: RowCheckContext): CheckedRow {
  const values: ImportRowValues = {};
  const cellOf = (column: ImportColumn): SheetCell => {
    const index = context.positions.get(column);
    return index === undefined ? null : (sheetRow.cells[index] ?? null);
  };
  for (const column of context.positions.keys()) {
    const shown = displayText(cellOf(column));
    if (shown !== '') values[column] = shown;
  }
  const errors: ImportCellIssue[] = [];
  const fail = (column: ImportColumn, message: string) => errors.push({ column, message });

  const currency = textOf(cellOf('currency'))?.toUpperCase() || context.defaultCurrency;
  const amount = readAmount(cellOf('outstandingAmount'), digitsOf(currency));
  if (typeof amount === 'string') fail('outstandingAmount', amount);
  const dueDate = readDate(cellOf('dueDate'), context.dateFormat);
  if (typeof dueDate === 'object') fail('dueDate', dueDate.error);
  const assigneeEmail = textOf(cellOf('assigneeEmail'));
  const assigneeId = assigneeEmail ? context.assignees.get(assigneeEmail.toLowerCase()) : undefined;
  if (assigneeEmail && !assigneeId) {
    fail('assigneeEmail', 'is not the email of an active agent or admin');
  }

  const candidate = {
    name: textOf(cellOf('name')) ?? '',
    email: textOf(cellOf('email')) ?? '',
    phone: textOf(cellOf('phone')),
    address: textOf(cellOf('address')),
    outstandingAmount: typeof amount === 'number' ? amount : 0,
    currency,
    dueDate: typeof dueDate === 'string' ? dueDate : '2000-01-01',
    notes: textOf(cellOf('notes')),
    assigneeId,
  };
  const alreadyFailed = new Set(errors.map((issue) => issue.column));
  for (const problem of [...illFormedTextFields(candidate), ...validateAsApi(candidate)]) {
    const column = (
      problem.field === 'assigneeId' ? 'assigneeEmail' : problem.field
    ) as ImportColumn;
    if (alreadyFailed.has(column)) continue;
    alreadyFailed.add(column);
    fail(column, problem.message);
  }
  if (errors.length > 0) return { row: sheetRow.row, values, customer: null, errors, warnings: [] };

  const customer = dropUndefined(candidate) as ImportedCustomer;
  return {
    row: sheetRow.row,
    values,
    customer,
    errors,
    warnings: statusWarnings(cellOf('paymentStatus'), customer, context.today),
  };
}

function validateAsApi(candidate: object) {
  const dto = plainToInstance(CreateCustomerDto, candidate);
  return flattenErrors(validateSync(dto, VALIDATION_OPTIONS));
}

/** The given status is only compared: the stored one always follows balance and due date. */
function statusWarnings(
  cell: SheetCell,
  customer: ImportedCustomer,
  today: string,
): ImportCellIssue[] {
  const given = textOf(cell)?.toLowerCase();
  if (!given) return [];
  const derived = derivePaymentStatus(customer.outstandingAmount, customer.dueDate, today);
  const known = (given === 'paid' ? 'completed' : given) as PaymentStatus;
  if (!PAYMENT_STATUSES.includes(known)) {
    return [
      {
        column: 'paymentStatus',
        message: `"${given}" is not a status (${PAYMENT_STATUSES.join(', ')}) and is ignored`,
      },
    ];
  }
  return known === derived
    ? []
    : [
        {
          column: 'paymentStatus',
          message: `says ${known}, but the status follows the balance and due date: it will be ${derived}`,
        },
      ];
}

/** What a user sees in the cell: dates as `YYYY-MM-DD`, numbers as written. */
export function displayText(cell: SheetCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell).trim();
}

function textOf(cell: SheetCell): string | undefined {
  const text = displayText(cell);
  return text === '' ? undefined : text;
}

function digitsOf(currency: string): number {
  try {
    return fractionDigits(currency);
  } catch {
    return 2; // an unknown currency is reported on its own column
  }
}

const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/**
 * Minor units from a number cell or from text written either way round (`1,234.56`,
 * `1.234,56`, `1 234,56`, `€ 12`). With one separator, it is the decimal point unless exactly
 * three digits follow it in a currency with other than three decimals (`1,234` is 1234).
 */
export function readAmount(cell: SheetCell, digits: number): number | string {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return 'is required';
  if (typeof cell === 'number') return minorUnitsOfNumber(cell, digits);
  if (typeof cell !== 'string') return 'must be an amount such as 1,234.56';
  let text = cell.replace(/[\s\u00a0\u202f']/g, '').replace(/^[A-Za-z]{3}|[A-Za-z]{3}$/g, '');
  text = text.replace(/^[€$£¥]|[€$£¥]$/g, '');
  if (/^-|^\(.*\)$|-$/.test(text)) return 'must not be negative';
  if (!/^\d[\d.,]*$/.test(text)) return 'must be an amount such as 1,234.56';
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimalAt = Math.max(lastDot, lastComma);
  if (lastDot < 0 || lastComma < 0) {
    const separator = lastDot >= 0 ? '.' : ',';
    const count = text.split(separator).length - 1;
    const after = text.length - decimalAt - 1;
    if (count > 1 || (count === 1 && after === 3 && digits !== 3)) decimalAt = -1;
  }
  const grouped = decimalAt < 0 ? text : text.slice(0, decimalAt);
  const whole = grouped.replace(/[.,]/g, '');
  const fraction = decimalAt < 0 ? '' : text.slice(decimalAt + 1);
  // Thousands separators only between groups of three digits: "1.2.3,4" is no amount.
  const wellGrouped = /^\d+$/.test(grouped) || /^\d{1,3}([.,]\d{3})+$/.test(grouped);
  if (/[.,]/.test(fraction) || whole === '' || !wellGrouped) {
    return 'must be an amount such as 1,234.56';
  }
  if (fraction.length > digits) {
    return digits === 0
      ? 'must be a whole amount in this currency'
      : `has more than ${digits} decimals`;
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  return minor > MAX_AMOUNT ? 'is too large' : minor;
}

function minorUnitsOfNumber(value: number, digits: number): number | string {
  if (!Number.isFinite(value)) return 'must be an amount such as 1,234.56';
  if (value < 0) return 'must not be negative';
  const scaled = value * 10 ** digits;
  const minor = Math.round(scaled);
  // Binary floating point cannot hold 0.1 exactly; anything beyond that noise is a real fraction.
  if (Math.abs(scaled - minor) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    return digits === 0
      ? 'must be a whole amount in this currency'
      : `has more than ${digits} decimals`;
  }
  return minor > MAX_AMOUNT ? 'is too large' : minor;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `YYYY-MM-DD` from a date cell, an Excel serial number, ISO text, or `DD/MM/YYYY` /
 * `MM/DD/YYYY` text as the import's `dateFormat` says. Whether the date exists is the API
 * validator's to say.
 */
export function readDate(cell: SheetCell, format: ImportDateFormat): string | { error: string } {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) {
    return { error: 'is required' };
  }
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'number') {
    // Excel's serial days run from 1 (1900-01-01) to 2,958,465 (9999-12-31).
    if (!Number.isFinite(cell) || cell < 1 || cell >= 2_958_466) {
      return { error: 'must be a date' };
    }
    return isoDate(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * DAY_MS));
  }
  const text = String(cell).trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (iso) return iso[1];
  const dayMonth = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  if (!dayMonth) return { error: `must be a date such as ${example(format)}` };
  if (format === 'YYYY-MM-DD') {
    return {
      error: `is written ${text}: choose the date format DD/MM/YYYY or MM/DD/YYYY for this file, or write YYYY-MM-DD`,
    };
  }
  const [first, second, year] = [dayMonth[1], dayMonth[2], dayMonth[3]];
  const [day, month] = format === 'DD/MM/YYYY' ? [first, second] : [second, first];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function example(format: ImportDateFormat): string {
  return { 'YYYY-MM-DD': '2026-12-31', 'DD/MM/YYYY': '31/12/2026', 'MM/DD/YYYY': '12/31/2026' }[
    format
  ];
}

function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
