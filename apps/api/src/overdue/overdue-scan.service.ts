import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import { Injectable, Logger } from '@nestjs/common';

import {
  type Customer,
  OVERDUE_DIGEST_THRESHOLD,
  type OverdueRun,
  type OverdueTrigger,
} from '@collection-desk/contracts';

import { DomainEvents } from '../common/events/domain-events.js';
import { Clock } from '../common/time/clock.js';
import { CustomerRepository } from '../customers/customer.repository.js';
import { derivePaymentStatus } from '../customers/payment-status.js';
import { OverdueScanRunningError, OverdueScanTakenOverError } from './overdue.errors.js';
import { JobLeaseRepository, OverdueRunRepository } from './overdue.repository.js';

export const OVERDUE_LEASE = 'overdue-scan';
/**
 * Small enough that each step between two yields to the event loop (storing one chunk's
 * notifications, reading the next chunk and storing its customers) holds it ~15 ms. One yield
 * per chunk, not one per write: each yield lets every waiting request through, which under load
 * cost the scan more than it gave them (9.1–9.9 s against 10.0–10.3 s, p95 still ≤ 2.5×).
 */
const CHUNK = 200;
/** Long enough for a large scan's chunk. */
const LEASE_MS = 2 * 60 * 1000;
/**
 * A running scan renews its lease once this much of it is used (not after every chunk: 500 fewer
 * transactions in a scan of 100,000), leaving 110 s for the chunk in hand.
 */
const LEASE_RENEWAL_MS = 10 * 1000;

/**
 * Marks overdue every pending customer owing money whose due date is before today (in TZ): a
 * rule about the date, not about "due yesterday", so days missed while stopped are caught up.
 * One scan at a time across instances (a lease in storage); candidates are read through an
 * index and written in chunks, yielding between them so the API keeps answering.
 */
@Injectable()
export class OverdueScanService {
  private readonly logger = new Logger(OverdueScanService.name);
  private readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly customers: CustomerRepository,
    private readonly leases: JobLeaseRepository,
    private readonly runs: OverdueRunRepository,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async scan(trigger: OverdueTrigger): Promise<OverdueRun> {
    const holder = `${this.instance}:${randomUUID().slice(0, 8)}`;
    let leaseRenewedAt = await this.takeLease(holder);
    const renewLease = async () => {
      const now = this.clock.now().getTime();
      if (now - leaseRenewedAt < LEASE_RENEWAL_MS) return;
      const expiresAt = new Date(now + LEASE_MS).toISOString();
      if (!(await this.leases.renew(OVERDUE_LEASE, holder, expiresAt))) {
        throw new OverdueScanTakenOverError();
      }
      leaseRenewedAt = now;
    };
    const started = this.clock.now();
    const run: OverdueRun = {
      id: randomUUID(),
      trigger,
      startedAt: started.toISOString(),
      durationMs: 0,
      checked: 0,
      markedOverdue: 0,
      notified: 0,
      error: null,
    };
    try {
      await this.markOverdue(run, renewLease);
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      run.durationMs = this.clock.now().getTime() - started.getTime();
      await this.leases.release(OVERDUE_LEASE, holder).catch(() => undefined);
      await this.runs
        .insert(run)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'The overdue run could not be recorded'),
        );
      this.logger.log({ event: 'overdue.scan', ...run }, 'Overdue scan finished');
    }
    return run;
  }

  listRuns(limit: number): Promise<OverdueRun[]> {
    return this.runs.list(limit);
  }

  private async markOverdue(run: OverdueRun, renewLease: () => Promise<void>): Promise<void> {
    const today = this.clock.today();
    let after: { dueDate: string; id: string } | null = null;
    let quiet: boolean | null = null;
    for (;;) {
      const candidates: Customer[] = await this.customers.overdueCandidates(today, after, CHUNK);
      if (candidates.length === 0) break;
      // More than a handful at once is announced by one digest at the end, not a toast each.
      quiet ??= candidates.length > OVERDUE_DIGEST_THRESHOLD;
      run.checked += candidates.length;
      const last = candidates.at(-1)!;
      after = { dueDate: last.dueDate, id: last.id };
      const now = this.clock.now().toISOString();
      const changes = candidates
        .filter(
          (customer) =>
            derivePaymentStatus(customer.outstandingAmount, customer.dueDate, today) === 'overdue',
        )
        .map((customer) => ({
          previous: customer,
          next: {
            ...customer,
            paymentStatus: 'overdue' as const,
            updatedAt: now,
            version: customer.version + 1,
          },
        }));
      const storedIds = new Set(await this.customers.replaceMany(changes));
      await yieldToEventLoop();
      const marked = changes
        .map((change) => change.next)
        .filter((customer) => storedIds.has(customer.id));
      run.markedOverdue += marked.length;
      const receipt = { notified: 0 };
      await this.events.publishAndWait('customer.overdue', { customers: marked, quiet, receipt });
      run.notified += receipt.notified;
      if (!quiet) {
        for (const customer of marked)
          this.events.publish('customer.updated', { customer, actorId: null });
      }
      if (candidates.length < CHUNK) break;
      await renewLease();
    }
    this.events.publish('overdue.scan-finished', {
      markedOverdue: run.markedOverdue,
      notified: run.notified,
      quiet: quiet ?? false,
    });
  }

  /** Takes the lease; when it was taken. */
  private async takeLease(holder: string): Promise<number> {
    const now = this.clock.now();
    const answer = await this.leases.acquire(
      OVERDUE_LEASE,
      holder,
      now.toISOString(),
      new Date(now.getTime() + LEASE_MS).toISOString(),
    );
    if (!answer.acquired) throw new OverdueScanRunningError(answer.holder, answer.expiresAt);
    return now.getTime();
  }
}
