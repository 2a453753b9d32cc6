import { DestroyRef, effect, inject, Injectable, signal } from '@angular/core';
import { map, merge, Observable, Subject } from 'rxjs';
import { io, type Socket } from 'socket.io-client';

import {
  type Customer,
  REALTIME_PATH,
  REALTIME_REAUTHENTICATE,
  REALTIME_UNAUTHORIZED,
  type RealtimeEventMap,
  type RealtimeEventName,
  type RealtimeRenewAck,
} from '@collection-desk/contracts';

import { AuthStore } from '../auth/auth-store';

/**
 * One socket while signed in. After a token refresh the socket is renewed in place (the server
 * closes sockets whose token expires). Every (re)connection is announced on `connected$`:
 * socket.io delivers at most once, so views re-read what they show after a gap.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly auth = inject(AuthStore);
  private readonly incoming = new Subject<{ name: string; payload: unknown }>();
  private readonly connectedSubject = new Subject<void>();
  private socket: Socket | null = null;
  private socketUserId: string | null = null;
  /** Whether the socket is connected now, for a status hint in the shell. */
  readonly connected = signal(false);
  /** Fires on every connection, the first and each reconnection. */
  readonly connected$ = this.connectedSubject.asObservable();

  constructor() {
    effect(() => {
      const token = this.auth.accessToken();
      const userId = this.auth.user()?.id ?? null;
      if (token && userId && this.socket && this.socketUserId === userId) {
        this.renew(token);
      } else {
        this.socket?.disconnect();
        this.socket = token && userId ? this.connect(token) : null;
        this.socketUserId = token ? userId : null;
      }
    });
    inject(DestroyRef).onDestroy(() => this.socket?.disconnect());
  }

  /**
   * Every new state of a customer, whoever changed it: edits arrive as `customer.updated`,
   * payments' changes inside `payment.created` and `payment.updated`.
   */
  customerChanges(): Observable<Customer> {
    return merge(
      this.on('customer.updated'),
      this.on('payment.created'),
      this.on('payment.updated'),
    ).pipe(map((event) => event.customer));
  }

  /** Payloads of one server event. */
  on<K extends RealtimeEventName>(name: K): Observable<RealtimeEventMap[K]> {
    return new Observable<RealtimeEventMap[K]>((subscriber) => {
      const subscription = this.incoming.subscribe(({ name: received, payload }) => {
        if (received === name) subscriber.next(payload as RealtimeEventMap[K]);
      });
      return () => subscription.unsubscribe();
    });
  }

  private connect(token: string): Socket {
    const socket = io({ path: REALTIME_PATH, auth: { token }, transports: ['websocket'] });
    socket.onAny((name: string, payload: unknown) => this.incoming.next({ name, payload }));
    socket.on('connect', () => {
      this.connected.set(true);
      this.connectedSubject.next();
    });
    socket.on('disconnect', (reason) => {
      this.connected.set(false);
      // The server closed it (token expired, session ended): a refresh decides what comes next.
      if (reason === 'io server disconnect') void this.auth.refresh();
    });
    socket.on('connect_error', (error) => {
      if (error.message === REALTIME_UNAUTHORIZED) void this.auth.refresh();
    });
    return socket;
  }

  private renew(token: string): void {
    const socket = this.socket;
    if (!socket) return;
    // A reconnecting socket sends the current token with its next handshake; one the server
    // closed does not reconnect by itself.
    socket.auth = { token };
    if (!socket.connected) {
      if (!socket.active) socket.connect();
      return;
    }
    socket.emit(REALTIME_REAUTHENTICATE, { token }, (ack: RealtimeRenewAck) => {
      if (!ack.ok) socket.disconnect().connect();
    });
  }
}
