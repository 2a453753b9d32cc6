import type { Notification, NotificationKind } from '@collection-desk/contracts';

/** A notification as stored: once, for every user; each user's read state is kept beside it. */
export interface StoredNotification extends Omit<Notification, 'read'> {
  /** The customer's assignee when it was raised, for "mine". */
  assigneeId: string | null;
  /** At most one notification per key is ever stored (the overdue scan's exactly-once). */
  dedupeKey: string | null;
}

export interface NotificationQuery {
  unread?: boolean;
  kinds?: NotificationKind[];
  /** Only those about customers assigned to this user. */
  assigneeId?: string;
  /** Newer than this id. */
  after?: string;
  /** Older than this id. */
  before?: string;
  limit: number;
}

/**
 * Storage of notifications and of each user's read state: ids are time-ordered, so "newer"
 * and "older" are comparisons of ids. A user has read a notification when it is at or below
 * their read-all mark, or marked read on its own.
 */
export abstract class NotificationRepository {
  /** Stores those whose dedupe key is new (or absent), in one write; returns the ones stored. */
  abstract insertMany(notifications: readonly StoredNotification[]): Promise<StoredNotification[]>;

  /** Newest first, each with the user's read state. */
  abstract list(userId: string, query: NotificationQuery): Promise<Notification[]>;

  abstract unreadCount(userId: string): Promise<number>;

  /** False when there is no such notification. */
  abstract markRead(userId: string, id: string): Promise<boolean>;

  /** Everything up to and including `upTo` becomes read for the user. */
  abstract markAllRead(userId: string, upTo: string): Promise<void>;

  /** The newest notification's id, or null when there is none. */
  abstract latestId(): Promise<string | null>;

  /**
   * Deletes notifications created before `createdBefore` that every one of `userIds` has read;
   * returns how many.
   */
  abstract prune(createdBefore: string, userIds: readonly string[]): Promise<number>;
}
