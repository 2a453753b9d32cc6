/** Every failure the domain can report. The problem-details filter maps each one to HTTP. */
export enum ErrorCode {
  ValidationFailed = 'validation-failed',
  CustomerNotFound = 'customer-not-found',
  CustomerVersionConflict = 'customer-version-conflict',
  CustomerEmailTaken = 'customer-email-taken',
  StorageUnavailable = 'storage-unavailable',
  Unauthenticated = 'unauthenticated',
  InvalidCredentials = 'invalid-credentials',
  AccountDisabled = 'account-disabled',
  InvalidRefreshToken = 'invalid-refresh-token',
  Forbidden = 'forbidden',
  RegistrationClosed = 'registration-closed',
  EmailAlreadyRegistered = 'email-already-registered',
  UserNotFound = 'user-not-found',
  LastAdmin = 'last-admin',
  PreconditionRequired = 'precondition-required',
}
