import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RealtimeGateway } from '../src/realtime/realtime.gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('socket.io endpoint', () => {
  let subject: TestApp;
  let socket: Socket;

  beforeAll(async () => {
    subject = await startTestApp();
  });

  afterAll(async () => {
    socket?.disconnect();
    await subject.dispose();
  });

  it('accepts a connection at /socket.io on the API port and delivers broadcasts', async () => {
    socket = io(subject.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });

    const received = new Promise((resolve) => socket.once('customer.updated', resolve));
    subject.app.get(RealtimeGateway).broadcast('customer.updated', { id: 'c-1', version: 2 });

    expect(await received).toEqual({ id: 'c-1', version: 2 });
  });
});
