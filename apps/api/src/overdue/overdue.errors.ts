import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

export class OverdueScanRunningError extends DomainError {
  readonly code = ErrorCode.OverdueScanRunning;

  constructor(holder: string, expiresAt: string) {
    super(`An overdue scan is running (held by ${holder} until ${expiresAt} at the latest).`);
    this.extensions['holder'] = holder;
    this.extensions['expiresAt'] = expiresAt;
  }
}
