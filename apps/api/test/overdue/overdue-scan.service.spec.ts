import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EventEmitter2 } from '@nestjs/event-emitter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type {
  Customer,
  CustomerChangedEvent,
  Notification,
  NotificationDigest,
} from '@collection-desk/contracts';

import { type CustomersOverdueEvent, DomainEvents } from '../../src/common/events/domain-events.js';
import { Clock } from '../../src/common/time/clock.js';
import { AppConfig } from '../../src/config/app-config.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import {
  OverdueScanRunningError,
  OverdueScanTakenOverError,
} from '../../src/overdue/overdue.errors.js';
import { OVERDUE_LEASE, OverdueScanService } from '../../src/overdue/overdue-scan.service.js';
import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { SqliteNotificationRepository } from '../../src/storage/sqlite/sqlite-notification.repository.js';
import {
  SqliteJobLeaseRepository,
  SqliteOverdueRunRepository,
} from '../../src/storage/sqlite/sqlite-overdue.repository.js';
import { SqliteUserRepository } from '../../src/storage/sqlite/sqlite-user.repository.js';
import { aCustomer, openingOf } from '../storage/customer-fixtures.js';

/** A clock stopped at one instant, in one time zone. */
class StoppedClock extends Clock {
  constructor(
    timeZone: string,
    private instant: Date,
  ) {
    super(new AppConfig({ timeZone } as AppConfig));
  }

  override now(): Date {
    return this.instant;
  }

  set(instant: Date): void {
    this.instant = instant;
  }
}

/**
 * The scan against real SQLite storage with the real notifications listener on a real event bus:
 * only the clock is stopped, so "today" can be put where the test needs it.
 */
function scanner(timeZone: string, now: Date) {
  const folder = mkdtempSync(join(tmpdir(), 'cd-overdue-'));
  const database = SqliteDatabase.open(join(folder, 'scan.db'));
  const clock = new StoppedClock(timeZone, now);
  const emitter = new EventEmitter2();
  const events = new DomainEvents(emitter);
  const customers = new SqliteCustomerRepository(database);
  const leases = new SqliteJobLeaseRepository(database);
  const notifications = new SqliteNotificationRepository(database);
  const listener = new NotificationsService(
    notifications,
    new SqliteUserRepository(database),
    events,
    clock,
    new AppConfig({ notificationRetentionDays: 90 } as AppConfig),
  );
  // As @OnDomainEvent wires them in the app: emitAsync waits for the promise each returns.
  const subscribe = <T>(name: string, handler: (payload: T) => unknown) =>
    emitter.on(name, handler);
  subscribe('customer.overdue', (event: CustomersOverdueEvent) => listener.customersOverdue(event));
  subscribe('overdue.scan-finished', (event: { notified: number; quiet: boolean }) =>
    listener.overdueScanFinished(event),
  );
  subscribe('customer.updated', (event: CustomerChangedEvent) => listener.customerUpdated(event));
  const pushed: Notification[] = [];
  const digests: NotificationDigest[] = [];
  emitter.on('notification', (notification: Notification) => pushed.push(notification));
  emitter.on('notification.digest', (digest: NotificationDigest) => digests.push(digest));
  const service = new OverdueScanService(
    customers,
    leases,
    new SqliteOverdueRunRepository(database),
    events,
    clock,
  );
  return {
    service,
    clock,
    /** A listener beside the app's own: emitAsync waits for what it returns, as for theirs. */
    subscribe,
    customers,
    leases,
    notifications,
    pushed,
    digests,
    /** A customer stored as pending, as if created before its due date passed. */
    async pending(dueDate: string, overrides: Partial<Customer> = {}): Promise<Customer> {
      const customer = aCustomer({
        email: `${Math.random().toString(36).slice(2)}@scan.test`,
        dueDate,
        paymentStatus: 'pending',
        ...overrides,
      });
      await customers.insert(customer, openingOf(customer));
      return customer;
    },
    overdueNotices: async () =>
      (await notifications.list('someone', { kinds: ['payment_overdue'], limit: 100 })).length,
    close: () => {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

describe('the overdue scan', () => {
  let subject: ReturnType<typeof scanner>;

  afterEach(() => subject.close());

  describe('in a time zone 14 hours ahead of UTC', () => {
    // 10:30 UTC on 25 November is 00:30 on 26 November in Kiribati's Line Islands.
    beforeEach(() => {
      subject = scanner('Pacific/Kiritimati', new Date('2026-11-25T10:30:00Z'));
    });

    it('marks a customer due yesterday there, never one due today there', async () => {
      const dueYesterday = await subject.pending('2026-11-25');
      const dueToday = await subject.pending('2026-11-26');

      const run = await subject.service.scan('manual');

      expect(run).toMatchObject({ checked: 1, markedOverdue: 1, notified: 1, error: null });
      expect((await subject.customers.findById(dueYesterday.id))?.paymentStatus).toBe('overdue');
      expect((await subject.customers.findById(dueToday.id))?.paymentStatus).toBe('pending');
    });
  });

  describe('in UTC', () => {
    beforeEach(() => {
      subject = scanner('UTC', new Date('2026-11-25T08:00:00Z'));
    });

    it('catches up on days missed while stopped, and leaves settled and archived customers alone', async () => {
      const longAgo = await subject.pending('2026-10-01');
      const settled = await subject.pending('2026-10-01', {
        outstandingAmount: 0,
        paymentStatus: 'completed',
      });
      const archived = await subject.pending('2026-10-01', { archivedAt: '2026-10-02T00:00:00Z' });

      const run = await subject.service.scan('startup');

      expect(run).toMatchObject({ markedOverdue: 1, notified: 1 });
      expect((await subject.customers.findById(longAgo.id))?.paymentStatus).toBe('overdue');
      expect((await subject.customers.findById(settled.id))?.paymentStatus).toBe('completed');
      expect((await subject.customers.findById(archived.id))?.paymentStatus).toBe('pending');
    });

    it('notifies exactly once per customer and due date, however many runs', async () => {
      await subject.pending('2026-11-20');
      await subject.pending('2026-11-21');

      const first = await subject.service.scan('schedule');
      const second = await subject.service.scan('schedule');

      expect(first).toMatchObject({ markedOverdue: 2, notified: 2 });
      expect(second).toMatchObject({ checked: 0, markedOverdue: 0, notified: 0 });
      expect(await subject.overdueNotices()).toBe(2);
      expect(subject.pushed.map((notification) => notification.kind)).toEqual([
        'payment_overdue',
        'payment_overdue',
      ]);
    });

    it('gives one notification per customer when two scans race (one waits for the lease)', async () => {
      for (let index = 0; index < 30; index += 1) await subject.pending('2026-11-01');

      const outcomes = await Promise.allSettled([
        subject.service.scan('schedule'),
        subject.service.scan('manual'),
      ]);

      const done = outcomes.flatMap((outcome) =>
        outcome.status === 'fulfilled' ? [outcome.value] : [],
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toBeInstanceOf(OverdueScanRunningError);
        }
      }
      expect(done.reduce((sum, run) => sum + run.notified, 0)).toBe(30);
      expect(await subject.overdueNotices()).toBe(30);
    });

    it('sends one digest instead of a notification each when more than 20 fall overdue', async () => {
      for (let index = 0; index < 25; index += 1) await subject.pending('2026-11-02');

      const run = await subject.service.scan('schedule');

      expect(run.notified).toBe(25);
      expect(await subject.overdueNotices()).toBe(25);
      expect(subject.pushed).toEqual([]);
      expect(subject.digests).toEqual([
        { kind: 'payment_overdue', count: 25, message: '25 accounts became overdue' },
      ]);
    });

    it('refuses to run while another holds the lease, and takes over a lapsed one', async () => {
      await subject.pending('2026-11-20');
      await subject.leases.acquire(
        OVERDUE_LEASE,
        'other-instance',
        '2026-11-25T08:00:00Z',
        '2026-11-25T08:02:00Z',
      );

      await expect(subject.service.scan('manual')).rejects.toThrow(/other-instance/);

      // The other instance crashed: three minutes later its lease has lapsed.
      subject.clock.set(new Date('2026-11-25T08:03:00Z'));
      expect(await subject.service.scan('manual')).toMatchObject({ markedOverdue: 1 });
    });

    it('stops when another instance took its lapsed lease over mid-scan, keeping what it stored', async () => {
      for (let index = 0; index < 201; index += 1) await subject.pending('2026-11-20');
      let tookOver = false;
      subject.subscribe('customer.overdue', async () => {
        if (tookOver) return;
        tookOver = true;
        // The first chunk outlasted the lease: it lapsed and another instance took it.
        subject.clock.set(new Date('2026-11-25T08:03:00Z'));
        await subject.leases.acquire(
          OVERDUE_LEASE,
          'other-instance',
          '2026-11-25T08:03:00Z',
          '2026-11-25T08:05:00Z',
        );
      });

      await expect(subject.service.scan('manual')).rejects.toBeInstanceOf(
        OverdueScanTakenOverError,
      );

      const [run] = await subject.service.listRuns(1);
      expect(run).toMatchObject({ markedOverdue: 200, error: expect.stringMatching(/took/) });
      expect(
        await subject.leases.acquire(
          OVERDUE_LEASE,
          'third',
          '2026-11-25T08:04:00Z',
          '2026-11-25T08:06:00Z',
        ),
      ).toMatchObject({ acquired: false, holder: 'other-instance' });
    });

    it('notifies again when the due date moves and passes once more', async () => {
      const customer = await subject.pending('2026-11-20');
      await subject.service.scan('schedule');
      const overdue = (await subject.customers.findById(customer.id))!;
      await subject.customers.replace(
        {
          ...overdue,
          dueDate: '2026-11-24',
          paymentStatus: 'pending',
          version: overdue.version + 1,
        },
        overdue.version,
      );

      await subject.service.scan('schedule');

      expect(await subject.overdueNotices()).toBe(2);
    });
  });
});
