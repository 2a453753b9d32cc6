import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiClient, GOOD_PASSWORD } from '../support/accounts.js';

describe('registration', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('makes the first account admin and later ones agent, never exposing the hash', async () => {
    const first = await api.call('POST', '/auth/register', {
      body: { email: 'First@Desk.test', name: 'First', password: GOOD_PASSWORD },
    });
    const second = await api.call('POST', '/auth/register', {
      body: { email: 'second@desk.test', name: 'Second', password: GOOD_PASSWORD },
    });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      email: 'First@Desk.test',
      name: 'First',
      role: 'admin',
      active: true,
    });
    expect(second.body).toMatchObject({ role: 'agent' });
    expect(JSON.stringify([first.body, second.body])).not.toMatch(/argon2|password/i);
  });

  it('refuses an email already registered, whatever its case', async () => {
    const result = await api.call('POST', '/auth/register', {
      body: { email: 'FIRST@desk.TEST', name: 'Again', password: GOOD_PASSWORD },
    });

    expect(result.status).toBe(409);
    expect(result.body.errors).toEqual([{ field: 'email', message: 'is already registered' }]);
  });

  it.each([
    [
      'a password of 7 characters',
      { password: 'seven77' },
      'password',
      'must be at least 8 characters',
    ],
    [
      'a password of 129 characters',
      { password: 'x'.repeat(129) },
      'password',
      'must be at most 128 characters',
    ],
    [
      'a common password',
      { password: 'password1' },
      'password',
      'is one of the most common passwords: choose another',
    ],
    [
      'a common password in other case',
      { password: 'QWERTYUIOP' },
      'password',
      'is one of the most common passwords: choose another',
    ],
    ['a bad email', { email: 'not-an-email' }, 'email', 'must be a valid email address'],
    ['an empty name', { name: '' }, 'name', 'must be 1 to 100 characters'],
    ['an unknown property', { role: 'admin' }, 'role', 'should not exist'],
  ])('refuses %s with a 400 naming the field', async (_, override, field, message) => {
    const result = await api.call('POST', '/auth/register', {
      body: { email: 'new@desk.test', name: 'New', password: GOOD_PASSWORD, ...override },
    });

    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.body.errors).toContainEqual({ field, message });
  });

  it('accepts any characters up to 128, without truncating them', async () => {
    const password = `${'ünïcødé 🔐 '.repeat(11)}end`.slice(0, 120);
    await api.register('long@desk.test', 'Long', password);

    await expect(api.login('long@desk.test', password)).resolves.toMatchObject({
      user: { email: 'long@desk.test' },
    });
    const truncated = await api.call('POST', '/auth/login', {
      body: { email: 'long@desk.test', password: password.slice(0, 72) },
    });
    expect(truncated.status).toBe(401);
  });
});

describe('registration when REGISTRATION=closed', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    subject = await startTestApp({ REGISTRATION: 'closed' });
    api = apiClient(subject.baseUrl);
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('lets the first admin sign up, then only admins create accounts', async () => {
    const admin = await api.signUpAdmin();

    const refused = await api.call('POST', '/auth/register', {
      body: { email: 'someone@desk.test', name: 'Someone', password: GOOD_PASSWORD },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.title).toBe('Registration is closed');

    const created = await api.call('POST', '/users', {
      token: admin.accessToken,
      body: {
        email: 'someone@desk.test',
        name: 'Someone',
        password: GOOD_PASSWORD,
        role: 'viewer',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'viewer', active: true });
  });
});
