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
