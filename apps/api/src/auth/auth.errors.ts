import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

export class UnauthenticatedError extends DomainError {
  readonly code = ErrorCode.Unauthenticated;

  constructor(
    detail = 'This needs a valid access token: sign in and send it as "Authorization: Bearer <token>".',
  ) {
    super(detail);
  }
}

/** Same answer for an unknown email and a wrong password, so accounts cannot be discovered. */
export class InvalidCredentialsError extends DomainError {
  readonly code = ErrorCode.InvalidCredentials;

  constructor() {
    super('The email or the password is wrong.');
  }
}

export class AccountDisabledError extends DomainError {
  readonly code = ErrorCode.AccountDisabled;

  constructor() {
    super('This account has been deactivated. Ask an admin to reactivate it.');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  readonly code = ErrorCode.InvalidRefreshToken;

  constructor() {
    super('The session is over (signed out, expired or replaced). Sign in again.');
  }
}

export class ForbiddenError extends DomainError {
  readonly code = ErrorCode.Forbidden;

  constructor(detail = 'Your role does not allow this.') {
    super(detail);
  }
}

export class RegistrationClosedError extends DomainError {
  readonly code = ErrorCode.RegistrationClosed;

  constructor() {
    super('Self-registration is closed here. Ask an admin to create your account.');
  }
}

/** An account made more changes in a minute than WRITES_PER_ACCOUNT_PER_MINUTE allows. */
export class TooManyWritesError extends DomainError {
  readonly code = ErrorCode.TooManyWrites;

  constructor(
    readonly limitPerMinute: number,
    override readonly retryAfterSeconds: number,
  ) {
    super(
      `This account has made ${limitPerMinute} changes in the last minute, the most allowed. Wait ${retryAfterSeconds} seconds, then try again.`,
    );
  }
}

/** Too many failed sign-ins from one address: every attempt from it waits a while. */
export class TooManyAttemptsError extends DomainError {
  readonly code = ErrorCode.TooManyAttempts;

  constructor(override readonly retryAfterSeconds: number) {
    super('Too many failed sign-ins from your address. Wait a few minutes, then try again.');
  }
}
