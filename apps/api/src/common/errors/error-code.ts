/** Every failure the domain can report. The problem-details filter maps each one to HTTP. */
export enum ErrorCode {
  ValidationFailed = 'validation-failed',
  CustomerNotFound = 'customer-not-found',
  CustomerVersionConflict = 'customer-version-conflict',
  CustomerEmailTaken = 'customer-email-taken',
  StorageUnavailable = 'storage-unavailable',
}
