import type { OverdueRun } from '@collection-desk/contracts';

export type LeaseAnswer =
  { acquired: true } | { acquired: false; holder: string; expiresAt: string };

/**
 * Leases of scheduled jobs, so one runs at a time across every instance: a lease has a holder
 * and an expiry, and a lapsed one (its holder crashed) can be taken.
 */
export abstract class JobLeaseRepository {
  /** Takes the lease if it is free, lapsed at `now`, or already ours; renews it to `expiresAt`. */
  abstract acquire(
    name: string,
    holder: string,
    now: string,
    expiresAt: string,
  ): Promise<LeaseAnswer>;

  /**
   * Extends the lease to `expiresAt` if `holder` still holds it (lapsed or not); false when
   * another holder took it over, or took it and gave it up, meanwhile.
   */
  abstract renew(name: string, holder: string, expiresAt: string): Promise<boolean>;

  /** Gives the lease up if `holder` still holds it. */
  abstract release(name: string, holder: string): Promise<void>;
}

/** The record of past overdue scans. */
export abstract class OverdueRunRepository {
  abstract insert(run: OverdueRun): Promise<void>;

  /** Newest first. */
  abstract list(limit: number): Promise<OverdueRun[]>;
}
