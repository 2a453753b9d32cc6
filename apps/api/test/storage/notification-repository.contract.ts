import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';

import type { OverdueRun } from '@collection-desk/contracts';

import type {
  NotificationRepository,
  StoredNotification,
} from '../../src/notifications/notification.repository.js';
import type {
  JobLeaseRepository,
  OverdueRunRepository,
} from '../../src/overdue/overdue.repository.js';
import { nextTimestamp } from './customer-fixtures.js';

export interface NotificationStoreUnderTest {
  notifications: NotificationRepository;
  leases: JobLeaseRepository;
  runs: OverdueRunRepository;
  close(): Promise<void>;
}

function aNotification(overrides: Partial<StoredNotification> = {}): StoredNotification {
  return {
    id: uuidv7(),
    kind: 'customer_created',
    title: 'New customer',
    message: 'Acme was added.',
    customerId: 'c-1',
    paymentId: null,
    actorId: null,
    assigneeId: null,
    dedupeKey: null,
    createdAt: nextTimestamp(),
    ...overrides,
  };
}

/** What every notification, lease and run store must do. `setup` must return an empty store. */
export function describeNotificationRepositoryContract(
  adapterName: string,
  setup: () => Promise<NotificationStoreUnderTest>,
): void {
  describe(`Notification, lease and run repositories contract: ${adapterName}`, () => {
    let subject: NotificationStoreUnderTest;

    beforeEach(async () => {
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('stores each dedupe key once, whatever the number of writers', async () => {
      const key = 'overdue:c-1:2026-11-01';
      const attempts = Array.from({ length: 5 }, () =>
        subject.notifications.insertMany([
          aNotification({ kind: 'payment_overdue', dedupeKey: key }),
        ]),
      );
      const stored = (await Promise.all(attempts)).flat();
      expect(stored).toHaveLength(1);
      const free = await subject.notifications.insertMany([aNotification(), aNotification()]);
      expect(free).toHaveLength(2);
      expect(
        await subject.notifications.list('u-1', { kinds: ['payment_overdue'], limit: 10 }),
      ).toHaveLength(1);
    });

    it('lists newest first with each user their own read state, filters and cursors', async () => {
      const [oldest, middle, newest] = [
        aNotification({ kind: 'customer_created', assigneeId: 'u-1' }),
        aNotification({ kind: 'payment_received', paymentId: 'p-1' }),
        aNotification({ kind: 'payment_overdue', assigneeId: 'u-1' }),
      ];
      await subject.notifications.insertMany([oldest, middle, newest]);
      expect(await subject.notifications.markRead('u-1', middle.id)).toBe(true);
      expect(await subject.notifications.markRead('u-1', uuidv7())).toBe(false);

      const forU1 = await subject.notifications.list('u-1', { limit: 10 });
      expect(forU1.map((one) => [one.id, one.read])).toEqual([
        [newest.id, false],
        [middle.id, true],
        [oldest.id, false],
      ]);
      expect(forU1[1]).toEqual({
        id: middle.id,
        kind: 'payment_received',
        title: 'New customer',
        message: 'Acme was added.',
        customerId: 'c-1',
        paymentId: 'p-1',
        actorId: null,
        createdAt: middle.createdAt,
        read: true,
      });
      expect(await subject.notifications.unreadCount('u-1')).toBe(2);
      expect(await subject.notifications.unreadCount('u-2')).toBe(3);
      const ids = async (query: Parameters<NotificationRepository['list']>[1]) =>
        (await subject.notifications.list('u-1', query)).map((one) => one.id);
      expect(await ids({ unread: true, limit: 10 })).toEqual([newest.id, oldest.id]);
      expect(await ids({ assigneeId: 'u-1', limit: 10 })).toEqual([newest.id, oldest.id]);
      expect(await ids({ kinds: ['payment_received', 'payment_overdue'], limit: 10 })).toEqual([
        newest.id,
        middle.id,
      ]);
      expect(await ids({ after: oldest.id, limit: 10 })).toEqual([newest.id, middle.id]);
      expect(await ids({ before: newest.id, limit: 1 })).toEqual([middle.id]);
      expect(await subject.notifications.latestId()).toBe(newest.id);
    });

    it('marks all read up to an id, never moving the mark back', async () => {
      const first = aNotification();
      const second = aNotification();
      const third = aNotification();
      await subject.notifications.insertMany([first, second, third]);

      await subject.notifications.markAllRead('u-1', second.id);
      await subject.notifications.markAllRead('u-1', first.id);

      expect(await subject.notifications.unreadCount('u-1')).toBe(1);
      expect(
        (await subject.notifications.list('u-1', { unread: true, limit: 10 })).map((one) => one.id),
      ).toEqual([third.id]);
    });

    it('prunes only old notifications every user has read', async () => {
      const old = aNotification({ createdAt: '2026-01-01T00:00:00.000Z' });
      const oldUnread = aNotification({ createdAt: '2026-01-02T00:00:00.000Z' });
      const recent = aNotification({ createdAt: '2026-11-20T00:00:00.000Z' });
      await subject.notifications.insertMany([old, oldUnread, recent]);
      await subject.notifications.markAllRead('u-1', old.id);
      await subject.notifications.markAllRead('u-2', recent.id);

      const pruned = await subject.notifications.prune('2026-06-01T00:00:00.000Z', ['u-1', 'u-2']);

      expect(pruned).toBe(1);
      expect((await subject.notifications.list('u-2', { limit: 10 })).map((one) => one.id)).toEqual(
        [recent.id, oldUnread.id],
      );
    });

    it('grants a lease to one holder at a time, renews it for that holder, and lets a lapsed one be taken', async () => {
      const at = '2026-11-25T10:00:00.000Z';
      const until = '2026-11-25T10:02:00.000Z';
      const answers = await Promise.all(
        ['a', 'b', 'c'].map((holder) => subject.leases.acquire('scan', holder, at, until)),
      );
      expect(answers.filter((answer) => answer.acquired)).toHaveLength(1);
      const winner = ['a', 'b', 'c'][answers.findIndex((answer) => answer.acquired)];
      const loser = winner === 'a' ? 'b' : 'a';
      expect(await subject.leases.acquire('scan', loser, at, until)).toEqual({
        acquired: false,
        holder: winner,
        expiresAt: until,
      });
      expect(await subject.leases.acquire('scan', winner, at, '2026-11-25T10:04:00.000Z')).toEqual({
        acquired: true,
      });
      // The holder crashed; after the expiry another takes over.
      expect(
        await subject.leases.acquire(
          'scan',
          loser,
          '2026-11-25T10:05:00.000Z',
          '2026-11-25T10:07:00.000Z',
        ),
      ).toEqual({ acquired: true });
      // The crashed holder comes back: its lease is gone, and renewing says so.
      expect(await subject.leases.renew('scan', winner, '2026-11-25T10:09:00.000Z')).toBe(false);
      expect(await subject.leases.renew('scan', loser, '2026-11-25T10:09:00.000Z')).toBe(true);
      expect(await subject.leases.acquire('scan', winner, at, until)).toEqual({
        acquired: false,
        holder: loser,
        expiresAt: '2026-11-25T10:09:00.000Z',
      });
      await subject.leases.release('scan', winner);
      expect((await subject.leases.acquire('scan', winner, at, until)).acquired).toBe(false);
      await subject.leases.release('scan', loser);
      // Taken over, finished and given up meanwhile: still not the old holder's to renew.
      expect(await subject.leases.renew('scan', loser, '2026-11-25T10:09:00.000Z')).toBe(false);
      expect((await subject.leases.acquire('scan', winner, at, until)).acquired).toBe(true);
    });

    it('keeps overdue runs, newest first', async () => {
      const run = (startedAt: string, error: string | null = null): OverdueRun => ({
        id: uuidv7(),
        trigger: 'schedule',
        startedAt,
        durationMs: 12,
        checked: 3,
        markedOverdue: 2,
        notified: 2,
        error,
      });
      const older = run('2026-11-25T09:00:00.000Z', 'Storage is unavailable');
      const newer = run('2026-11-25T09:15:00.000Z');
      await subject.runs.insert(older);
      await subject.runs.insert(newer);
      expect(await subject.runs.list(10)).toEqual([newer, older]);
      expect(await subject.runs.list(1)).toEqual([newer]);
    });
  });
}
