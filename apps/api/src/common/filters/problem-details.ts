import { STATUS_CODES } from 'node:http';

import type { FieldError, ProblemDetails } from '@collection-desk/contracts';

import { ErrorCode } from '../errors/error-code.js';

const PROBLEM_TYPE_BASE = 'urn:collection-desk:problem:';

export interface ProblemMapping {
  status: number;
  title: string;
}

/** HTTP meaning of each domain error code; the switch fails to compile when a code is missing. */
export function problemMappingFor(code: ErrorCode): ProblemMapping {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return { status: 400, title: 'Your request has invalid fields' };
    case ErrorCode.CustomerNotFound:
      return { status: 404, title: 'Customer not found' };
    case ErrorCode.CustomerVersionConflict:
      return { status: 412, title: 'The customer was changed by someone else' };
    case ErrorCode.CustomerEmailTaken:
      return { status: 409, title: 'Email already in use' };
    case ErrorCode.StorageUnavailable:
      return { status: 503, title: 'Storage is unavailable' };
    case ErrorCode.Unauthenticated:
      return { status: 401, title: 'Sign in first' };
    case ErrorCode.InvalidCredentials:
      return { status: 401, title: 'Wrong email or password' };
    case ErrorCode.AccountDisabled:
      return { status: 403, title: 'Account deactivated' };
    case ErrorCode.InvalidRefreshToken:
      return { status: 401, title: 'Session expired' };
    case ErrorCode.Forbidden:
      return { status: 403, title: 'Not allowed for your role' };
    case ErrorCode.RegistrationClosed:
      return { status: 403, title: 'Registration is closed' };
    case ErrorCode.EmailAlreadyRegistered:
      return { status: 409, title: 'Email already registered' };
    case ErrorCode.UserNotFound:
      return { status: 404, title: 'User not found' };
    case ErrorCode.UserVersionConflict:
      return { status: 409, title: 'Changed by someone else at the same time' };
    case ErrorCode.LastAdmin:
      return { status: 409, title: 'The last admin must stay an active admin' };
    case ErrorCode.PreconditionRequired:
      return { status: 428, title: 'Send the version you are changing' };
    case ErrorCode.TooManyAttempts:
      return { status: 429, title: 'Too many attempts' };
    case ErrorCode.TooManyWrites:
      return { status: 429, title: 'Too many changes' };
    case ErrorCode.PaymentNotFound:
      return { status: 404, title: 'Payment not found' };
    case ErrorCode.PaymentNotAcceptable:
      return { status: 422, title: 'This payment cannot be taken' };
    case ErrorCode.PaymentConflict:
      return { status: 409, title: 'The payment cannot change that way now' };
    case ErrorCode.IdempotencyKeyReused:
      return { status: 422, title: 'Idempotency-Key already used for another request' };
    case ErrorCode.NotificationNotFound:
      return { status: 404, title: 'Notification not found' };
    case ErrorCode.OverdueScanRunning:
      return { status: 409, title: 'An overdue scan is already running' };
    case ErrorCode.OverdueScanTakenOver:
      return { status: 409, title: 'Another instance took the overdue scan over' };
    case ErrorCode.ImportNotFound:
      return { status: 404, title: 'Import not found' };
    case ErrorCode.ImportUnsupportedFile:
      return { status: 415, title: 'Not a spreadsheet we can read' };
    case ErrorCode.ImportFileRejected:
      return { status: 422, title: 'The spreadsheet cannot be imported' };
    case ErrorCode.ImportFileTooLarge:
      return { status: 413, title: 'The file is too large' };
    case ErrorCode.ImportUploadCutOff:
      return { status: 400, title: 'The upload was cut off' };
    case ErrorCode.ImportNotCommittable:
      return { status: 409, title: 'This import cannot be committed' };
    case ErrorCode.ImportHasInvalidRows:
      return { status: 422, title: 'The import has invalid rows' };
    case ErrorCode.ImportStale:
      return { status: 409, title: 'Customers changed since the import was checked' };
    default: {
      const unhandled: never = code;
      throw new Error(`No HTTP mapping for error code ${String(unhandled)}`);
    }
  }
}

export interface ProblemInput {
  status: number;
  detail: string;
  /** A domain error code; plain HTTP errors use `about:blank` as RFC 9457 suggests. */
  code?: ErrorCode;
  title?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
}

export function buildProblem(input: ProblemInput): ProblemDetails & Record<string, unknown> {
  return {
    ...input.extensions,
    type: input.code ? `${PROBLEM_TYPE_BASE}${input.code}` : 'about:blank',
    title: input.title ?? STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    detail: input.detail,
    ...(input.instance ? { instance: input.instance } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
    ...(input.errors ? { errors: input.errors } : {}),
  };
}
