import type { IncomingMessage } from 'node:http';

import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

import { REALTIME_PATH, REALTIME_UNAUTHORIZED } from '@collection-desk/contracts';

import type { Principal } from '../auth/principal.js';

export type Authenticate = (accessToken: string) => Promise<Principal>;

/**
 * socket.io on the API's own port. A handshake must come from an allowed origin (or the app's
 * own) and carry a valid access token in `auth.token`: Nest guards do not run on connection, so
 * the check is socket.io middleware. The principal is kept in `socket.data.principal`.
 */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly allowedOrigins: readonly string[],
    private readonly authenticate: Authenticate,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const restricted: Partial<ServerOptions> = {
      ...options,
      path: REALTIME_PATH,
      serveClient: false,
      cors: { origin: [...this.allowedOrigins], credentials: true },
      allowRequest: (request, callback) => callback(null, this.isAllowedOrigin(request)),
    };
    // socket.io fills every option left out with its default.
    const server: Server = super.createIOServer(port, restricted as ServerOptions);
    server.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token === '') {
        next(new Error(REALTIME_UNAUTHORIZED));
        return;
      }
      this.authenticate(token).then(
        (principal) => {
          (socket.data as { principal?: Principal }).principal = principal;
          next();
        },
        () => next(new Error(REALTIME_UNAUTHORIZED)),
      );
    });
    return server;
  }

  /** Browsers always send Origin; other clients (scripts, tests) are held by the token alone. */
  private isAllowedOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (this.allowedOrigins.includes(origin)) return true;
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
}
