import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Session } from '@collection-desk/contracts';

import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiClient, GOOD_PASSWORD, TEST_JWT_SECRET } from '../support/accounts.js';
import { claimsOf, signJwt } from '../support/jwt.js';

describe('sign-in and sessions', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    await api.register('ada@desk.test', 'Ada');
    // Sign-ins are rate-limited per email: spread them over two accounts.
    await api.register('bob@desk.test', 'Bob');
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('returns a 15-minute access token, a refresh token and the user, and sets the refresh cookie', async () => {
    const result = await api.call<Session>('POST', '/auth/login', {
      body: { email: 'ADA@desk.test', password: GOOD_PASSWORD },
    });

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      expiresIn: 900,
      user: { email: 'ada@desk.test', role: 'admin' },
    });
    const payload = JSON.parse(
      Buffer.from(result.body.accessToken.split('.')[1] ?? '', 'base64url').toString(),
    );
    expect(payload.exp - payload.iat).toBe(900);
    expect(payload).toMatchObject({ iss: 'collection-desk', aud: 'collection-desk-api' });
    const cookie = result.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`cd_refresh=${result.body.refreshToken}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookie).not.toMatch(/Secure/i); // plain http on localhost
  });

  it('answers an unknown email and a wrong password the same way', async () => {
    const unknown = await api.call('POST', '/auth/login', {
      body: { email: 'nobody@desk.test', password: GOOD_PASSWORD },
    });
    const wrong = await api.call('POST', '/auth/login', {
      body: { email: 'ada@desk.test', password: 'not the password' },
    });

    const comparable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(comparable(unknown.body)).toEqual(comparable(wrong.body));
  });

  it('tells who is signed in', async () => {
    const session = await api.login('ada@desk.test');

    const me = await api.call('GET', '/auth/me', { token: session.accessToken });

    expect(me.status).toBe(200);
    expect(me.body).toEqual(session.user);
  });

  describe('refuses forged and stale access tokens with a 401 problem', () => {
    let session: Session;

    beforeAll(async () => {
      session = await api.login('ada@desk.test');
    });

    const sign = (claims: Record<string, unknown>, secret = TEST_JWT_SECRET) =>
      Promise.resolve(signJwt(claims, secret));

    const forgeries: [string, () => Promise<string>][] = [
      [
        'alg none',
        () => {
          const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
            'base64url',
          );
          const body = session.accessToken.split('.')[1];
          return Promise.resolve(`${header}.${body}.`);
        },
      ],
      [
        'a tampered payload',
        () => {
          const [header, , signature] = session.accessToken.split('.');
          const claims = { ...claimsOf(session.accessToken), role: 'admin', sub: 'someone-else' };
          return Promise.resolve(
            `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`,
          );
        },
      ],
      ['another secret', () => sign(claimsOf(session.accessToken), 'x'.repeat(48))],
      [
        'an expired token',
        () => {
          const now = Math.floor(Date.now() / 1000);
          return sign({ ...claimsOf(session.accessToken), iat: now - 1000, exp: now - 60 });
        },
      ],
      ['a wrong audience', () => sign({ ...claimsOf(session.accessToken), aud: 'another-api' })],
      ['a wrong issuer', () => sign({ ...claimsOf(session.accessToken), iss: 'someone' })],
      [
        'another HMAC algorithm (HS512) with the right key',
        () => Promise.resolve(signJwt(claimsOf(session.accessToken), TEST_JWT_SECRET, 'HS512')),
      ],
      [
        'an issue time in the future',
        () => {
          const now = Math.floor(Date.now() / 1000);
          return sign({ ...claimsOf(session.accessToken), iat: now + 3600, exp: now + 4500 });
        },
      ],
      [
        'no session id',
        () => {
          const { sid: _sid, ...claims } = claimsOf(session.accessToken);
          return sign(claims);
        },
      ],
      ['garbage', () => Promise.resolve('not.a.jwt')],
    ];

    it('(control: the same claims signed with the right key are accepted)', async () => {
      const resigned = await sign(claimsOf(session.accessToken));
      expect((await api.call('GET', '/auth/me', { token: resigned })).status).toBe(200);
    });

    it.each(forgeries)('%s', async (_, forge) => {
      const result = await api.call('GET', '/auth/me', { token: await forge() });

      expect(result.status).toBe(401);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.body).toMatchObject({
        status: 401,
        type: 'urn:collection-desk:problem:unauthenticated',
      });
    });
  });

  it('rotates the refresh token on every use, from the body or the cookie', async () => {
    const first = await api.login('ada@desk.test');

    const second = await api.call<Session>('POST', '/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const third = await api.call<Session>('POST', '/auth/refresh', {
      headers: { cookie: `cd_refresh=${second.body.refreshToken}` },
    });
    expect(third.status).toBe(200);
    expect((await api.call('GET', '/auth/me', { token: third.body.accessToken })).status).toBe(200);
  });

  it('revokes the whole session when a used refresh token comes back', async () => {
    const stolen = await api.login('ada@desk.test');
    const legit = await api.call<Session>('POST', '/auth/refresh', {
      body: { refreshToken: stolen.refreshToken },
    });

    const replay = await api.call('POST', '/auth/refresh', {
      body: { refreshToken: stolen.refreshToken },
    });

    expect(replay.status).toBe(401);
    const afterReplay = await api.call('POST', '/auth/refresh', {
      body: { refreshToken: legit.body.refreshToken },
    });
    expect(afterReplay.status).toBe(401);
    expect((await api.call('GET', '/auth/me', { token: legit.body.accessToken })).status).toBe(401);
    // Other sessions of the same user are untouched.
    const other = await api.login('ada@desk.test');
    expect((await api.call('GET', '/auth/me', { token: other.accessToken })).status).toBe(200);
  });

  it('refuses a refresh without a token or with an unknown one', async () => {
    expect((await api.call('POST', '/auth/refresh', { body: {} })).status).toBe(401);
    expect(
      (await api.call('POST', '/auth/refresh', { body: { refreshToken: 'made-up' } })).status,
    ).toBe(401);
  });

  it('ends the session at logout: refresh and access tokens stop working at once', async () => {
    const session = await api.login('bob@desk.test');

    const logout = await api.call('POST', '/auth/logout', {
      body: { refreshToken: session.refreshToken },
    });

    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/cd_refresh=;/);
    expect(
      (await api.call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } }))
        .status,
    ).toBe(401);
    expect((await api.call('GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
    // Logging out twice is fine.
    expect(
      (await api.call('POST', '/auth/logout', { body: { refreshToken: session.refreshToken } }))
        .status,
    ).toBe(204);
  });

  it('logs out the session of a bearer token too', async () => {
    const session = await api.login('bob@desk.test');

    expect((await api.call('POST', '/auth/logout', { token: session.accessToken })).status).toBe(
      204,
    );
    expect((await api.call('GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
  });
});
