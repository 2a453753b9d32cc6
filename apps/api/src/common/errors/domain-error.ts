import type { FieldError } from '@collection-desk/contracts';

import { ErrorCode } from './error-code.js';

/** Base of every expected failure. Knows nothing of HTTP: the problem-details filter does. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra members for the problem body (e.g. the current version on a conflict). */
  readonly extensions: Record<string, unknown> = {};
  /** Seconds a client should wait before trying again (sent as Retry-After), when that applies. */
  readonly retryAfterSeconds?: number;
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

/** Storage cannot answer right now (down, overloaded, disk full): worth retrying later. */
export class StorageUnavailableError extends DomainError {
  readonly code = ErrorCode.StorageUnavailable;
  override readonly retryAfterSeconds = 5;

  /** `reason` is logged, never shown: it can name indices, files or hosts. */
  constructor(readonly reason: string) {
    super('Storage is unavailable right now. Try again in a few seconds.');
  }
}
