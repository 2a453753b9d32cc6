import { randomUUID } from 'node:crypto';

import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type {
  Customer,
  Notification,
  NotificationPage,
  OverdueRun,
  ProblemDetails,
  Session,
} from '@collection-desk/contracts';

import { CustomerRepository } from '../../src/customers/customer.repository.js';
import { JobLeaseRepository } from '../../src/overdue/overdue.repository.js';
import { OVERDUE_LEASE } from '../../src/overdue/overdue-scan.service.js';
import { aCustomer as aStoredCustomer, openingOf } from '../storage/customer-fixtures.js';
import { apiClient } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FUTURE = '2099-06-30';
const PAST = '2020-01-15';

describe('notifications', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let agent: Session;
  let viewer: Session;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
    viewer = await api.userWithRole(admin, 'viewer');
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await subject.dispose();
  });

  let counter = 0;
  async function aCustomer(overrides: Record<string, unknown> = {}): Promise<Customer> {
    counter += 1;
    const created = await api.call<Customer>('POST', '/customers', {
      token: agent.accessToken,
      body: {
        name: `Notified ${counter}`,
        email: `notified${counter}@notify.test`,
        outstandingAmount: 10_000,
        dueDate: FUTURE,
        ...overrides,
      },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  const list = (session: Session, query = '') =>
    api.call<NotificationPage & ProblemDetails & { errors?: { field: string }[] }>(
      'GET',
      `/notifications${query ? `?${query}` : ''}`,
      { token: session.accessToken },
    );

  async function connect(token: string): Promise<{ socket: Socket; received: Notification[] }> {
    const socket = io(subject.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
    });
    sockets.push(socket);
    const received: Notification[] = [];
    socket.on('notification', (notification: Notification) => received.push(notification));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return { socket, received };
  }

  it('tells every user about a new customer, stored first, then pushed live', async () => {
    const { received } = await connect(viewer.accessToken);

    const customer = await aCustomer();

    await vi.waitFor(() => expect(received.map((one) => one.customerId)).toContain(customer.id));
    const pushed = received.find((one) => one.customerId === customer.id)!;
    expect(pushed).toMatchObject({
      kind: 'customer_created',
      title: 'New customer',
      message: `${customer.name} was added, owing €100.00.`,
      actorId: agent.user.id,
      read: false,
    });
    for (const session of [admin, agent, viewer]) {
      const page = await list(session, 'limit=5');
      expect(page.body.items[0]).toEqual(pushed);
      expect(page.body.unreadCount).toBeGreaterThan(0);
    }
  });

  it('pushes nothing to a socket without a valid token', async () => {
    const socket = io(subject.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth: { token: 'not-a-token' },
    });
    sockets.push(socket);
    const refused = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
    expect(refused).toBe('unauthorized');
  });

  it('loses nothing across a disconnect: three missed arrive once each on catching up', async () => {
    const first = await connect(viewer.accessToken);
    await aCustomer();
    await vi.waitFor(() => expect(first.received).toHaveLength(1));
    const lastHeld = first.received[0].id;
    first.socket.disconnect();

    const missed = [await aCustomer(), await aCustomer(), await aCustomer()];

    const second = await connect(viewer.accessToken);
    const caughtUp = await list(viewer, `after=${lastHeld}`);
    const held = new Map<string, Notification>();
    for (const one of [...first.received, ...second.received, ...caughtUp.body.items]) {
      held.set(one.id, one);
    }
    const missedIds = missed.map((customer) => customer.id);
    expect(
      [...held.values()].filter((one) => missedIds.includes(one.customerId ?? '')),
    ).toHaveLength(3);
    expect(caughtUp.body.items.map((one) => one.customerId)).toEqual([...missedIds].reverse());
  });

  it('marks one read, and all read up to what was seen, keeping a later one unread', async () => {
    await aCustomer();
    const before = await list(agent, 'limit=1');
    const newest = before.body.items[0];

    const one = await api.call<{ unreadCount: number }>(
      'POST',
      `/notifications/${newest.id}/read`,
      {
        token: agent.accessToken,
      },
    );
    expect(one.status).toBe(200);
    expect(one.body.unreadCount).toBe(before.body.unreadCount - 1);
    expect((await list(agent, 'limit=1')).body.items[0]?.read).toBe(true);

    const seen = (await list(agent, 'limit=1')).body.items[0].id;
    const later = await aCustomer();
    const all = await api.call<{ unreadCount: number }>('POST', '/notifications/read-all', {
      token: agent.accessToken,
      body: { upTo: seen },
    });

    expect(all.body.unreadCount).toBe(1);
    const unread = await list(agent, 'unread=true');
    expect(unread.body.items.map((item) => item.customerId)).toEqual([later.id]);
    // Read state is per user: the viewer has read nothing.
    expect((await list(viewer, 'unread=true&limit=100')).body.unreadCount).toBeGreaterThan(1);
  });

  it('tells of money received when a payment completes, and filters by kind and "mine"', async () => {
    const mine = await aCustomer({ assigneeId: agent.user.id });
    const paid = await api.call<{ id: string }>('POST', '/payments', {
      token: agent.accessToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { customerId: mine.id, amount: 2_500, currency: 'EUR', method: 'bank_transfer' },
    });
    await api.call('PATCH', `/payments/${paid.body.id}`, {
      token: agent.accessToken,
      body: { status: 'completed' },
    });

    const received = await list(agent, 'type=payment_received');
    expect(received.body.items[0]).toMatchObject({
      kind: 'payment_received',
      customerId: mine.id,
      paymentId: paid.body.id,
      message: `€25.00 from ${mine.name} by bank transfer; €75.00 left to pay.`,
    });
    const assigned = await list(agent, 'mine=true&limit=100');
    expect(new Set(assigned.body.items.map((item) => item.customerId))).toEqual(new Set([mine.id]));
    expect((await list(viewer, 'mine=true')).body.items).toEqual([]);
  });

  it('notifies once of a customer created already overdue, again only when the due date moves', async () => {
    const late = await aCustomer({ dueDate: PAST });
    const overdue = () => list(admin, 'type=payment_overdue&limit=100');
    const count = async () =>
      (await overdue()).body.items.filter((item) => item.customerId === late.id).length;
    expect(await count()).toBe(1);

    const renamed = await api.call<Customer>('PATCH', `/customers/${late.id}`, {
      token: agent.accessToken,
      headers: { 'if-match': '"v1"' },
      body: { notes: 'Called them' },
    });
    expect(await count()).toBe(1);
    await api.call('PATCH', `/customers/${late.id}`, {
      token: agent.accessToken,
      headers: { 'if-match': `"v${renamed.body.version}"` },
      body: { dueDate: '2021-02-01' },
    });
    expect(await count()).toBe(2);
  });

  it('pages back with nextCursor', async () => {
    for (let index = 0; index < 3; index += 1) await aCustomer();
    const first = await list(viewer, 'limit=2');
    expect(first.body.nextCursor).toBe(first.body.items[1].id);
    const second = await list(viewer, `limit=2&before=${first.body.nextCursor}`);
    expect(second.body.items[0].id < first.body.items[1].id).toBe(true);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['type=invoice_sent', 'type'],
    ['after=yesterday', 'after'],
    ['unread=maybe', 'unread'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const answer = await list(viewer, query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map((error) => error.field)).toContain(field);
  });

  it('answers 404 for marking an unknown notification read', async () => {
    const answer = await api.call('POST', `/notifications/${randomUUID()}/read`, {
      token: viewer.accessToken,
    });
    expect(answer.status).toBe(404);
  });

  describe('the overdue scan over HTTP', () => {
    async function storedPending(dueDate: string): Promise<Customer> {
      const customer = aStoredCustomer({
        email: `${randomUUID()}@scan.test`,
        dueDate,
        paymentStatus: 'pending',
      });
      await subject.app.get(CustomerRepository).insert(customer, openingOf(customer));
      return customer;
    }

    it('lets an admin run it now, reporting what it did, and lists the runs', async () => {
      const late = await storedPending('2026-01-10');

      const run = await api.call<OverdueRun>('POST', '/overdue/scan', { token: admin.accessToken });

      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({
        trigger: 'manual',
        markedOverdue: 1,
        notified: 1,
        error: null,
      });
      expect(run.body.durationMs).toBeGreaterThanOrEqual(0);
      const after = await api.call<Customer>('GET', `/customers/${late.id}`, {
        token: viewer.accessToken,
      });
      expect(after.body.paymentStatus).toBe('overdue');
      const runs = await api.call<OverdueRun[]>('GET', '/overdue/runs', {
        token: admin.accessToken,
      });
      expect(runs.body.find((one) => one.id === run.body.id)).toEqual(run.body);
    });

    it('answers 409 naming the holder while another instance scans, and is for admins only', async () => {
      await subject.app
        .get(JobLeaseRepository)
        .acquire(
          OVERDUE_LEASE,
          'instance-b',
          new Date().toISOString(),
          new Date(Date.now() + 60_000).toISOString(),
        );
      try {
        const busy = await api.call<ProblemDetails & { holder: string }>('POST', '/overdue/scan', {
          token: admin.accessToken,
        });
        expect(busy.status).toBe(409);
        expect(busy.body.holder).toBe('instance-b');
      } finally {
        await subject.app.get(JobLeaseRepository).release(OVERDUE_LEASE, 'instance-b');
      }
      expect((await api.call('POST', '/overdue/scan', { token: agent.accessToken })).status).toBe(
        403,
      );
      expect((await api.call('GET', '/overdue/runs', { token: viewer.accessToken })).status).toBe(
        403,
      );
    });
  });
});
