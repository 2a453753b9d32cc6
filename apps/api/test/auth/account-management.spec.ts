import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Session, User } from '@collection-desk/contracts';

import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiClient, GOOD_PASSWORD } from '../support/accounts.js';

describe('account management', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
  });

  afterAll(async () => {
    await subject.dispose();
  });

  describe('change password', () => {
    it('ends every session of the account and returns a fresh one for this device', async () => {
      const agent = await api.userWithRole(admin, 'agent', 'carol@desk.test');
      const otherDevice = await api.login('carol@desk.test');

      const changed = await api.call<Session>('POST', '/auth/change-password', {
        token: agent.accessToken,
        body: { currentPassword: GOOD_PASSWORD, newPassword: 'a brand new passphrase' },
      });

      expect(changed.status).toBe(200);
      expect((await api.call('GET', '/auth/me', { token: changed.body.accessToken })).status).toBe(
        200,
      );
      for (const old of [agent, otherDevice]) {
        expect((await api.call('GET', '/auth/me', { token: old.accessToken })).status).toBe(401);
        expect(
          (await api.call('POST', '/auth/refresh', { body: { refreshToken: old.refreshToken } }))
            .status,
        ).toBe(401);
      }
      expect(
        (
          await api.call('POST', '/auth/login', {
            body: { email: 'carol@desk.test', password: GOOD_PASSWORD },
          })
        ).status,
      ).toBe(401);
      await expect(api.login('carol@desk.test', 'a brand new passphrase')).resolves.toBeDefined();
    });

    it('refuses a wrong current password and a weak new one, naming the field', async () => {
      const wrongCurrent = await api.call('POST', '/auth/change-password', {
        token: admin.accessToken,
        body: { currentPassword: 'not it at all', newPassword: 'another long passphrase' },
      });
      const weakNew = await api.call('POST', '/auth/change-password', {
        token: admin.accessToken,
        body: { currentPassword: GOOD_PASSWORD, newPassword: 'password1' },
      });

      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.body.errors).toEqual([
        { field: 'currentPassword', message: 'is not your current password' },
      ]);
      expect(weakNew.status).toBe(400);
      expect(weakNew.body.errors).toEqual([
        { field: 'newPassword', message: 'is one of the most common passwords: choose another' },
      ]);
      expect((await api.call('GET', '/auth/me', { token: admin.accessToken })).status).toBe(200);
    });
  });

  describe('users, for admins', () => {
    it('lists users oldest first, without password hashes', async () => {
      const result = await api.call<User[]>('GET', '/users', { token: admin.accessToken });

      expect(result.status).toBe(200);
      expect(result.body[0]).toMatchObject({ email: 'admin@desk.test', role: 'admin' });
      expect(JSON.stringify(result.body)).not.toContain('argon2');
    });

    it('changes a role, which applies to the next request at once', async () => {
      const dave = await api.userWithRole(admin, 'agent', 'dave@desk.test');

      const changed = await api.call('PATCH', `/users/${dave.user.id}`, {
        token: admin.accessToken,
        body: { role: 'viewer' },
      });

      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ role: 'viewer' });
      const me = await api.call('GET', '/auth/me', { token: dave.accessToken });
      expect(me.body.role).toBe('viewer');
      const write = await api.call('POST', '/users', {
        token: dave.accessToken,
        body: { email: 'x@desk.test', name: 'X', password: GOOD_PASSWORD, role: 'agent' },
      });
      expect(write.status).toBe(403);
    });

    it('deactivates a user: their tokens stop working at once and they cannot sign in', async () => {
      const erin = await api.userWithRole(admin, 'agent', 'erin@desk.test');

      const result = await api.call('PATCH', `/users/${erin.user.id}`, {
        token: admin.accessToken,
        body: { active: false },
      });

      expect(result.status).toBe(200);
      expect(result.body.active).toBe(false);
      expect((await api.call('GET', '/auth/me', { token: erin.accessToken })).status).toBe(401);
      expect(
        (await api.call('POST', '/auth/refresh', { body: { refreshToken: erin.refreshToken } }))
          .status,
      ).toBe(401);
      const login = await api.call('POST', '/auth/login', {
        body: { email: 'erin@desk.test', password: GOOD_PASSWORD },
      });
      expect(login.status).toBe(403);
      expect(login.body.title).toBe('Account deactivated');

      await api.call('PATCH', `/users/${erin.user.id}`, {
        token: admin.accessToken,
        body: { active: true },
      });
      await expect(api.login('erin@desk.test')).resolves.toBeDefined();
    });

    it('keeps at least one active admin', async () => {
      const demote = await api.call('PATCH', `/users/${admin.user.id}`, {
        token: admin.accessToken,
        body: { role: 'agent' },
      });
      const deactivate = await api.call('PATCH', `/users/${admin.user.id}`, {
        token: admin.accessToken,
        body: { active: false },
      });

      expect(demote.status).toBe(409);
      expect(deactivate.status).toBe(409);
      expect((await api.call('GET', '/auth/me', { token: admin.accessToken })).body.role).toBe(
        'admin',
      );
    });

    it('lists assignable people (active admins and agents) to every role', async () => {
      const viewer = await api.userWithRole(admin, 'viewer', 'vera@desk.test');

      const result = await api.call<{ id: string; name: string; role: string }[]>(
        'GET',
        '/users/assignable',
        {
          token: viewer.accessToken,
        },
      );

      expect(result.status).toBe(200);
      expect(result.body.map((person) => person.role)).not.toContain('viewer');
      expect(result.body).toContainEqual({ id: admin.user.id, name: 'Admin', role: 'admin' });
      expect(result.body.some((person) => person.name === 'A viewer')).toBe(false);
      expect((await api.call('GET', '/users', { token: viewer.accessToken })).status).toBe(403);
    });

    it('answers 404 for an unknown user and 400 for a malformed id or role', async () => {
      const unknown = await api.call('PATCH', '/users/00000000-0000-4000-8000-000000000000', {
        token: admin.accessToken,
        body: { role: 'agent' },
      });
      const malformed = await api.call('PATCH', '/users/42', {
        token: admin.accessToken,
        body: { role: 'agent' },
      });
      const badRole = await api.call('PATCH', `/users/${admin.user.id}`, {
        token: admin.accessToken,
        body: { role: 'owner' },
      });

      expect(unknown.status).toBe(404);
      expect(malformed.status).toBe(400);
      expect(badRole.status).toBe(400);
      expect(badRole.body.errors).toEqual([
        { field: 'role', message: 'must be one of: admin, agent, viewer' },
      ]);
    });
  });
});
