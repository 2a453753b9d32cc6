import type { ImportStatus } from '@collection-desk/contracts';

import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

export class ImportNotFoundError extends DomainError {
  readonly code = ErrorCode.ImportNotFound;

  constructor(id: string) {
    super(`No import has id ${id}.`);
  }
}

/** The upload is not a spreadsheet we read (by its bytes, not its name). */
export class ImportUnsupportedFileError extends DomainError {
  readonly code = ErrorCode.ImportUnsupportedFile;

  constructor(reason: string) {
    super(`${reason} Upload an .xlsx, .xls, .ods or .csv file (the template is an .xlsx).`);
  }
}

/** A spreadsheet we recognise but cannot take as a whole: empty, encrypted, damaged, too large. */
export class ImportFileRejectedError extends DomainError {
  readonly code = ErrorCode.ImportFileRejected;

  constructor(message: string, field = 'file') {
    super(message);
    this.extensions.errors = [{ field, message }];
  }
}

export class ImportFileTooLargeError extends DomainError {
  readonly code = ErrorCode.ImportFileTooLarge;

  constructor(maxBytes: number) {
    super(`The file is larger than the ${readableSize(maxBytes)} an import accepts.`);
  }
}

/** The client closed the connection before the whole file arrived: nothing was read. */
export class ImportUploadCutOffError extends DomainError {
  readonly code = ErrorCode.ImportUploadCutOff;

  constructor() {
    const message = 'The connection closed before the whole file arrived. Upload it again.';
    super(message);
    this.extensions.errors = [{ field: 'file', message }];
  }
}

/** 10 MB, 1.5 MB, 195 KB: a limit as a person reads it. */
function readableSize(bytes: number): string {
  const megabytes = bytes / 1024 / 1024;
  if (megabytes >= 1) return `${Number(megabytes.toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A commit asked of an import that is not waiting for one. */
export class ImportNotCommittableError extends DomainError {
  readonly code = ErrorCode.ImportNotCommittable;

  constructor(id: string, status: ImportStatus) {
    super(
      status === 'committing'
        ? `Import ${id} is being committed right now.`
        : `Import ${id} is ${status}: only a validated import can be committed, once.`,
    );
    this.extensions.status = status;
  }
}

/** `onInvalid: abort` with invalid rows: nothing was written. */
export class ImportHasInvalidRowsError extends DomainError {
  readonly code = ErrorCode.ImportHasInvalidRows;

  constructor(invalid: number) {
    super(
      `${invalid} row${invalid === 1 ? ' is' : 's are'} invalid, so nothing was written. Fix them and upload again, or commit with onInvalid "skip".`,
    );
    this.extensions.invalid = invalid;
  }
}

/** Customers changed between the validation and the commit in a way the rows no longer fit. */
export class ImportStaleError extends DomainError {
  readonly code = ErrorCode.ImportStale;

  constructor(detail: string) {
    super(`${detail} Nothing was written; commit again to use the current data.`);
  }
}
