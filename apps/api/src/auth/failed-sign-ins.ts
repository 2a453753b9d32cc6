import { Injectable } from '@nestjs/common';

import { Clock } from '../common/time/clock.js';
import { AppConfig } from '../config/app-config.js';
import { TooManyAttemptsError } from './auth.errors.js';

const WINDOW_MS = 10 * 60_000;

/**
 * Counts failed sign-ins per client address, across emails: a password spray over many accounts
 * from one address is stopped after FAILED_SIGN_INS_PER_ADDRESS (20) failures in 10 minutes, while successful sign-ins (an
 * office arriving at nine) cost nothing. Kept in memory, per process.
 */
@Injectable()
export class FailedSignIns {
  private readonly failures = new Map<string, number[]>();

  private readonly limit: number;

  constructor(
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.limit = config.failedSignInsPerAddress;
  }

  /** Throws TooManyAttemptsError while the address has used up its failures. */
  check(address: string): void {
    const recent = this.recent(address);
    if (recent.length >= this.limit) {
      const oldest = recent[0] ?? this.clock.now().getTime();
      const waitSeconds = Math.max(
        1,
        Math.ceil((oldest + WINDOW_MS - this.clock.now().getTime()) / 1000),
      );
      throw new TooManyAttemptsError(waitSeconds);
    }
  }

  record(address: string): void {
    const recent = this.recent(address);
    recent.push(this.clock.now().getTime());
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.forgetStale();
  }

  private recent(address: string): number[] {
    const since = this.clock.now().getTime() - WINDOW_MS;
    return (this.failures.get(address) ?? []).filter((time) => time > since);
  }

  private forgetStale(): void {
    for (const address of [...this.failures.keys()]) {
      if (this.recent(address).length === 0) this.failures.delete(address);
    }
  }
}
