import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Customer, ProblemDetails, Session } from '@collection-desk/contracts';

import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiClient } from '../support/accounts.js';

const PAST = '2020-01-15';
const FUTURE = '2099-06-30';

describe('customers: create, read, change, archive', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let agent: Session;
  let viewer: Session;

  beforeAll(async () => {
    subject = await startTestApp({ DEFAULT_CURRENCY: 'GBP' });
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
    viewer = await api.userWithRole(admin, 'viewer');
  });

  afterAll(async () => {
    await subject.dispose();
  });

  let emailCounter = 0;
  const input = (overrides: Record<string, unknown> = {}) => ({
    name: 'Acme Trading',
    email: `billing${(emailCounter += 1)}@acme.test`,
    outstandingAmount: 125_000,
    dueDate: FUTURE,
    ...overrides,
  });
  /** A Customer, or a problem body when refused. */
  const create = (body: Record<string, unknown>, token = agent.accessToken) =>
    api.call<Customer & Partial<ProblemDetails>>('POST', '/customers', { token, body });

  it('creates a customer with Location and ETag, defaulting the currency and normalising the phone', async () => {
    const result = await create(input({ phone: '+49 (30) 123-4567', address: ' 1 Main St ' }));

    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      name: 'Acme Trading',
      phone: '+49301234567',
      address: '1 Main St',
      currency: 'GBP',
      paymentStatus: 'pending',
      version: 1,
      archivedAt: null,
    });
    expect(result.headers.get('location')).toBe(`/api/v1/customers/${result.body.id}`);
    expect(result.headers.get('etag')).toBe('"v1"');

    const read = await api.call<Customer>('GET', `/customers/${result.body.id}`, {
      token: viewer.accessToken,
    });
    expect(read.body).toEqual(result.body);
    expect(read.headers.get('etag')).toBe('"v1"');
  });

  it('derives the status: overdue when owed past the due date, completed when nothing is owed', async () => {
    expect((await create(input({ dueDate: PAST }))).body.paymentStatus).toBe('overdue');
    expect((await create(input({ dueDate: PAST, outstandingAmount: 0 }))).body.paymentStatus).toBe(
      'completed',
    );
  });

  it.each([
    ['name', { name: '' }, 'must be 1 to 200 characters'],
    ['name', { name: 'x'.repeat(201) }, 'must be 1 to 200 characters'],
    ['email', { email: 'not-an-email' }, 'must be a valid email address'],
    ['phone', { phone: '12345' }, 'must be an international phone number such as +49 30 1234567'],
    ['outstandingAmount', { outstandingAmount: -1 }, 'outstandingAmount must not be less than 0'],
    [
      'outstandingAmount',
      { outstandingAmount: 12.5 },
      'must be a whole number of minor units (cents)',
    ],
    [
      'outstandingAmount',
      { outstandingAmount: '100' },
      'must be a whole number of minor units (cents)',
    ],
    ['currency', { currency: 'EURO' }, 'must be an ISO 4217 currency code such as EUR'],
    ['dueDate', { dueDate: '31/12/2026' }, 'must be a date written YYYY-MM-DD'],
    ['dueDate', { dueDate: '2026-02-30' }, 'must be a real calendar date'],
    ['assigneeId', { assigneeId: 'someone' }, 'must be the id of a user'],
    ['notes', { notes: 'x'.repeat(2001) }, 'must be at most 2000 characters'],
    ['paymentStatus', { paymentStatus: 'completed' }, 'should not exist'],
  ])('refuses a bad %s with a 400 naming the field', async (field, override, message) => {
    const result = await create(input(override));

    expect(result.status).toBe(400);
    expect(result.body.errors).toContainEqual({ field, message });
  });

  it('refuses an assignee who is not an active agent or admin', async () => {
    const result = await create(input({ assigneeId: viewer.user.id }));

    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      { field: 'assigneeId', message: 'must be an active agent or admin' },
    ]);
    expect((await create(input({ assigneeId: agent.user.id }))).status).toBe(201);
  });

  it('refuses a duplicate email, whatever its case', async () => {
    await create(input({ email: 'unique@acme.test' }));

    const duplicate = await create(input({ email: 'UNIQUE@acme.test' }));

    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([
      { field: 'email', message: 'is already used by another customer' },
    ]);
  });

  describe('changes', () => {
    let customer: Customer;

    beforeAll(async () => {
      customer = (await create(input({ outstandingAmount: 50_000 }))).body;
    });

    it('applies a change sent with the current ETag and returns the next ETag', async () => {
      const result = await api.call<Customer>('PATCH', `/customers/${customer.id}`, {
        token: agent.accessToken,
        headers: { 'if-match': '"v1"' },
        body: { notes: 'Promised to pay on Friday', phone: null },
      });

      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({
        notes: 'Promised to pay on Friday',
        phone: null,
        version: 2,
      });
      expect(result.headers.get('etag')).toBe('"v2"');
    });

    it('answers a stale ETag with 412 and the current version, changing nothing', async () => {
      const result = await api.call('PATCH', `/customers/${customer.id}`, {
        token: agent.accessToken,
        headers: { 'if-match': '"v1"' },
        body: { name: 'Overwritten' },
      });

      expect(result.status).toBe(412);
      expect(result.body).toMatchObject({
        currentVersion: 2,
        type: 'urn:collection-desk:problem:customer-version-conflict',
      });
      expect(
        (await api.call<Customer>('GET', `/customers/${customer.id}`, { token: agent.accessToken }))
          .body.name,
      ).toBe('Acme Trading');
    });

    it('answers 428 when If-Match is missing', async () => {
      const result = await api.call('PATCH', `/customers/${customer.id}`, {
        token: agent.accessToken,
        body: { name: 'X' },
      });

      expect(result.status).toBe(428);
    });

    it('needs a reason to change the amount by hand, and keeps it as an adjustment in the ledger', async () => {
      const withoutReason = await api.call('PATCH', `/customers/${customer.id}`, {
        token: agent.accessToken,
        headers: { 'if-match': '"v2"' },
        body: { outstandingAmount: 0 },
      });
      expect(withoutReason.status).toBe(400);
      expect(withoutReason.body.errors).toEqual([
        { field: 'reason', message: 'is required when the outstanding amount changes' },
      ]);

      const withReason = await api.call<Customer>('PATCH', `/customers/${customer.id}`, {
        token: agent.accessToken,
        headers: { 'if-match': '"v2"' },
        body: { outstandingAmount: 0, reason: 'Paid by bank transfer' },
      });
      expect(withReason.status).toBe(200);
      expect(withReason.body).toMatchObject({
        outstandingAmount: 0,
        paymentStatus: 'completed',
        version: 3,
      });

      const ledger = await api.call('GET', `/customers/${customer.id}/ledger`, {
        token: viewer.accessToken,
      });
      expect(ledger.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
      expect(ledger.body.items).toEqual([
        expect.objectContaining({
          kind: 'adjustment',
          amount: -50_000,
          runningBalance: 0,
          reason: 'Paid by bank transfer',
          actorId: agent.user.id,
          createdAt: withReason.body.updatedAt,
        }),
        expect.objectContaining({ kind: 'charge', amount: 50_000, runningBalance: 50_000 }),
      ]);
    });

    it('lets a viewer read but not write', async () => {
      const result = await api.call('PATCH', `/customers/${customer.id}`, {
        token: viewer.accessToken,
        headers: { 'if-match': '"v3"' },
        body: { name: 'Viewer edit' },
      });

      expect(result.status).toBe(403);
    });
  });

  it('archives (admins only) out of the list, and restores back into it', async () => {
    const customer = (await create(input({ name: 'Archivable Ltd' }))).body;
    const inList = async (query = '') =>
      (
        await api.call<{ items: Customer[] }>('GET', `/customers?q=archivable${query}`, {
          token: agent.accessToken,
        })
      ).body.items.map((c) => c.id);

    expect(
      (await api.call('DELETE', `/customers/${customer.id}`, { token: agent.accessToken })).status,
    ).toBe(403);
    const archived = await api.call<Customer>('DELETE', `/customers/${customer.id}`, {
      token: admin.accessToken,
    });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect(await inList()).toEqual([]);
    expect(await inList('&archived=true')).toEqual([customer.id]);
    expect(await inList('&archived=only')).toEqual([customer.id]);

    const restored = await api.call<Customer>('POST', `/customers/${customer.id}/restore`, {
      token: admin.accessToken,
    });
    expect(restored.body.archivedAt).toBeNull();
    expect(await inList()).toEqual([customer.id]);
  });

  it('answers 404 for an unknown customer and 400 for a malformed id', async () => {
    expect(
      (
        await api.call('GET', '/customers/00000000-0000-4000-8000-000000000000', {
          token: agent.accessToken,
        })
      ).status,
    ).toBe(404);
    expect((await api.call('GET', '/customers/42', { token: agent.accessToken })).status).toBe(400);
  });
});
