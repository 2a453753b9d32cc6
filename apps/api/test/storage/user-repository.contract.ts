import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  AdminRosterChangedError,
  EmailAlreadyRegisteredError,
  UserNotFoundError,
  UserVersionConflictError,
} from '../../src/users/user.errors.js';
import type { UserRecord, UserRepository } from '../../src/users/user.repository.js';
import { nextTimestamp } from './customer-fixtures.js';

export interface UserRepositoryUnderTest {
  repository: UserRepository;
  close(): Promise<void>;
}

function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const now = nextTimestamp();
  return {
    id: randomUUID(),
    email: `user-${randomUUID().slice(0, 8)}@desk.test`,
    name: 'A User',
    role: 'agent',
    active: true,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
}

const next = (user: UserRecord, changes: Partial<UserRecord>): UserRecord => ({
  ...user,
  ...changes,
  updatedAt: nextTimestamp(),
  version: user.version + 1,
});

/** What every UserRepository adapter must do. `setup` must return an empty store. */
export function describeUserRepositoryContract(
  adapterName: string,
  setup: () => Promise<UserRepositoryUnderTest>,
): void {
  describe(`UserRepository contract: ${adapterName}`, () => {
    let subject: UserRepositoryUnderTest;
    let users: UserRepository;

    beforeEach(async () => {
      subject = await setup();
      users = subject.repository;
    });

    afterEach(async () => {
      await subject.close();
    });

    it('stores a user and finds it by id and by email in any case, at once', async () => {
      const user = aUser({ email: 'Ada.Lovelace@desk.test' });
      await users.insert(user);

      expect(await users.findById(user.id)).toEqual(user);
      expect(await users.findByEmail('ada.lovelace@DESK.test')).toEqual(user);
      expect(await users.findByEmail('nobody@desk.test')).toBeNull();
      expect(await users.findById(randomUUID())).toBeNull();
    });

    it('refuses a second account with the same email, whatever its case', async () => {
      await users.insert(aUser({ email: 'same@desk.test' }));
      await expect(users.insert(aUser({ email: 'SAME@desk.test' }))).rejects.toBeInstanceOf(
        EmailAlreadyRegisteredError,
      );
      expect(await users.list()).toHaveLength(1);
    });

    it('lets exactly one of two racing first sign-ups be first', async () => {
      const [first, second] = [aUser({ role: 'admin' }), aUser({ role: 'admin' })];
      const outcomes = await Promise.all([users.insertFirst(first), users.insertFirst(second)]);

      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await users.list()).toHaveLength(1);
      expect(await users.insertFirst(aUser())).toBe(false);
    });

    it('lists every user, oldest first, without the password hash', async () => {
      const all = Array.from({ length: 12 }, () => aUser());
      for (const user of all) await users.insert(user);

      const listed = await users.list();
      expect(listed.map((user) => user.id)).toEqual(all.map((user) => user.id));
      expect(listed[0]).not.toHaveProperty('passwordHash');
      expect(listed[0]).not.toHaveProperty('version');
    });

    it('replaces only over the version it read', async () => {
      const user = aUser();
      await users.insert(user);
      const renamed = next(user, { name: 'Renamed' });
      await users.replace(renamed, 1);

      expect(await users.findById(user.id)).toEqual(renamed);
      await expect(users.replace(next(user, { active: false }), 1)).rejects.toBeInstanceOf(
        UserVersionConflictError,
      );
      await expect(users.replace(next(aUser(), {}), 1)).rejects.toBeInstanceOf(UserNotFoundError);
    });

    it('lets a deactivation and a rehash racing on one version not both win', async () => {
      const user = aUser();
      await users.insert(user);

      const results = await Promise.allSettled([
        users.replace(next(user, { active: false }), 1),
        users.replace(next(user, { passwordHash: '$argon2id$new' }), 1),
      ]);

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const stored = await users.findById(user.id);
      expect(stored?.version).toBe(2);
    });

    it('keeps the roster of active admins, and refuses a change based on a stale one', async () => {
      const [one, two] = [aUser({ role: 'admin' }), aUser({ role: 'admin' })];
      await users.insert(one);
      await users.insert(two);
      await users.insert(aUser({ role: 'admin', active: false }));

      const roster = await users.activeAdmins();
      expect(roster.adminIds).toEqual([one.id, two.id].sort());

      await users.replace(next(one, { role: 'agent' }), 1, {
        expectedVersion: roster.version,
        adminIds: [two.id],
      });
      expect((await users.activeAdmins()).adminIds).toEqual([two.id]);
      await expect(
        users.replace(next(two, { active: false }), 1, {
          expectedVersion: roster.version,
          adminIds: [],
        }),
      ).rejects.toBeInstanceOf(AdminRosterChangedError);
      expect((await users.findById(two.id))?.active).toBe(true);
    });

    it('lets only one of two admins demoting each other at once succeed', async () => {
      const [one, two] = [aUser({ role: 'admin' }), aUser({ role: 'admin' })];
      await users.insert(one);
      await users.insert(two);
      const roster = await users.activeAdmins();

      const results = await Promise.allSettled([
        users.replace(next(one, { role: 'viewer' }), 1, {
          expectedVersion: roster.version,
          adminIds: [two.id],
        }),
        users.replace(next(two, { role: 'viewer' }), 1, {
          expectedVersion: roster.version,
          adminIds: [one.id],
        }),
      ]);

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect((await users.activeAdmins()).adminIds).toHaveLength(1);
      const stillAdmins = (await users.list()).filter(
        (user) => user.role === 'admin' && user.active,
      );
      expect(stillAdmins).toHaveLength(1);
    });
  });
}
