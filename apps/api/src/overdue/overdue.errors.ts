import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';

/**
 * The scan's lease lapsed (a chunk took longer than its time left) and another holder took it:
 * this scan stops where it is, and what it stored stays (every write is checked by version and
 * every notification by its key).
 */
export class OverdueScanTakenOverError extends DomainError {
  readonly code = ErrorCode.OverdueScanTakenOver;

  constructor() {
    super('Another instance took this overdue scan over after its lease lapsed; it stopped.');
  }
}

export class OverdueScanRunningError extends DomainError {
  readonly code = ErrorCode.OverdueScanRunning;

  constructor(holder: string, expiresAt: string) {
    super(`An overdue scan is running (held by ${holder} until ${expiresAt} at the latest).`);
    this.extensions['holder'] = holder;
    this.extensions['expiresAt'] = expiresAt;
  }
}
