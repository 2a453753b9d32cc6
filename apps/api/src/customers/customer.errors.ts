import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

export class CustomerNotFoundError extends DomainError {
  readonly code = ErrorCode.CustomerNotFound;

  constructor(readonly customerId: string) {
    super(`No customer has the id ${customerId}.`);
  }
}

export class CustomerVersionConflictError extends DomainError {
  readonly code = ErrorCode.CustomerVersionConflict;

  constructor(
    readonly customerId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `Customer ${customerId} was changed by someone else (version ${currentVersion}, you had ${expectedVersion}). Reload it and apply your change again.`,
    );
    this.extensions['currentVersion'] = currentVersion;
  }
}

export class CustomerEmailTakenError extends DomainError {
  readonly code = ErrorCode.CustomerEmailTaken;

  constructor(readonly email: string) {
    super(`Another customer already uses the email ${email}.`);
    this.extensions['errors'] = [
      { field: 'email', message: 'is already used by another customer' },
    ];
  }
}

export class CustomerPreconditionRequiredError extends DomainError {
  readonly code = ErrorCode.PreconditionRequired;

  constructor() {
    super('Send the ETag you read as "If-Match", so that no one else\'s change is overwritten.');
  }
}

/** If-Match named only tags that can never match (weak or not ours): RFC 9110 says 412. */
export class CustomerPreconditionFailedError extends DomainError {
  readonly code = ErrorCode.CustomerVersionConflict;

  constructor(readonly customerId: string) {
    super(
      'If-Match must be a strong ETag this API sent (such as "v3"); weak or unknown tags never match.',
    );
  }
}
