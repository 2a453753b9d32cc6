import type { CustomerChangedEvent } from './customer.js';
import type { ImportFinishedEvent, ImportProgressEvent } from './import.js';
import type { Notification, NotificationDigest } from './notification.js';
import type { PaymentChangedEvent } from './payment.js';

/** Path of the socket.io endpoint served next to the API. */
export const REALTIME_PATH = '/socket.io';

/**
 * Every event the server pushes over the socket, with its payload. The API's domain-event map
 * includes these by name, so a publisher, the gateway and the admin app cannot disagree.
 */
export interface RealtimeEventMap {
  'customer.created': CustomerChangedEvent;
  'customer.updated': CustomerChangedEvent;
  'payment.created': PaymentChangedEvent;
  'payment.updated': PaymentChangedEvent;
  /** Sent only to the users who receive it, after it is stored. */
  notification: Notification;
  'notification.digest': NotificationDigest;
  /** Sent only to the importing user. */
  'import.progress': ImportProgressEvent;
  'import.finished': ImportFinishedEvent;
}
export type RealtimeEventName = keyof RealtimeEventMap;

/** Names of the events the server pushes, for code that prefers constants to strings. */
export const RealtimeEvent = {
  CustomerCreated: 'customer.created',
  CustomerUpdated: 'customer.updated',
  PaymentCreated: 'payment.created',
  PaymentUpdated: 'payment.updated',
  Notification: 'notification',
  NotificationDigest: 'notification.digest',
  ImportProgress: 'import.progress',
  ImportFinished: 'import.finished',
} as const satisfies Record<string, RealtimeEventName>;

/**
 * The socket.io handshake carries the access token: `io(url, { auth: { token } })`.
 * A connection without a valid one is refused with this `connect_error` message.
 */
export const REALTIME_UNAUTHORIZED = 'unauthorized';

/**
 * What a client emits to keep its socket after refreshing its access token; the ack answers
 * `{ ok: true, expiresAt }` or `{ ok: false }`. A socket whose token expires without it is closed.
 */
export const REALTIME_REAUTHENTICATE = 'auth.renew';
export interface RealtimeRenewAck {
  ok: boolean;
  /** When this socket will be closed unless renewed again (ISO 8601). */
  expiresAt?: string;
}
