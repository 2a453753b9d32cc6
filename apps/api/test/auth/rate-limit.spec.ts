import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiClient, GOOD_PASSWORD } from '../support/accounts.js';

describe('rate limiting of sign-in', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    await api.register('target@desk.test', 'Target');
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('allows 10 attempts a minute per address and email, then answers 429 with Retry-After', async () => {
    const attempt = (email: string) =>
      api.call('POST', '/auth/login', { body: { email, password: 'wrong guess here' } });
    for (let i = 0; i < 10; i += 1) expect((await attempt('target@desk.test')).status).toBe(401);

    const blocked = await attempt('target@desk.test');

    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({
      status: 429,
      detail: 'Too many attempts. Wait a minute, then try again.',
    });
    // Even the right password waits; another email from the same address does not.
    expect(
      (
        await api.call('POST', '/auth/login', {
          body: { email: 'target@desk.test', password: GOOD_PASSWORD },
        })
      ).status,
    ).toBe(429);
    expect((await attempt('someone-else@desk.test')).status).toBe(401);
  });
});
