export const NOTIFICATION_KINDS = [
  'customer_created',
  'payment_received',
  'payment_overdue',
  'import_finished',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notification, as one user sees it. */
export interface Notification {
  /** Time-ordered (UUID version 7): a later notification has a greater id. */
  id: string;
  kind: NotificationKind;
  title: string;
  message: string;
  customerId: string | null;
  paymentId: string | null;
  /** Who caused it; null for the system (the gateway, the overdue scan). */
  actorId: string | null;
  createdAt: string;
  read: boolean;
}

export const NOTIFICATION_PAGE_LIMIT = 100;

/** `GET /notifications`: newest first; `nextCursor` is the `before` of the next (older) page. */
export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

/** `POST /notifications/read-all`: marks read up to this id (all when absent). */
export interface MarkAllReadRequest {
  upTo?: string;
}

export interface UnreadCount {
  unreadCount: number;
}

/**
 * Pushed instead of many `notification` events when an overdue scan marks more than
 * OVERDUE_DIGEST_THRESHOLD customers at once; each one's notification is still stored.
 */
export interface NotificationDigest {
  kind: NotificationKind;
  count: number;
  message: string;
}
export const OVERDUE_DIGEST_THRESHOLD = 20;

export const OVERDUE_TRIGGERS = ['schedule', 'startup', 'manual'] as const;
export type OverdueTrigger = (typeof OVERDUE_TRIGGERS)[number];

/** `POST /overdue/scan`, and each entry of `GET /overdue/runs`. */
export interface OverdueRun {
  id: string;
  trigger: OverdueTrigger;
  startedAt: string;
  durationMs: number;
  checked: number;
  markedOverdue: number;
  notified: number;
  error: string | null;
}
