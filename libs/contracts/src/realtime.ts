/** Path of the socket.io endpoint served next to the API. */
export const REALTIME_PATH = '/socket.io';

/** Names of the events the server pushes over the socket. */
export const RealtimeEvent = {
  CustomerCreated: 'customer.created',
  CustomerUpdated: 'customer.updated',
} as const;
export type RealtimeEventName = (typeof RealtimeEvent)[keyof typeof RealtimeEvent];

/**
 * The socket.io handshake carries the access token: `io(url, { auth: { token } })`.
 * A connection without a valid one is refused with this `connect_error` message.
 */
export const REALTIME_UNAUTHORIZED = 'unauthorized';
