import type { FieldError } from '@collection-desk/contracts';

import { ErrorCode } from './error-code.js';

/** Base of every expected failure. Knows nothing of HTTP: the problem-details filter does. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra members for the problem body (e.g. the current version on a conflict). */
  readonly extensions: Record<string, unknown> = {};
}

export class ValidationFailedError extends DomainError {
  readonly code = ErrorCode.ValidationFailed;

  constructor(readonly fieldErrors: FieldError[]) {
    super(
      fieldErrors.length === 1
        ? `${fieldErrors[0].field}: ${fieldErrors[0].message}`
        : `${fieldErrors.length} fields are invalid.`,
    );
  }
}

export class StorageUnavailableError extends DomainError {
  readonly code = ErrorCode.StorageUnavailable;
}
