/** Path of the socket.io endpoint served next to the API. */
export const REALTIME_PATH = '/socket.io';

/** Names of the events the server pushes over the socket. */
export const RealtimeEvent = {
  CustomerCreated: 'customer.created',
  CustomerUpdated: 'customer.updated',
} as const;
export type RealtimeEventName = (typeof RealtimeEvent)[keyof typeof RealtimeEvent];
