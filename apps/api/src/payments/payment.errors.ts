import type { FieldError } from '@collection-desk/contracts';

import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

export class PaymentNotFoundError extends DomainError {
  readonly code = ErrorCode.PaymentNotFound;

  constructor(readonly paymentId: string) {
    super(`No payment has the id ${paymentId}.`);
  }
}

/** Well-formed, but not a payment this customer can take (too much, wrong currency, ...). */
export class PaymentNotAcceptableError extends DomainError {
  readonly code = ErrorCode.PaymentNotAcceptable;

  constructor(readonly fieldErrors: FieldError[]) {
    super(
      fieldErrors.length === 1
        ? `${fieldErrors[0].field}: ${fieldErrors[0].message}`
        : `${fieldErrors.length} fields make this payment impossible.`,
    );
    this.extensions['errors'] = fieldErrors;
  }
}

export class IdempotencyKeyMissingError extends DomainError {
  readonly code = ErrorCode.ValidationFailed;

  constructor() {
    super('Send an Idempotency-Key header (a UUID you make per payment): it makes retries safe.');
    this.extensions['errors'] = [
      {
        field: 'Idempotency-Key',
        message: 'is required: 8 to 255 visible characters, such as a UUID',
      },
    ];
  }
}

/** The sender used the key before with another request body. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = ErrorCode.IdempotencyKeyReused;

  constructor() {
    super(
      'This Idempotency-Key was already used for a different payment. Use a new key for a new payment.',
    );
    this.extensions['errors'] = [
      { field: 'Idempotency-Key', message: 'was already used with another request body' },
    ];
  }
}

/** Storage: the sender's key is taken (the service replays the first answer). */
export class PaymentIdempotencyKeyTakenError extends DomainError {
  readonly code = ErrorCode.IdempotencyKeyReused;
}

/** Storage: the payment changed between reading and writing it. */
export class PaymentVersionConflictError extends DomainError {
  readonly code = ErrorCode.PaymentConflict;

  constructor(readonly paymentId: string) {
    super(`Payment ${paymentId} was changed at the same time. Reload it and try again.`);
  }
}

/** A change a payment in its state cannot make (a failed payment stays failed). */
export class PaymentTransitionError extends DomainError {
  readonly code = ErrorCode.PaymentConflict;
}
