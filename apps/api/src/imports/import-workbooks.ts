import ExcelJS from 'exceljs';

import {
  IMPORT_COLUMN_TITLES,
  IMPORT_DATE_FORMATS,
  IMPORT_MAX_ROWS,
  IMPORT_REQUIRED_COLUMNS,
  type ImportColumn,
  type ImportColumns,
} from '@collection-desk/contracts';

import {
  startsLikeFormula,
  withoutStrayControls,
} from '../common/spreadsheets/formula-injection.js';
import { QUOTE_PREFIX_STYLE } from '../common/spreadsheets/quote-prefix.js';
import type { StoredImportRow } from './import.repository.js';

/** The template's columns, in its order (the status column is accepted, not offered). */
const TEMPLATE_COLUMNS: { column: ImportColumn; width: number; note: string }[] = [
  { column: 'name', width: 32, note: 'Required. Up to 200 characters.' },
  {
    column: 'email',
    width: 32,
    note: 'Required and unique: a row whose email exists updates that customer.',
  },
  { column: 'phone', width: 18, note: 'International format, such as +49 30 1234567.' },
  { column: 'address', width: 36, note: 'Up to 500 characters.' },
  {
    column: 'outstandingAmount',
    width: 20,
    note: 'Required. What the customer owes, such as 1250.50 (not negative).',
  },
  {
    column: 'currency',
    width: 12,
    note: 'ISO code such as EUR; empty means the default currency.',
  },
  { column: 'dueDate', width: 14, note: 'Required. A date cell, or text written YYYY-MM-DD.' },
  { column: 'notes', width: 36, note: 'Up to 2,000 characters.' },
  { column: 'assigneeEmail', width: 28, note: 'The email of an active agent or admin, or empty.' },
];

const TEMPLATE_ROWS_WITH_LISTS = 5_000;
const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFE8EAF6' },
};
const BAD_CELL_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFFC7CE' },
};

export interface TemplateLists {
  currencies: readonly string[];
  assigneeEmails: readonly string[];
  defaultCurrency: string;
  today: string;
}

/**
 * The import template: a Customers sheet with the header, two example rows, formats and
 * drop-downs on their columns and a frozen header; then Instructions; then the hidden lists
 * the drop-downs read.
 */
export async function templateWorkbook(lists: TemplateLists): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Collection Desk';
  const sheet = workbook.addWorksheet('Customers', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map(({ column, width }) => ({
    header: IMPORT_COLUMN_TITLES[column],
    key: column,
    width,
  }));
  styleHeader(sheet.getRow(1));
  TEMPLATE_COLUMNS.forEach(({ note }, index) => {
    sheet.getRow(1).getCell(index + 1).note = note;
  });
  const dueDate = new Date(`${lists.today}T00:00:00Z`);
  dueDate.setUTCDate(dueDate.getUTCDate() + 30);
  sheet.addRow({
    name: 'Acme Trading GmbH',
    email: 'billing@acme.example',
    phone: '+49 30 1234567',
    address: 'Friedrichstraße 1, 10117 Berlin',
    outstandingAmount: 1250.5,
    currency: lists.defaultCurrency,
    dueDate,
    notes: 'Example row: replace or delete it.',
    assigneeEmail: lists.assigneeEmails[0] ?? null,
  });
  sheet.addRow({
    name: 'Globex Logistics Ltd',
    email: 'accounts@globex.example',
    outstandingAmount: 0,
    currency: lists.defaultCurrency,
    dueDate,
    notes: 'Example row: nothing owed.',
  });
  sheet.getColumn('outstandingAmount').numFmt = '#,##0.00';
  sheet.getColumn('dueDate').numFmt = 'yyyy-mm-dd';

  const listSheet = workbook.addWorksheet('Lists', { state: 'veryHidden' });
  lists.currencies.forEach((currency, index) => (listSheet.getCell(index + 1, 1).value = currency));
  lists.assigneeEmails.forEach((email, index) => (listSheet.getCell(index + 1, 2).value = email));
  const last = TEMPLATE_ROWS_WITH_LISTS + 1;
  validationsOf(sheet).add(`F2:F${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`Lists!$A$1:$A$${Math.max(1, lists.currencies.length)}`],
    showErrorMessage: true,
    errorTitle: 'Currency',
    error: 'Choose a currency from the list.',
  });
  if (lists.assigneeEmails.length > 0) {
    validationsOf(sheet).add(`I2:I${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`Lists!$B$1:$B$${lists.assigneeEmails.length}`],
      showErrorMessage: true,
      errorTitle: 'Assignee',
      error: 'Choose an agent or admin from the list, or leave it empty.',
    });
  }
  validationsOf(sheet).add(`G2:G${last}`, {
    type: 'date',
    operator: 'greaterThan',
    allowBlank: false,
    formulae: [new Date(Date.UTC(1900, 0, 1))],
    showErrorMessage: true,
    errorTitle: 'Due date',
    error: 'Enter a date.',
  });

  addInstructions(workbook.addWorksheet('Instructions'), lists);
  // Customers first: it is the sheet an import reads.
  workbook.views = [
    { activeTab: 0, x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, visibility: 'visible' },
  ];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addInstructions(sheet: ExcelJS.Worksheet, lists: TemplateLists): void {
  sheet.getColumn(1).width = 110;
  const required = IMPORT_REQUIRED_COLUMNS.map((column) => IMPORT_COLUMN_TITLES[column]).join(', ');
  const lines = [
    'How to import customers',
    '',
    '1. Fill the Customers sheet: one customer per row, under the header. Keep the header row.',
    `2. Required columns: ${required}. The others may stay empty.`,
    '3. Amounts are what the customer owes now, in the currency of the row (1250.50, 1,250.50 and 1.250,50 all work).',
    `4. Dates: date cells work as they are. Dates typed as text are read as ${IMPORT_DATE_FORMATS.join(', ')}, as you choose when uploading.`,
    `5. Currency: an ISO code such as ${lists.defaultCurrency}. Empty means ${lists.defaultCurrency}.`,
    '6. A row whose email belongs to an existing customer updates that customer when you choose "create and update"; empty cells keep what is stored.',
    '7. The status (pending, overdue, completed) follows the amount and the due date; a "Payment status" column is only compared and warned about.',
    `8. At most ${IMPORT_MAX_ROWS.toLocaleString('en')} rows per file. Upload as .xlsx, .xls, .ods or .csv (UTF-8, comma or semicolon).`,
    '9. Nothing is written until you have seen the preview and chosen to commit. Rows with errors can be downloaded, fixed and uploaded again.',
  ];
  lines.forEach((line, index) => {
    const cell = sheet.getCell(index + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
}

/** exceljs keeps range validations on every sheet; its type declarations leave them out. */
function validationsOf(sheet: ExcelJS.Worksheet): {
  add(range: string, validation: ExcelJS.DataValidation): void;
} {
  return (
    sheet as unknown as {
      dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
    }
  ).dataValidations;
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => (cell.fill = HEADER_FILL));
}

/**
 * The invalid rows as an .xlsx to fix and upload again: the file's own headers and values, each
 * bad cell filled red with its message as a note, and an Errors column (which the next upload
 * lists as unknown and ignores).
 */
export async function errorWorkbook(
  columns: ImportColumns,
  rows: AsyncIterable<StoredImportRow[]>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Rows to fix', { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = [...columns.matched.map((match) => match.header), 'Errors', 'Row in your file'];
  sheet.addRow(headers);
  styleHeader(sheet.getRow(1));
  headers.forEach(
    (_, index) => (sheet.getColumn(index + 1).width = index < columns.matched.length ? 22 : 48),
  );
  for await (const batch of rows) {
    for (const row of batch) {
      const excelRow = sheet.addRow([
        ...columns.matched.map((match) => row.values[match.column] ?? null),
        row.errors
          .map(
            (issue) =>
              `${issue.column ? IMPORT_COLUMN_TITLES[issue.column] : 'Row'}: ${issue.message}`,
          )
          .join('; '),
        row.row,
      ]);
      excelRow.eachCell((cell) => {
        if (typeof cell.value !== 'string') return;
        const text = withoutStrayControls(cell.value);
        cell.value = text;
        if (startsLikeFormula(text)) cell.style = { ...cell.style, ...QUOTE_PREFIX_STYLE };
      });
      for (const issue of row.errors) {
        const index = columns.matched.findIndex((match) => match.column === issue.column);
        if (index < 0) continue;
        const cell = excelRow.getCell(index + 1);
        cell.fill = BAD_CELL_FILL;
        cell.note = issue.message;
      }
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
