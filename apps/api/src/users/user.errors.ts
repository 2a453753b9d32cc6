import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

export class EmailAlreadyRegisteredError extends DomainError {
  readonly code = ErrorCode.EmailAlreadyRegistered;

  constructor() {
    super('An account with this email already exists. Sign in instead.');
    this.extensions['errors'] = [{ field: 'email', message: 'is already registered' }];
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = ErrorCode.UserNotFound;

  constructor(readonly userId: string) {
    super(`No user has the id ${userId}.`);
  }
}

export class LastAdminError extends DomainError {
  readonly code = ErrorCode.LastAdmin;

  constructor() {
    super('At least one active admin must remain: make someone else admin first.');
  }
}

/** A user changed between reading and writing it; the service reads again and retries. */
export class UserVersionConflictError extends DomainError {
  readonly code = ErrorCode.UserVersionConflict;

  constructor(readonly userId: string) {
    super('This account was changed by someone else at the same time. Try again.');
  }
}

/** The set of active admins changed while a role change was being decided; retried likewise. */
export class AdminRosterChangedError extends DomainError {
  readonly code = ErrorCode.UserVersionConflict;

  constructor() {
    super('Admins were changed by someone else at the same time. Try again.');
  }
}
