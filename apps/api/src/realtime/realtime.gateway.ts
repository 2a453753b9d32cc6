import { Logger } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import type { RealtimeEventName } from '@collection-desk/contracts';

/** Pushes domain events to open browsers. Handshake authentication arrives with accounts. */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  private readonly server: Server;

  handleConnection(socket: Socket): void {
    this.logger.debug({ socketId: socket.id }, 'Socket connected');
  }

  handleDisconnect(socket: Socket): void {
    this.logger.debug({ socketId: socket.id }, 'Socket disconnected');
  }

  broadcast(event: RealtimeEventName, payload: unknown): void {
    this.server.emit(event, payload);
  }
}
