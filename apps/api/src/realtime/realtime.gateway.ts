import { Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import { RealtimeEvent, type RealtimeEventName } from '@collection-desk/contracts';

import { SESSIONS_ENDED, type SessionsEndedEvent } from '../auth/auth.events.js';
import type { Principal } from '../auth/principal.js';
import {
  CUSTOMER_CREATED,
  CUSTOMER_UPDATED,
  type CustomerEvent,
} from '../customers/customer.events.js';

const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** Pushes domain events to signed-in browsers; only authenticated sockets get this far. */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  private readonly server: Server;

  async handleConnection(socket: Socket): Promise<void> {
    const { principal } = socket.data as { principal: Principal };
    await socket.join([userRoom(principal.user.id), sessionRoom(principal.sessionId)]);
    this.logger.debug({ socketId: socket.id, userId: principal.user.id }, 'Socket connected');
  }

  handleDisconnect(socket: Socket): void {
    this.logger.debug({ socketId: socket.id }, 'Socket disconnected');
  }

  broadcast(event: RealtimeEventName, payload: unknown): void {
    this.server.emit(event, payload);
  }

  @OnEvent(CUSTOMER_CREATED)
  customerCreated(event: CustomerEvent): void {
    this.broadcast(RealtimeEvent.CustomerCreated, event);
  }

  @OnEvent(CUSTOMER_UPDATED)
  customerUpdated(event: CustomerEvent): void {
    this.broadcast(RealtimeEvent.CustomerUpdated, event);
  }

  @OnEvent(SESSIONS_ENDED)
  disconnectEndedSessions({ userId, sessionIds }: SessionsEndedEvent): void {
    const rooms = sessionIds === 'all' ? [userRoom(userId)] : sessionIds.map(sessionRoom);
    this.server.in(rooms).disconnectSockets(true);
  }
}
