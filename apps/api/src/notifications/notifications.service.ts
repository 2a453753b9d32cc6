import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';

import type {
  Customer,
  CustomerChangedEvent,
  ImportFinishedEvent,
  Notification,
  NotificationKind,
  NotificationPage,
  PaymentChangedEvent,
} from '@collection-desk/contracts';

import {
  type CustomersOverdueEvent,
  DomainEvents,
  OnDomainEvent,
} from '../common/events/domain-events.js';
import { timeOrderedId } from '../common/ids/time-ordered-id.js';
import { Clock } from '../common/time/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UserRepository } from '../users/user.repository.js';
import { NotificationNotFoundError } from './notification.errors.js';
import {
  type NotificationQuery,
  NotificationRepository,
  type StoredNotification,
} from './notification.repository.js';
import { notificationText } from './notification-text.js';

/**
 * Turns what happens elsewhere into notifications: it listens on the event bus and is imported
 * by no publisher. Each notification is stored first, then pushed to every signed-in user.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly users: UserRepository,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @OnDomainEvent('customer.created')
  async customerCreated({ customer, actorId }: CustomerChangedEvent): Promise<void> {
    const created = this.draft(
      'customer_created',
      customer,
      notificationText.customerCreated(customer),
      {
        actorId,
      },
    );
    await this.store([created, ...(this.isOverdue(customer) ? [this.overdue(customer)] : [])]);
  }

  /** An edit that moves the due date into the past makes a customer overdue at once. */
  @OnDomainEvent('customer.updated')
  async customerUpdated({ customer }: CustomerChangedEvent): Promise<void> {
    if (this.isOverdue(customer)) await this.store([this.overdue(customer)]);
  }

  @OnDomainEvent('payment.updated')
  async paymentUpdated({ payment, customer, actorId }: PaymentChangedEvent): Promise<void> {
    if (payment.status !== 'completed') return;
    await this.store([
      this.draft(
        'payment_received',
        customer,
        notificationText.paymentReceived(payment, customer),
        {
          actorId,
          paymentId: payment.id,
          // Completed, set back and completed again is money received twice: two notifications.
          dedupeKey: `received:${payment.id}:${payment.version}`,
        },
      ),
    ]);
  }

  /** One notification per import, whatever its size: never one per customer it created. */
  @OnDomainEvent('import.finished')
  async importFinished({ import: finished, actorId }: ImportFinishedEvent): Promise<void> {
    await this.store([
      {
        id: timeOrderedId(),
        kind: 'import_finished',
        ...notificationText.importFinished(finished),
        customerId: null,
        paymentId: null,
        actorId,
        assigneeId: null,
        dedupeKey: `import:${finished.id}`,
        createdAt: this.clock.now().toISOString(),
      },
    ]);
  }

  @OnDomainEvent('customer.overdue')
  async customersOverdue({ customers, quiet, receipt }: CustomersOverdueEvent): Promise<void> {
    const stored = await this.store(
      customers.map((customer) => this.overdue(customer)),
      { push: !quiet },
    );
    receipt.notified += stored.length;
  }

  @OnDomainEvent('overdue.scan-finished')
  overdueScanFinished({ notified, quiet }: { notified: number; quiet: boolean }): void {
    if (!quiet || notified === 0) return;
    this.events.publish('notification.digest', {
      kind: 'payment_overdue',
      count: notified,
      message: notificationText.overdueDigest(notified),
    });
  }

  async list(
    userId: string,
    query: Omit<NotificationQuery, 'assigneeId'> & { mine?: boolean },
  ): Promise<NotificationPage> {
    const { mine, ...rest } = query;
    const [items, unreadCount] = await Promise.all([
      this.notifications.list(userId, { ...rest, assigneeId: mine ? userId : undefined }),
      this.notifications.unreadCount(userId),
    ]);
    return {
      items,
      nextCursor: items.length === query.limit ? (items.at(-1)?.id ?? null) : null,
      unreadCount,
    };
  }

  async markRead(userId: string, id: string): Promise<number> {
    if (!(await this.notifications.markRead(userId, id))) throw new NotificationNotFoundError(id);
    return this.notifications.unreadCount(userId);
  }

  /** Up to `upTo` (what the user saw), so one that arrived meanwhile stays unread. */
  async markAllRead(userId: string, upTo?: string): Promise<number> {
    const until = upTo ?? (await this.notifications.latestId());
    if (until) await this.notifications.markAllRead(userId, until);
    return this.notifications.unreadCount(userId);
  }

  /** Read notifications past NOTIFICATION_RETENTION_DAYS go; unread ones stay. */
  @Cron('41 3 * * *', { name: 'notification-retention' })
  async prune(): Promise<number> {
    const cutoff = new Date(
      this.clock.now().getTime() - this.config.notificationRetentionDays * 24 * 60 * 60 * 1000,
    );
    const users = await this.users.list();
    const pruned = await this.notifications.prune(
      cutoff.toISOString(),
      users.filter((user) => user.active).map((user) => user.id),
    );
    if (pruned > 0) this.logger.log({ pruned }, 'Old read notifications pruned');
    return pruned;
  }

  private isOverdue(customer: Customer): boolean {
    return customer.paymentStatus === 'overdue' && customer.archivedAt === null;
  }

  /** One per customer and due date, however many runs, instances or edits see it overdue. */
  private overdue(customer: Customer): StoredNotification {
    return this.draft('payment_overdue', customer, notificationText.paymentOverdue(customer), {
      dedupeKey: `overdue:${customer.dueDate}:${customer.id}`,
    });
  }

  private draft(
    kind: NotificationKind,
    customer: Customer,
    text: { title: string; message: string },
    extra: { actorId?: string | null; paymentId?: string; dedupeKey?: string },
  ): StoredNotification {
    return {
      id: timeOrderedId(),
      kind,
      ...text,
      customerId: customer.id,
      paymentId: extra.paymentId ?? null,
      actorId: extra.actorId ?? null,
      assigneeId: customer.assigneeId,
      dedupeKey: extra.dedupeKey ?? null,
      createdAt: this.clock.now().toISOString(),
    };
  }

  private async store(
    drafts: StoredNotification[],
    options: { push: boolean } = { push: true },
  ): Promise<StoredNotification[]> {
    const stored = await this.notifications.insertMany(drafts);
    if (options.push) {
      for (const notification of stored) {
        this.events.publish('notification', toNotification(notification));
      }
    }
    return stored;
  }
}

function toNotification({
  assigneeId: _a,
  dedupeKey: _d,
  ...rest
}: StoredNotification): Notification {
  return { ...rest, read: false };
}
