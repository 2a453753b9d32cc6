import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

import { REALTIME_PATH } from '@collection-desk/contracts';

/** socket.io on the API's own port, answering only the configured browser origins. */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly allowedOrigins: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const restricted: Partial<ServerOptions> = {
      ...options,
      path: REALTIME_PATH,
      serveClient: false,
      cors: { origin: [...this.allowedOrigins], credentials: true },
    };
    // socket.io fills every option left out with its default.
    return super.createIOServer(port, restricted as ServerOptions);
  }
}
