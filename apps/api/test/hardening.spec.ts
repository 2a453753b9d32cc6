import { statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Customer, ProblemDetails, Session } from '@collection-desk/contracts';

import { DATABASE_FILE_NAME, SqliteDatabase } from '../src/storage/sqlite/sqlite-database.js';
import { apiClient, GOOD_PASSWORD } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Regressions of the second pass over customers and accounts, one per defect found. */
describe('hardening', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let agent: Session;

  beforeAll(async () => {
    subject = await startTestApp({ TRUST_PROXY: 'true' });
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
  });

  afterAll(async () => {
    await subject.dispose();
  });

  let counter = 0;
  const newCustomer = async (overrides: Record<string, unknown> = {}) => {
    const result = await api.call<Customer & ProblemDetails>('POST', '/customers', {
      token: agent.accessToken,
      body: {
        name: 'Hardened Ltd',
        email: `hard${(counter += 1)}@x.test`,
        outstandingAmount: 10_000,
        dueDate: '2099-01-01',
        ...overrides,
      },
    });
    return result;
  };

  it('refuses 5,000 levels of nesting before anything walks it, without a session', async () => {
    const body = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const response = await fetch(`${subject.baseUrl}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain('nests deeper');
  });

  it('refuses a lone surrogate naming the field, on every kind of route', async () => {
    const register = await api.call('POST', '/auth/register', {
      body: { email: '\ud800@ex.com', name: 'X', password: GOOD_PASSWORD },
    });
    expect(register.status).toBe(400);
    expect(register.body.errors).toEqual([
      { field: 'email', message: 'contains an unpaired surrogate: not valid text' },
    ]);
    expect((await newCustomer({ notes: 'ok \udfff' })).body).toMatchObject({
      status: 400,
      errors: [{ field: 'notes' }],
    });
  });

  it('keeps a user active on {"active": null} and answers 400 for {"role": null}', async () => {
    const viewer = await api.userWithRole(admin, 'viewer', 'still-active@desk.test');
    for (const body of [{ active: null }, { role: null }]) {
      const result = await api.call('PATCH', `/users/${viewer.user.id}`, {
        token: admin.accessToken,
        body,
      });
      expect(result.status).toBe(400);
      expect(result.body.errors[0].field).toBe(Object.keys(body)[0]);
    }
    expect((await api.call('GET', '/auth/me', { token: viewer.accessToken })).status).toBe(200);
  });

  it('stores text in one spelling and refuses control and text-direction characters', async () => {
    const composed = await newCustomer({
      name: '  Cafe\u0301 Zoe\u0308  ',
      notes: 'line one\r\nline two\ttab',
    });
    expect(composed.status).toBe(201);
    expect(composed.body).toMatchObject({ name: 'Café Zoë', notes: 'line one\nline two\ttab' });
    expect(composed.body.name).toBe('Café Zoë'.normalize('NFC'));

    for (const [field, value] of [
      ['name', 'Evil\u202egnp.exe'],
      ['name', 'Null\u0000byte'],
      ['name', '   '],
      ['address', 'Street\u2066isolate'],
      ['notes', 'bell\u0007'],
    ] as const) {
      const result = await newCustomer({ [field]: value });
      expect(result.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      expect(result.body.errors?.[0]?.field).toBe(field);
    }
    const blankUser = await api.call('POST', '/users', {
      token: admin.accessToken,
      body: { email: 'blank@desk.test', name: '   ', password: GOOD_PASSWORD, role: 'agent' },
    });
    expect(blankUser.status).toBe(400);
    expect(blankUser.body.errors[0].field).toBe('name');
  });

  it('lets a customer be edited although its assignee was deactivated since', async () => {
    const helper = await api.userWithRole(admin, 'agent', 'leaving@desk.test');
    const customer = (await newCustomer({ assigneeId: helper.user.id })).body;
    await api.call('PATCH', `/users/${helper.user.id}`, {
      token: admin.accessToken,
      body: { active: false },
    });

    const notes = await api.call('PATCH', `/customers/${customer.id}`, {
      token: agent.accessToken,
      headers: { 'if-match': '"v1"' },
      body: { notes: 'Still ours', assigneeId: helper.user.id },
    });
    expect(notes.status).toBe(200);
    expect(notes.body).toMatchObject({
      notes: 'Still ours',
      assigneeId: helper.user.id,
      version: 2,
    });

    const reassign = await api.call('PATCH', `/customers/${customer.id}`, {
      token: agent.accessToken,
      headers: { 'if-match': '"v2"' },
      body: { assigneeId: admin.user.id },
    });
    expect(reassign.status).toBe(200);
    const back = await api.call('PATCH', `/customers/${customer.id}`, {
      token: agent.accessToken,
      headers: { 'if-match': '"v3"' },
      body: { assigneeId: helper.user.id },
    });
    expect(back.status).toBe(400);
    expect(back.body.errors).toEqual([
      { field: 'assigneeId', message: 'must be an active agent or admin' },
    ]);
  });

  it('changes nothing, and keeps the version, when a PATCH sends only current values', async () => {
    const customer = (await newCustomer()).body;
    const same = await api.call('PATCH', `/customers/${customer.id}`, {
      token: agent.accessToken,
      headers: { 'if-match': '"v1"' },
      body: { name: customer.name, outstandingAmount: customer.outstandingAmount },
    });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(customer);
  });

  it('compares If-Match strongly, accepts a list, and reads ids in any case', async () => {
    const customer = (await newCustomer()).body;
    const weak = await api.call('PATCH', `/customers/${customer.id}`, {
      token: agent.accessToken,
      headers: { 'if-match': 'W/"v1"' },
      body: { notes: 'weak' },
    });
    expect(weak.status).toBe(412);

    const listed = await api.call('PATCH', `/customers/${customer.id.toUpperCase()}`, {
      token: agent.accessToken,
      headers: { 'if-match': '"v7", "v1"' },
      body: { notes: 'strong' },
    });
    expect(listed.status).toBe(200);
    expect(listed.body.id).toBe(customer.id);
  });

  it('marks API answers no-store and every answer with a Permissions-Policy', async () => {
    const listed = await api.call('GET', '/customers', { token: agent.accessToken });
    expect(listed.headers.get('cache-control')).toBe('no-store');
    expect(listed.headers.get('permissions-policy')).toContain('camera=()');
    const page = await fetch(`${subject.baseUrl}/`);
    expect(page.headers.get('permissions-policy')).toContain('geolocation=()');
  });

  it('lets a browser on an allowed origin PATCH and read the ETag', async () => {
    const preflight = await fetch(`${subject.baseUrl}/api/v1/customers/x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:4200',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type,if-match',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'if-match',
    );
    const read = await fetch(`${subject.baseUrl}/api/v1/health`, {
      headers: { origin: 'http://localhost:4200' },
    });
    expect(read.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
  });

  it('answers a too-long path segment with 414 and oversized headers with 431, as problem+json', async () => {
    const long = await fetch(`${subject.baseUrl}/api/v1/customers/${'a'.repeat(500)}/restore`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(long.status).toBe(414);
    expect(long.headers.get('content-type')).toContain('application/problem+json');

    const { status, type } = await new Promise<{ status: number; type: string }>(
      (resolve, reject) => {
        const request = httpRequest(
          `${subject.baseUrl}/api/v1/health`,
          { headers: { 'x-padding': 'x'.repeat(40_000) } },
          (response) => {
            response.resume();
            resolve({
              status: response.statusCode ?? 0,
              type: response.headers['content-type'] ?? '',
            });
          },
        );
        request.on('error', reject);
        request.end();
      },
    );
    expect(status).toBe(431);
    expect(type).toContain('application/problem+json');
  });

  it('sets the refresh cookie Secure when the request came over HTTPS (behind a trusted proxy)', async () => {
    const login = await api.call('POST', '/auth/login', {
      body: { email: 'admin@desk.test', password: GOOD_PASSWORD },
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });

  it('keeps the database files readable by their owner only', () => {
    for (const file of [
      DATABASE_FILE_NAME,
      `${DATABASE_FILE_NAME}-wal`,
      `${DATABASE_FILE_NAME}-shm`,
    ]) {
      expect(statSync(join(subject.dataDir, file)).mode & 0o077, file).toBe(0);
    }
  });

  it('keeps a bounded number of compiled statements however many sorts are asked for', async () => {
    const fields = [
      'name',
      'email',
      'outstandingAmount',
      'dueDate',
      'paymentStatus',
      'createdAt',
      'updatedAt',
    ];
    const sorts = fields.flatMap((first) =>
      fields
        .filter((second) => second !== first)
        .flatMap((second) => [`${first},-${second}`, `-${first},${second}`]),
    );
    for (const sort of sorts) {
      for (const status of ['pending', 'overdue', 'completed', 'pending,overdue']) {
        await api.call('GET', `/customers?sort=${sort}&status=${status}&q=hard`, {
          token: agent.accessToken,
        });
      }
    }
    expect(sorts.length * 4).toBeGreaterThan(256);
    expect(subject.app.get(SqliteDatabase).cachedStatements).toBeLessThanOrEqual(256);
  });

  it('answers 503 with Retry-After when storage fails, never 500', async () => {
    // Last in this suite: the database stays closed.
    subject.app.get(SqliteDatabase).close();
    const result = await api.call('GET', '/customers', { token: agent.accessToken });
    expect(result.status).toBe(503);
    expect(result.headers.get('retry-after')).toBe('5');
    expect(result.body).toMatchObject({ status: 503, title: 'Storage is unavailable' });
    expect(JSON.stringify(result.body)).not.toContain('SQLite');
  });
});

describe('per-address limits on sign-up and sign-in', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    // The defaults: 10 sign-ups and 20 failed sign-ins per address in 10 minutes.
    subject = await startTestApp({ SIGN_UPS_PER_ADDRESS: '10' });
    api = apiClient(subject.baseUrl);
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('stops mass sign-up from one address at 10 in 10 minutes', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      const result = await api.call('POST', '/auth/register', {
        body: { email: `mass${index}@desk.test`, name: 'Mass', password: GOOD_PASSWORD },
      });
      statuses.push(result.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('stops a password spray over many emails after 20 failures, even for a right password', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 25; index += 1) {
      const result = await api.call('POST', '/auth/login', {
        body: { email: `sprayed${index}@desk.test`, password: 'Winter2026!' },
      });
      statuses.push(result.status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    const right = await api.call('POST', '/auth/login', {
      body: { email: 'mass0@desk.test', password: GOOD_PASSWORD },
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('per-account limit on changes', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let agent: Session;

  beforeAll(async () => {
    subject = await startTestApp({ WRITES_PER_ACCOUNT_PER_MINUTE: '5' });
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
  });

  afterAll(async () => {
    await subject.dispose();
  });

  const create = (session: Session, index: number) =>
    api.call<Customer & ProblemDetails>('POST', '/customers', {
      token: session.accessToken,
      body: {
        name: 'Busy Ltd',
        email: `busy-${session.user.id}-${index}@x.test`,
        outstandingAmount: 100,
        dueDate: '2099-01-01',
      },
    });

  it('answers 429 with Retry-After past the limit, writes nothing more, and leaves reads and other accounts alone', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await create(agent, index)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);

    const refused = await create(agent, 5);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.title).toBe('Too many changes');
    expect(refused.body.detail).toContain('5 changes in the last minute');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const list = await api.call<{ total: number }>('GET', '/customers?q=busy', {
      token: agent.accessToken,
    });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(5);
    expect((await create(admin, 0)).status).toBe(201);

    // With its budget spent, the account can still change its password and sign out: a
    // leaked token can always be shut out.
    const changed = await api.call<Session>('POST', '/auth/change-password', {
      token: agent.accessToken,
      body: { currentPassword: GOOD_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    const signedOut = await api.call('POST', '/auth/logout', { token: changed.body.accessToken });
    expect(signedOut.status).toBe(204);
  });
});
