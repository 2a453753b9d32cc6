import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import {
  type ImportFinishedEvent,
  type ImportProgressEvent,
  type Notification,
  type NotificationDigest,
  type PaymentChangedEvent,
  REALTIME_REAUTHENTICATE,
  type RealtimeEventMap,
  type RealtimeEventName,
  type RealtimeRenewAck,
} from '@collection-desk/contracts';

import type { SessionsEndedEvent } from '../auth/auth.events.js';
import { BearerAuthenticator } from '../auth/bearer-authenticator.js';
import type { Principal } from '../auth/principal.js';
import { OnDomainEvent } from '../common/events/domain-events.js';
import type { CustomerEvent } from '../customers/customer.events.js';

const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

interface SocketState {
  principal: Principal;
  expiry?: NodeJS.Timeout;
}

/**
 * Pushes domain events to signed-in browsers; only authenticated sockets get this far. A socket
 * lives as long as its access token: at expiry it is closed unless the client sent a fresh token
 * (`auth.renew`) for the same user, exactly as REST would answer 401 then.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  private readonly server: Server;

  constructor(private readonly bearer: BearerAuthenticator) {}

  async handleConnection(socket: Socket): Promise<void> {
    const state = socket.data as SocketState;
    await socket.join([userRoom(state.principal.user.id), sessionRoom(state.principal.sessionId)]);
    this.closeAtExpiry(socket);
    this.logger.debug({ socketId: socket.id, userId: state.principal.user.id }, 'Socket connected');
  }

  handleDisconnect(socket: Socket): void {
    clearTimeout((socket.data as SocketState).expiry);
    this.logger.debug({ socketId: socket.id }, 'Socket disconnected');
  }

  @SubscribeMessage(REALTIME_REAUTHENTICATE)
  async renew(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: unknown,
  ): Promise<RealtimeRenewAck> {
    const state = socket.data as SocketState;
    const token = (body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string') return { ok: false };
    try {
      const principal = await this.bearer.authenticate(token);
      if (principal.user.id !== state.principal.user.id) return { ok: false };
      if (principal.sessionId !== state.principal.sessionId) {
        await socket.leave(sessionRoom(state.principal.sessionId));
        await socket.join(sessionRoom(principal.sessionId));
      }
      state.principal = principal;
      this.closeAtExpiry(socket);
      return { ok: true, expiresAt: principal.expiresAt };
    } catch {
      return { ok: false };
    }
  }

  /** Sends one event to every signed-in browser. */
  broadcast<K extends RealtimeEventName>(event: K, payload: RealtimeEventMap[K]): void {
    this.server.emit(event, payload);
  }

  /** Sends one event to every open socket of some users. */
  sendTo<K extends RealtimeEventName>(
    userIds: readonly string[],
    event: K,
    payload: RealtimeEventMap[K],
  ): void {
    if (userIds.length > 0) this.server.to(userIds.map(userRoom)).emit(event, payload);
  }

  @OnDomainEvent('customer.created')
  customerCreated(event: CustomerEvent): void {
    this.broadcast('customer.created', event);
  }

  @OnDomainEvent('customer.updated')
  customerUpdated(event: CustomerEvent): void {
    this.broadcast('customer.updated', event);
  }

  @OnDomainEvent('payment.created')
  paymentCreated(event: PaymentChangedEvent): void {
    this.broadcast('payment.created', event);
  }

  @OnDomainEvent('payment.updated')
  paymentUpdated(event: PaymentChangedEvent): void {
    this.broadcast('payment.updated', event);
  }

  @OnDomainEvent('notification')
  notification(notification: Notification): void {
    this.broadcast('notification', notification);
  }

  @OnDomainEvent('notification.digest')
  notificationDigest(digest: NotificationDigest): void {
    this.broadcast('notification.digest', digest);
  }

  @OnDomainEvent('import.progress-of')
  importProgress({ userId, progress }: { userId: string; progress: ImportProgressEvent }): void {
    this.sendTo([userId], 'import.progress', progress);
  }

  @OnDomainEvent('import.finished')
  importFinished(event: ImportFinishedEvent): void {
    this.broadcast('import.finished', event);
  }

  @OnDomainEvent('auth.sessions-ended')
  disconnectEndedSessions({ userId, sessionIds }: SessionsEndedEvent): void {
    const rooms = sessionIds === 'all' ? [userRoom(userId)] : sessionIds.map(sessionRoom);
    this.server.in(rooms).disconnectSockets(true);
  }

  private closeAtExpiry(socket: Socket): void {
    const state = socket.data as SocketState;
    clearTimeout(state.expiry);
    const remaining = Date.parse(state.principal.expiresAt) - Date.now();
    state.expiry = setTimeout(() => socket.disconnect(true), Math.max(0, remaining));
    state.expiry.unref();
  }
}
