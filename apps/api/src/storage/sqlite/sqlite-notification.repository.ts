import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import type { Notification, NotificationKind } from '@collection-desk/contracts';

import {
  type NotificationQuery,
  NotificationRepository,
  type StoredNotification,
} from '../../notifications/notification.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  message: string;
  customer_id: string | null;
  payment_id: string | null;
  actor_id: string | null;
  created_at: string;
  read: number;
}

/** A user's mark; below it everything is read. '' when they never marked all. */
const MARK = `coalesce((SELECT read_up_to FROM notification_marks WHERE user_id = :user), '')`;
const IS_READ = `(n.id <= ${MARK} OR EXISTS (SELECT 1 FROM notification_reads r
  WHERE r.user_id = :user AND r.notification_id = n.id))`;

@Injectable()
export class SqliteNotificationRepository extends NotificationRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  insertMany(notifications: readonly StoredNotification[]): Promise<StoredNotification[]> {
    return Promise.try(() =>
      this.database.transaction(() =>
        notifications.filter(
          (notification) =>
            this.database.run(
              `INSERT INTO notifications (id, kind, title, message, customer_id, payment_id,
                 actor_id, assignee_id, dedupe_key, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (dedupe_key) DO NOTHING`,
              notification.id,
              notification.kind,
              notification.title,
              notification.message,
              notification.customerId,
              notification.paymentId,
              notification.actorId,
              notification.assigneeId,
              notification.dedupeKey,
              notification.createdAt,
            ).changes > 0,
        ),
      ),
    );
  }

  list(userId: string, query: NotificationQuery): Promise<Notification[]> {
    return Promise.try(() => {
      const conditions: string[] = [];
      const params: Record<string, SQLInputValue> = { user: userId, limit: query.limit };
      if (query.unread) conditions.push(`NOT ${IS_READ}`);
      if (query.kinds?.length) {
        conditions.push(`n.kind IN (${query.kinds.map((_, index) => `:kind${index}`).join(', ')})`);
        query.kinds.forEach((kind, index) => (params[`kind${index}`] = kind));
      }
      if (query.assigneeId) {
        conditions.push('n.assignee_id = :assignee');
        params['assignee'] = query.assigneeId;
      }
      if (query.after) {
        conditions.push('n.id > :after');
        params['after'] = query.after;
      }
      if (query.before) {
        conditions.push('n.id < :before');
        params['before'] = query.before;
      }
      const rows = this.database.allNamed<NotificationRow>(
        `SELECT n.*, ${IS_READ} AS read FROM notifications n
         ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY n.id DESC LIMIT :limit`,
        params,
      );
      return rows.map(toNotification);
    });
  }

  unreadCount(userId: string): Promise<number> {
    return Promise.try(() => {
      const row = this.database.getNamed<{ unread: number }>(
        `SELECT (SELECT count(*) FROM notifications WHERE id > ${MARK})
              - (SELECT count(*) FROM notification_reads WHERE user_id = :user
                   AND notification_id > ${MARK}) AS unread`,
        { user: userId },
      );
      return row?.unread ?? 0;
    });
  }

  markRead(userId: string, id: string): Promise<boolean> {
    return Promise.try(() =>
      this.database.transaction(() => {
        if (!this.database.get('SELECT 1 FROM notifications WHERE id = ?', id)) return false;
        this.database.run(
          'INSERT INTO notification_reads (user_id, notification_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
          userId,
          id,
        );
        return true;
      }),
    );
  }

  markAllRead(userId: string, upTo: string): Promise<void> {
    return Promise.try(() =>
      this.database.transaction(() => {
        // A mark never moves back: an older "read all" arriving late changes nothing.
        this.database.run(
          `INSERT INTO notification_marks (user_id, read_up_to) VALUES (?, ?)
           ON CONFLICT (user_id) DO UPDATE SET read_up_to = max(read_up_to, excluded.read_up_to)`,
          userId,
          upTo,
        );
        this.database.run(
          `DELETE FROM notification_reads WHERE user_id = ? AND notification_id <=
             (SELECT read_up_to FROM notification_marks WHERE user_id = ?)`,
          userId,
          userId,
        );
      }),
    );
  }

  latestId(): Promise<string | null> {
    return Promise.try(
      () =>
        this.database.get<{ id: string }>('SELECT id FROM notifications ORDER BY id DESC LIMIT 1')
          ?.id ?? null,
    );
  }

  prune(createdBefore: string, userIds: readonly string[]): Promise<number> {
    return Promise.try(() =>
      this.database.transaction(() => {
        const readByAll = userIds
          .map(
            (_, index) => `(n.id <= coalesce((SELECT read_up_to FROM notification_marks
                WHERE user_id = :u${index}), '')
              OR EXISTS (SELECT 1 FROM notification_reads r WHERE r.user_id = :u${index}
                AND r.notification_id = n.id))`,
          )
          .join(' AND ');
        const params: Record<string, SQLInputValue> = { before: createdBefore };
        userIds.forEach((id, index) => (params[`u${index}`] = id));
        const doomed = this.database.allNamed<{ id: string }>(
          `SELECT n.id FROM notifications n WHERE n.created_at < :before
           ${readByAll ? `AND ${readByAll}` : ''}`,
          params,
        );
        for (const { id } of doomed) {
          this.database.run('DELETE FROM notification_reads WHERE notification_id = ?', id);
          this.database.run('DELETE FROM notifications WHERE id = ?', id);
        }
        return doomed.length;
      }),
    );
  }
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    message: row.message,
    customerId: row.customer_id,
    paymentId: row.payment_id,
    actorId: row.actor_id,
    createdAt: row.created_at,
    read: row.read === 1,
  };
}
