import { DestroyRef, effect, inject, Injectable } from '@angular/core';
import { Observable, Subject } from 'rxjs';
import { io, type Socket } from 'socket.io-client';

import {
  REALTIME_PATH,
  REALTIME_UNAUTHORIZED,
  type RealtimeEventName,
} from '@collection-desk/contracts';

import { AuthStore } from '../auth/auth-store';

/**
 * One socket while signed in. It connects only with an access token and reconnects with the
 * fresh one after every refresh; a refused handshake triggers a refresh first.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly auth = inject(AuthStore);
  private readonly incoming = new Subject<{ name: string; payload: unknown }>();
  private socket: Socket | null = null;

  constructor() {
    effect(() => {
      const token = this.auth.accessToken();
      this.socket?.disconnect();
      this.socket = token ? this.connect(token) : null;
    });
    inject(DestroyRef).onDestroy(() => this.socket?.disconnect());
  }

  /** Payloads of one server event. */
  on<T>(name: RealtimeEventName): Observable<T> {
    return new Observable<T>((subscriber) => {
      const subscription = this.incoming.subscribe(({ name: received, payload }) => {
        if (received === name) subscriber.next(payload as T);
      });
      return () => subscription.unsubscribe();
    });
  }

  private connect(token: string): Socket {
    const socket = io({ path: REALTIME_PATH, auth: { token }, transports: ['websocket'] });
    socket.onAny((name: string, payload: unknown) => this.incoming.next({ name, payload }));
    socket.on('connect_error', (error) => {
      if (error.message === REALTIME_UNAUTHORIZED) void this.auth.refresh();
    });
    return socket;
  }
}
