import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  REALTIME_REAUTHENTICATE,
  type RealtimeRenewAck,
  type Session,
} from '@collection-desk/contracts';

import { aCustomer } from './storage/customer-fixtures.js';
import { RealtimeGateway } from '../src/realtime/realtime.gateway.js';
import { apiClient, TEST_JWT_SECRET } from './support/accounts.js';
import { claimsOf, signJwt } from './support/jwt.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('socket.io endpoint', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await subject.dispose();
  });

  function connect(auth: Record<string, unknown>, origin?: string): Socket {
    const socket = io(subject.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth,
      extraHeaders: origin ? { origin } : {},
    });
    sockets.push(socket);
    return socket;
  }

  function outcome(socket: Socket): Promise<string> {
    return new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
    });
  }

  const disconnection = (socket: Socket) =>
    new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

  it('accepts a valid access token and delivers broadcasts', async () => {
    const socket = connect({ token: admin.accessToken });
    expect(await outcome(socket)).toBe('connected');

    const received = new Promise((resolve) => socket.once('customer.updated', resolve));
    const event = { customer: aCustomer(), actorId: null };
    subject.app.get(RealtimeGateway).broadcast('customer.updated', event);

    expect(await received).toEqual(event);
  });

  it('pushes a customer created through the API to every other signed-in browser', async () => {
    const watcher = connect({ token: admin.accessToken });
    await outcome(watcher);
    const received = new Promise((resolve) => watcher.once('customer.created', resolve));

    const created = await api.call('POST', '/customers', {
      token: admin.accessToken,
      body: {
        name: 'Live Co',
        email: 'live@co.test',
        outstandingAmount: 100,
        dueDate: '2099-01-01',
      },
    });

    expect(await received).toEqual({ customer: created.body, actorId: admin.user.id });
  });

  it.each([
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a forged token', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }],
  ])('refuses a handshake with %s', async (_, auth) => {
    expect(await outcome(connect(auth))).toBe('refused: unauthorized');
  });

  it('refuses a browser origin that is not allowed, and accepts an allowed one', async () => {
    expect(await outcome(connect({ token: admin.accessToken }, 'https://evil.example'))).toMatch(
      /^refused/,
    );
    expect(await outcome(connect({ token: admin.accessToken }, 'http://localhost:4200'))).toBe(
      'connected',
    );
  });

  it('disconnects the sockets of a session at logout, and keeps the others', async () => {
    const leaving = await api.login('admin@desk.test');
    const staying = await api.login('admin@desk.test');
    const leavingSocket = connect({ token: leaving.accessToken });
    const stayingSocket = connect({ token: staying.accessToken });
    await Promise.all([outcome(leavingSocket), outcome(stayingSocket)]);

    const disconnected = disconnection(leavingSocket);
    await api.call('POST', '/auth/logout', { body: { refreshToken: leaving.refreshToken } });

    expect(await disconnected).toBe('io server disconnect');
    expect(stayingSocket.connected).toBe(true);
  });

  it('disconnects every socket of a user who is deactivated', async () => {
    const agent = await api.userWithRole(admin, 'agent');
    const socket = connect({ token: agent.accessToken });
    await outcome(socket);

    const disconnected = disconnection(socket);
    await api.call('PATCH', `/users/${agent.user.id}`, {
      token: admin.accessToken,
      body: { active: false },
    });

    expect(await disconnected).toBe('io server disconnect');
    expect(await outcome(connect({ token: agent.accessToken }))).toBe('refused: unauthorized');
  });

  it('closes a socket when its access token expires, as REST would then answer 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = signJwt(
      { ...claimsOf(admin.accessToken), iat: now, exp: now + 2 },
      TEST_JWT_SECRET,
    );
    const socket = connect({ token: shortLived });
    expect(await outcome(socket)).toBe('connected');

    expect(await disconnection(socket)).toBe('io server disconnect');
  });

  it("keeps a socket whose client renews it with a fresh token of the same user, and refuses another user's", async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = signJwt(
      { ...claimsOf(admin.accessToken), iat: now, exp: now + 30 },
      TEST_JWT_SECRET,
    );
    const socket = connect({ token: shortLived });
    await outcome(socket);

    const renewed = (await socket.emitWithAck(REALTIME_REAUTHENTICATE, {
      token: admin.accessToken,
    })) as RealtimeRenewAck;
    expect(renewed).toEqual({
      ok: true,
      expiresAt: new Date(Number(claimsOf(admin.accessToken)['exp']) * 1000).toISOString(),
    });

    const other = await api.userWithRole(admin, 'viewer', 'someone-else@desk.test');
    expect(await socket.emitWithAck(REALTIME_REAUTHENTICATE, { token: other.accessToken })).toEqual(
      { ok: false },
    );
    expect(await socket.emitWithAck(REALTIME_REAUTHENTICATE, { token: 'garbage' })).toEqual({
      ok: false,
    });
    expect(socket.connected).toBe(true);
  });
});
