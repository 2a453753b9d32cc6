/**
 * The columns an import understands, by key. Headers in a file are matched to these tolerantly
 * (case, spaces, accents, common synonyms); `paymentStatus` is accepted though the template has
 * none, and only ever produces warnings.
 */
export const IMPORT_COLUMNS = [
  'name',
  'email',
  'phone',
  'address',
  'outstandingAmount',
  'currency',
  'dueDate',
  'notes',
  'assigneeEmail',
  'paymentStatus',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The template's headers, in its order. */
export const IMPORT_COLUMN_TITLES: Record<ImportColumn, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  outstandingAmount: 'Outstanding amount',
  currency: 'Currency',
  dueDate: 'Due date',
  notes: 'Notes',
  assigneeEmail: 'Assignee email',
  paymentStatus: 'Payment status',
};

/** A file without one of these columns is refused as a whole. */
export const IMPORT_REQUIRED_COLUMNS = [
  'name',
  'email',
  'outstandingAmount',
  'dueDate',
] as const satisfies readonly ImportColumn[];

/** How dates written as text are read; date cells and Excel serial numbers need no format. */
export const IMPORT_DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type ImportDateFormat = (typeof IMPORT_DATE_FORMATS)[number];

export const IMPORT_FILE_FORMATS = ['xlsx', 'xls', 'ods', 'csv'] as const;
export type ImportFileFormat = (typeof IMPORT_FILE_FORMATS)[number];

/** Data rows one import may hold (the header row not counted). */
export const IMPORT_MAX_ROWS = 100_000;

/**
 * `validated`: checked, nothing written, waiting for a commit. `committing`: being written.
 * `committed`: written (see `result`). `failed`: the commit wrote nothing. `expired`: never
 * committed within a day.
 */
export const IMPORT_STATUSES = [
  'validated',
  'committing',
  'committed',
  'failed',
  'expired',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** `create-only` leaves customers that already exist untouched (their rows are skipped). */
export const IMPORT_MODES = ['create-only', 'upsert'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** `abort` writes nothing while any row is invalid; `skip` writes the valid rows only. */
export const IMPORT_INVALID_ROW_POLICIES = ['abort', 'skip'] as const;
export type ImportInvalidRowPolicy = (typeof IMPORT_INVALID_ROW_POLICIES)[number];

/** What committing a valid row does: no customer has its email yet, or one has. */
export const IMPORT_ROW_ACTIONS = ['create', 'update'] as const;
export type ImportRowAction = (typeof IMPORT_ROW_ACTIONS)[number];

/** Filters of `GET /imports/:id/rows`. */
export const IMPORT_ROW_FILTERS = ['valid', 'invalid', 'create', 'update', 'warning'] as const;
export type ImportRowFilter = (typeof IMPORT_ROW_FILTERS)[number];

export interface ImportTotals {
  /** Data rows read (empty rows are not counted). */
  rows: number;
  valid: number;
  invalid: number;
  toCreate: number;
  toUpdate: number;
  /** Rows whose email an earlier row of the same file already has (each one is invalid). */
  duplicatesInFile: number;
  /** Valid rows with at least one warning. */
  withWarnings: number;
}

export interface ImportColumnMatch {
  /** The header as written in the file. */
  header: string;
  column: ImportColumn;
}

export interface ImportColumns {
  matched: ImportColumnMatch[];
  /** Headers that match no column: ignored, never guessed. */
  unknown: string[];
  /** Optional columns the file does not have (a missing required one refuses the file). */
  missing: ImportColumn[];
}

/** `POST /imports/:id/commit` */
export interface CommitImportRequest {
  mode: ImportMode;
  onInvalid: ImportInvalidRowPolicy;
}

export interface ImportResult {
  created: number;
  updated: number;
  /** Invalid rows left out, and in `create-only` mode rows whose customer already exists. */
  skipped: number;
  /** Valid rows that could not be written because their customer changed since validation. */
  failed: number;
}

export interface ImportSummary {
  id: string;
  status: ImportStatus;
  fileName: string;
  format: ImportFileFormat;
  dateFormat: ImportDateFormat;
  totals: ImportTotals;
  columns: ImportColumns;
  createdBy: string;
  createdAt: string;
  /** When a validated import that was never committed is deleted. */
  expiresAt: string;
  /** While `committing`, when the commit began; once `committed`, when it ended. */
  committedAt: string | null;
  mode: ImportMode | null;
  onInvalid: ImportInvalidRowPolicy | null;
  result: ImportResult | null;
}

/** A problem with one cell (or, with `column` null, the whole row). */
export interface ImportCellIssue {
  column: ImportColumn | null;
  message: string;
}

/** One row's values as read (text as written; numbers and dates as the file held them). */
export type ImportRowValues = Partial<Record<ImportColumn, string>>;

export interface ImportRow {
  /** The row number as the spreadsheet program shows it (the header is row 1). */
  row: number;
  /** Null when the row is invalid. */
  action: ImportRowAction | null;
  values: ImportRowValues;
  errors: ImportCellIssue[];
  warnings: ImportCellIssue[];
}

export interface ImportRowPage {
  items: ImportRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** `validating`: the file is read and checked at once, its total known only at its end (0 until then). */
export const IMPORT_PHASES = ['validating', 'committing'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** Pushed to the importing user's sockets while a large file is read, checked or written. */
export interface ImportProgressEvent {
  /** Null while the file is read, before the import has an id. */
  importId: string | null;
  /** The upload's own token (the `uploadToken` form field), so a browser knows its upload. */
  uploadToken: string | null;
  phase: ImportPhase;
  done: number;
  total: number;
}

/** Pushed to everyone once per committed import (never one `customer.created` per row). */
export interface ImportFinishedEvent {
  import: ImportSummary;
  actorId: string;
}
