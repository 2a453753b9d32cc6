import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

export class NotificationNotFoundError extends DomainError {
  readonly code = ErrorCode.NotificationNotFound;

  constructor(readonly notificationId: string) {
    super(`No notification has the id ${notificationId}.`);
  }
}
