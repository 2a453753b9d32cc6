import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  type Customer,
  type LedgerEntry,
  type Page,
  type Payment,
  type PaymentChangedEvent,
  type ProblemDetails,
  type Session,
  TEST_CARDS,
} from '@collection-desk/contracts';

import { apiClient } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PAST = '2020-01-15';
const FUTURE = '2099-06-30';
const CARD = { number: TEST_CARDS.success, expMonth: 12, expYear: 2040, cvc: '123' };

/** A payment, or when refused, the problem body's members. */
type Answer = Payment &
  Partial<Omit<ProblemDetails, 'status'>> & { errors?: { field: string; message: string }[] };

describe('payments', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let agent: Session;
  let viewer: Session;

  beforeAll(async () => {
    subject = await startTestApp({ DEFAULT_CURRENCY: 'EUR' });
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
    viewer = await api.userWithRole(admin, 'viewer');
  });

  afterAll(async () => {
    await subject.dispose();
  });

  let customerCounter = 0;
  async function aCustomer(outstandingAmount = 100_000, dueDate = FUTURE): Promise<Customer> {
    const created = await api.call<Customer>('POST', '/customers', {
      token: agent.accessToken,
      body: {
        name: `Payer ${(customerCounter += 1)}`,
        email: `payer${customerCounter}@pay.test`,
        outstandingAmount,
        dueDate,
      },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  const pay = (
    body: Record<string, unknown>,
    key: string | null = randomUUID(),
    token = agent.accessToken,
  ) =>
    api.call<Answer>('POST', '/payments', {
      token,
      body,
      headers: key === null ? {} : { 'idempotency-key': key },
    });

  const transfer = (customer: Customer, amount: number) => ({
    customerId: customer.id,
    amount,
    currency: customer.currency,
    method: 'bank_transfer',
    reference: 'Bank ref 42',
  });

  const byCard = (customer: Customer, amount: number, number: string = TEST_CARDS.success) => ({
    customerId: customer.id,
    amount,
    currency: customer.currency,
    method: 'card',
    card: { ...CARD, number },
  });

  const customer = async (id: string) =>
    (await api.call<Customer>('GET', `/customers/${id}`, { token: viewer.accessToken })).body;

  const payment = async (id: string) =>
    (await api.call<Payment>('GET', `/payments/${id}`, { token: viewer.accessToken })).body;

  const setStatus = (id: string, status: string, token = agent.accessToken) =>
    api.call<Answer>('PATCH', `/payments/${id}`, { token, body: { status } });

  async function ledgerOf(id: string): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    for (let page = 1; ; page += 1) {
      const result = await api.call<Page<LedgerEntry>>(
        'GET',
        `/customers/${id}/ledger?page=${page}&pageSize=100`,
        { token: viewer.accessToken },
      );
      entries.push(...result.body.items);
      if (entries.length >= result.body.total) return entries;
    }
  }

  async function expectLedgerMatches(id: string): Promise<LedgerEntry[]> {
    const [current, entries] = await Promise.all([customer(id), ledgerOf(id)]);
    expect(entries.reduce((sum, entry) => sum + entry.amount, 0)).toBe(current.outstandingAmount);
    // Newest first: each running balance is the one before it plus the entry, never below zero.
    const oldestFirst = [...entries].reverse();
    let balance = 0;
    for (const entry of oldestFirst) {
      balance += entry.amount;
      expect(entry.runningBalance).toBe(balance);
      expect(balance).toBeGreaterThanOrEqual(0);
    }
    return entries;
  }

  const settled = (id: string) =>
    vi.waitFor(
      async () => {
        const current = await payment(id);
        if (current.status === 'pending') throw new Error('still pending');
        return current;
      },
      { timeout: 5000, interval: 20 },
    );

  describe('recording', () => {
    it('records a bank transfer as pending, holding its amount until it is marked completed', async () => {
      const owing = await aCustomer(100_000);

      const created = await pay(transfer(owing, 30_000));

      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/v1/payments/${created.body.id}`);
      expect(created.headers.get('idempotent-replayed')).toBe('false');
      expect(created.body).toMatchObject({
        customerId: owing.id,
        amount: 30_000,
        currency: 'EUR',
        method: 'bank_transfer',
        reference: 'Bank ref 42',
        card: null,
        status: 'pending',
        settledAt: null,
        createdBy: agent.user.id,
        version: 1,
      });
      expect(await customer(owing.id)).toMatchObject({
        outstandingAmount: 100_000,
        pendingPaymentsAmount: 30_000,
      });
      // Pending moves no money: only the opening charge is in the ledger.
      expect((await ledgerOf(owing.id)).map((entry) => entry.kind)).toEqual(['charge']);

      const completed = await setStatus(created.body.id, 'completed');

      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ status: 'completed', version: 2 });
      expect(completed.body.settledAt).not.toBeNull();
      expect(await customer(owing.id)).toMatchObject({
        outstandingAmount: 70_000,
        pendingPaymentsAmount: 0,
        paymentStatus: 'pending',
      });
      const [latest] = await expectLedgerMatches(owing.id);
      expect(latest).toMatchObject({
        kind: 'payment',
        amount: -30_000,
        runningBalance: 70_000,
        paymentId: created.body.id,
        actorId: agent.user.id,
      });
    });

    it('settles a card payment through the gateway, keeping only the last four digits', async () => {
      const owing = await aCustomer(50_000);

      const created = await pay(byCard(owing, 50_000, '4242 4242 4242 4242'));

      expect(created.status).toBe(201);
      expect(created.body.card).toEqual({
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: 2040,
      });
      expect(JSON.stringify(created.body)).not.toContain('424242424242');
      const final = await settled(created.body.id);
      expect(final.status).toBe('completed');
      expect(await customer(owing.id)).toMatchObject({
        outstandingAmount: 0,
        pendingPaymentsAmount: 0,
        paymentStatus: 'completed',
      });
      expect((await expectLedgerMatches(owing.id))[0]).toMatchObject({
        kind: 'payment',
        amount: -50_000,
      });
    });

    it('never writes a full card number or its code to the database', async () => {
      const owing = await aCustomer(10_000);
      const created = await pay(byCard(owing, 1_000, '5555555555554444'));
      expect(created.status).toBe(201);
      await settled(created.body.id);

      for (const file of readdirSync(subject.dataDir)) {
        const bytes = readFileSync(join(subject.dataDir, file)).toString('latin1');
        expect(bytes).not.toContain('5555555555554444');
      }
    });

    it.each([
      [TEST_CARDS.declined, 'The card was declined.'],
      [TEST_CARDS.insufficientFunds, 'The card has insufficient funds.'],
    ])(
      'fails test card %s with its reason, releasing the hold and moving no money',
      async (number, reason) => {
        const owing = await aCustomer(20_000);

        const created = await pay(byCard(owing, 20_000, number));

        expect(created.status).toBe(201);
        const final = await settled(created.body.id);
        expect(final).toMatchObject({ status: 'failed', failureReason: reason });
        expect(await customer(owing.id)).toMatchObject({
          outstandingAmount: 20_000,
          pendingPaymentsAmount: 0,
        });
        expect((await ledgerOf(owing.id)).map((entry) => entry.kind)).toEqual(['charge']);
        // A failed payment never moved money: it can be neither completed nor set back.
        expect((await setStatus(created.body.id, 'completed')).status).toBe(409);
        expect((await setStatus(created.body.id, 'pending')).status).toBe(409);
      },
    );

    it('takes partial payments down to zero, then refuses more', async () => {
      const owing = await aCustomer(10_000, PAST);
      for (const amount of [2_500, 2_500, 5_000]) {
        const created = await pay({ ...transfer(owing, amount), method: 'cash' });
        expect(created.status).toBe(201);
        await settled(created.body.id);
      }

      expect(await customer(owing.id)).toMatchObject({
        outstandingAmount: 0,
        paymentStatus: 'completed',
      });
      await expectLedgerMatches(owing.id);
      const more = await pay({ ...transfer(owing, 1), method: 'cash' });
      expect(more.status).toBe(422);
      expect(more.body.errors).toEqual([{ field: 'amount', message: 'is more than is owed: 0' }]);
    });

    it('sets a completed payment back with a reversal that reopens the customer by its due date', async () => {
      const late = await aCustomer(8_000, PAST);
      const created = await pay(transfer(late, 8_000));
      await setStatus(created.body.id, 'completed');
      expect((await customer(late.id)).paymentStatus).toBe('completed');

      const reversed = await setStatus(created.body.id, 'pending');

      expect(reversed.status).toBe(200);
      expect(reversed.body).toMatchObject({ status: 'pending', settledAt: null, version: 3 });
      expect(await customer(late.id)).toMatchObject({
        outstandingAmount: 8_000,
        pendingPaymentsAmount: 8_000,
        paymentStatus: 'overdue',
      });
      const [latest] = await expectLedgerMatches(late.id);
      expect(latest).toMatchObject({ kind: 'reversal', amount: 8_000, paymentId: created.body.id });
    });

    it('changes nothing when asked for the state a payment is already in', async () => {
      const owing = await aCustomer(1_000);
      const created = await pay(transfer(owing, 1_000));

      const same = await setStatus(created.body.id, 'pending');

      expect(same.status).toBe(200);
      expect(same.body.version).toBe(1);
      expect((await ledgerOf(owing.id)).length).toBe(1);
    });

    it('keeps a hand adjustment from going below what pending payments cover', async () => {
      const owing = await aCustomer(10_000);
      await pay(transfer(owing, 6_000));
      const current = await customer(owing.id);

      const adjusted = await api.call<ProblemDetails & { errors: unknown[] }>(
        'PATCH',
        `/customers/${owing.id}`,
        {
          token: agent.accessToken,
          headers: { 'if-match': `"v${current.version}"` },
          body: { outstandingAmount: 5_000, reason: 'Discount' },
        },
      );

      expect(adjusted.status).toBe(400);
      expect(adjusted.body.errors).toEqual([
        expect.objectContaining({ field: 'outstandingAmount' }),
      ]);
    });
  });

  describe('idempotency', () => {
    it('answers 20 racing identical requests with one payment and the same answer', async () => {
      const owing = await aCustomer(100_000);
      const key = randomUUID();

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => pay(transfer(owing, 1_000), key)),
      );

      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(
        answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'false'),
      ).toHaveLength(1);
      const listed = await api.call<Page<Payment>>('GET', `/payments?customerId=${owing.id}`, {
        token: viewer.accessToken,
      });
      expect(listed.body.total).toBe(1);
      expect((await customer(owing.id)).pendingPaymentsAmount).toBe(1_000);
    });

    it('replays the first answer later, even after the payment moved on', async () => {
      const owing = await aCustomer(5_000);
      const key = randomUUID();
      const first = await pay(transfer(owing, 5_000), key);
      await setStatus(first.body.id, 'completed');

      const again = await pay(transfer(owing, 5_000), key);

      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('refuses the same key with another body (422), and keys are per sender', async () => {
      const owing = await aCustomer(5_000);
      const key = randomUUID();
      expect((await pay(transfer(owing, 1_000), key)).status).toBe(201);

      const other = await pay(transfer(owing, 2_000), key);

      expect(other.status).toBe(422);
      expect(other.body.errors).toEqual([
        { field: 'Idempotency-Key', message: 'was already used with another request body' },
      ]);
      // Another person's identical key is another payment.
      const byAdmin = await pay(transfer(owing, 2_000), key, admin.accessToken);
      expect(byAdmin.status).toBe(201);
      expect(byAdmin.headers.get('idempotent-replayed')).toBe('false');
    });

    it.each([
      ['missing', null],
      ['too short', 'abc'],
      ['with spaces', 'has spaces in it'],
    ])('answers 400 naming the header when the key is %s', async (_case, key) => {
      const owing = await aCustomer(5_000);

      const answer = await pay(transfer(owing, 1_000), key);

      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors?.[0]?.field).toBe('Idempotency-Key');
      expect((await customer(owing.id)).pendingPaymentsAmount).toBe(0);
    });
  });

  describe('refusals write nothing', () => {
    let owing: Customer;
    beforeAll(async () => {
      owing = await aCustomer(10_000);
      await pay(transfer(owing, 4_000));
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['a zero amount', { amount: 0 }, 422, 'amount'],
      ['a negative amount', { amount: -5 }, 422, 'amount'],
      ['a fractional amount', { amount: 10.5 }, 422, 'amount'],
      ['an amount as a string', { amount: '100' }, 400, 'amount'],
      ['more than is left counting pending payments', { amount: 6_001 }, 422, 'amount'],
      ['another currency', { currency: 'USD' }, 422, 'currency'],
      ['an unknown currency', { currency: 'XYZ' }, 400, 'currency'],
      ['an unknown method', { method: 'cheque' }, 400, 'method'],
      ['an unknown customer', { customerId: randomUUID() }, 422, 'customerId'],
      ['a customer id that is no id', { customerId: 'nope' }, 400, 'customerId'],
      ['card details for cash', { method: 'cash', card: CARD }, 400, 'card'],
      ['a card payment without a card', { method: 'card' }, 400, 'card'],
      [
        'a card number failing Luhn',
        { method: 'card', card: { ...CARD, number: '4242424242424241' } },
        400,
        'card.number',
      ],
      [
        'an expired card',
        { method: 'card', card: { ...CARD, expMonth: 1, expYear: 2020 } },
        422,
        'card.expYear',
      ],
      ['a month 13', { method: 'card', card: { ...CARD, expMonth: 13 } }, 400, 'card.expMonth'],
      ['a code of letters', { method: 'card', card: { ...CARD, cvc: 'abc' } }, 400, 'card.cvc'],
      ['an unknown field', { discount: 5 }, 400, 'discount'],
    ])('refuses %s', async (_case, change, status, field) => {
      const before = await customer(owing.id);

      const answer = await pay({ ...transfer(owing, 1_000), ...change });

      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors?.map((error) => error.field)).toContain(field);
      expect(await customer(owing.id)).toEqual(before);
    });

    it('refuses a payment for an archived customer', async () => {
      const archived = await aCustomer(1_000);
      await api.call('DELETE', `/customers/${archived.id}`, { token: admin.accessToken });

      const answer = await pay(transfer(archived, 500));

      expect(answer.status).toBe(422);
      expect(answer.body.errors?.[0]?.field).toBe('customerId');
    });

    it('lets viewers read payments and nothing else', async () => {
      const created = await pay(transfer(owing, 100));

      expect((await pay(transfer(owing, 100), randomUUID(), viewer.accessToken)).status).toBe(403);
      expect((await setStatus(created.body.id, 'completed', viewer.accessToken)).status).toBe(403);
      expect(
        (await api.call('GET', `/payments/${created.body.id}`, { token: viewer.accessToken }))
          .status,
      ).toBe(200);
      expect((await api.call('GET', '/payments', {})).status).toBe(401);
    });

    it('answers 404 for an unknown payment and 400 for a bad status', async () => {
      expect((await setStatus(randomUUID(), 'completed')).status).toBe(404);
      expect(
        (await api.call('GET', `/payments/${randomUUID()}`, { token: viewer.accessToken })).status,
      ).toBe(404);
      const created = await pay(transfer(owing, 100));
      const bad = await setStatus(created.body.id, 'failed');
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.[0]?.field).toBe('status');
    });
  });

  describe('concurrency', () => {
    it('keeps the ledger equal to the balance, never below zero, after 50 concurrent card payments', async () => {
      const owing = await aCustomer(30_000);

      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          pay(
            byCard(
              owing,
              1_000 + (index % 3),
              index % 10 === 0 ? TEST_CARDS.declined : TEST_CARDS.success,
            ),
          ),
        ),
      );

      const accepted = answers.filter((answer) => answer.status === 201);
      expect(answers.every((answer) => answer.status === 201 || answer.status === 422)).toBe(true);
      const final = await Promise.all(accepted.map((answer) => settled(answer.body.id)));
      const completed = final.filter((one) => one.status === 'completed');
      const current = await customer(owing.id);
      expect(current.pendingPaymentsAmount).toBe(0);
      expect(current.outstandingAmount).toBe(
        30_000 - completed.reduce((sum, one) => sum + one.amount, 0),
      );
      expect(current.outstandingAmount).toBeGreaterThanOrEqual(0);
      const entries = await expectLedgerMatches(owing.id);
      expect(entries.filter((entry) => entry.kind === 'payment')).toHaveLength(completed.length);
    });
  });

  describe('listing', () => {
    let listed: Customer;
    let ids: string[];
    beforeAll(async () => {
      listed = await aCustomer(100_000);
      ids = [];
      for (const [method, amount] of [
        ['bank_transfer', 300],
        ['cash', 100],
        ['bank_transfer', 200],
      ] as const) {
        const created = await pay({ ...transfer(listed, amount), method });
        ids.push(created.body.id);
        if (method === 'cash') await settled(created.body.id);
      }
    });

    const list = (query: string) =>
      api.call<Page<Payment> & ProblemDetails & { errors?: { field: string }[] }>(
        'GET',
        `/payments?customerId=${listed.id}&${query}`,
        { token: viewer.accessToken },
      );

    it('filters by status and method, newest first by default', async () => {
      const pending = await list('status=pending');
      expect(pending.body.items.map((one) => one.id)).toEqual([ids[2], ids[0]]);
      expect(pending.body.total).toBe(2);
      const cash = await list('method=cash');
      expect(cash.body.items.map((one) => one.status)).toEqual(['completed']);
    });

    it('sorts and pages', async () => {
      const byAmount = await list('sort=amount&page=2&pageSize=1');
      expect(byAmount.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
      expect(byAmount.body.items.map((one) => one.amount)).toEqual([200]);
    });

    it('filters by the day recorded', async () => {
      expect((await list('from=2099-01-01')).body.total).toBe(0);
      expect((await list('to=2099-01-01')).body.total).toBe(3);
    });

    it.each([
      ['status=lost', 'status'],
      ['method=card,card', 'method'],
      ['sort=reference', 'sort'],
      ['from=2026-02-30', 'from'],
    ])('answers 400 naming the parameter for %s', async (query, field) => {
      const answer = await list(query);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.field)).toContain(field);
    });
  });

  describe('live events', () => {
    it('pushes payment.created, payment.updated and the customer to signed-in sockets', async () => {
      const socket: Socket = io(subject.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
        auth: { token: viewer.accessToken },
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        const received: string[] = [];
        socket.onAny((name: string) => received.push(name));
        const owing = await aCustomer(7_000);
        const created = new Promise<PaymentChangedEvent>((resolve) =>
          socket.once('payment.created', resolve),
        );
        const updated = new Promise<PaymentChangedEvent>((resolve) =>
          socket.once('payment.updated', resolve),
        );
        const customerUpdates: Customer[] = [];
        socket.on('customer.updated', (event: { customer: Customer }) =>
          customerUpdates.push(event.customer),
        );

        const answer = await pay(byCard(owing, 7_000));

        const announced = await created;
        expect(announced.payment).toMatchObject({ id: answer.body.id, status: 'pending' });
        // The customer as the payment left it travels with the payment: its amount held.
        expect(announced.customer).toMatchObject({ version: 2, pendingPaymentsAmount: 7_000 });
        const completion = await updated;
        expect(completion.payment).toMatchObject({ id: answer.body.id, status: 'completed' });
        expect(completion.customer).toMatchObject({
          id: owing.id,
          outstandingAmount: 0,
          paymentStatus: 'completed',
        });
        expect(completion.actorId).toBeNull();
        expect(completion.customer.version).toBe(3);
        // One event per change: no separate customer.updated doubles what browsers are sent.
        expect(received.filter((name) => name !== 'notification')).toEqual([
          'customer.created',
          'payment.created',
          'payment.updated',
        ]);
        expect(customerUpdates).toEqual([]);
      } finally {
        socket.disconnect();
      }
    });
  });
});

describe('payments across a restart', () => {
  it('settles payments left pending when the process stopped', async () => {
    const slow = await startTestApp({ MOCK_GATEWAY_DELAY_MS: '600000' });
    const api = apiClient(slow.baseUrl);
    const admin = await api.signUpAdmin();
    const owing = await api.call<Customer>('POST', '/customers', {
      token: admin.accessToken,
      body: {
        name: 'Left Pending',
        email: 'left@pay.test',
        outstandingAmount: 9_000,
        dueDate: FUTURE,
      },
    });
    const created = await api.call<Payment>('POST', '/payments', {
      token: admin.accessToken,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        customerId: owing.body.id,
        amount: 9_000,
        currency: owing.body.currency,
        method: 'card',
        card: CARD,
      },
    });
    expect(created.body.status).toBe('pending');
    await slow.close();

    const restarted = await startTestApp({}, { dataDir: slow.dataDir });
    try {
      const again = apiClient(restarted.baseUrl);
      const session = await again.login('admin@desk.test');
      await vi.waitFor(
        async () => {
          const read = await again.call<Payment>('GET', `/payments/${created.body.id}`, {
            token: session.accessToken,
          });
          expect(read.body.status).toBe('completed');
        },
        { timeout: 5000, interval: 20 },
      );
      const after = await again.call<Customer>('GET', `/customers/${owing.body.id}`, {
        token: session.accessToken,
      });
      expect(after.body).toMatchObject({ outstandingAmount: 0, pendingPaymentsAmount: 0 });
    } finally {
      await restarted.dispose();
    }
  });
});
