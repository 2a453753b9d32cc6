import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SessionFamily, SessionRepository } from '../../src/auth/session.repository.js';

export interface SessionRepositoryUnderTest {
  repository: SessionRepository;
  /** A user the store knows (SQLite's sessions reference users); returns its id. */
  newUserId(): Promise<string>;
  close(): Promise<void>;
}

function aFamily(userId: string, overrides: Partial<SessionFamily> = {}): SessionFamily {
  return {
    id: randomUUID(),
    userId,
    createdAt: '2026-11-25T10:00:00.000Z',
    expiresAt: '2026-12-25T10:00:00.000Z',
    revokedAt: null,
    ...overrides,
  };
}

const AT = '2026-11-25T11:00:00.000Z';

/** What every SessionRepository adapter must do. `setup` must return an empty store. */
export function describeSessionRepositoryContract(
  adapterName: string,
  setup: () => Promise<SessionRepositoryUnderTest>,
): void {
  describe(`SessionRepository contract: ${adapterName}`, () => {
    let subject: SessionRepositoryUnderTest;
    let sessions: SessionRepository;
    let me: string;
    let them: string;

    beforeEach(async () => {
      subject = await setup();
      sessions = subject.repository;
      me = await subject.newUserId();
      them = await subject.newUserId();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('starts a session and finds it by id and by its token', async () => {
      const family = aFamily(me);
      await sessions.start(family, 'hash-1');

      expect(await sessions.findFamily(family.id)).toEqual(family);
      expect(await sessions.findFamilyByToken('hash-1')).toEqual(family);
      expect(await sessions.findFamily(randomUUID())).toBeNull();
      expect(await sessions.findFamilyByToken('unknown')).toBeNull();
    });

    it('consumes a token once; the second use is reuse, an unknown token is unknown', async () => {
      const family = aFamily(me);
      await sessions.start(family, 'hash-1');

      expect(await sessions.consume('hash-1', AT)).toEqual({ outcome: 'consumed', family });
      expect(await sessions.consume('hash-1', AT)).toEqual({ outcome: 'reused', family });
      expect(await sessions.consume('nope', AT)).toEqual({ outcome: 'unknown' });

      await sessions.append(family.id, 'hash-2', AT);
      expect(await sessions.consume('hash-2', AT)).toMatchObject({ outcome: 'consumed' });
    });

    it('gives one of two racing uses of a token "consumed" and the other "reused"', async () => {
      const family = aFamily(me);
      await sessions.start(family, 'hash-1');

      const outcomes = await Promise.all([
        sessions.consume('hash-1', AT),
        sessions.consume('hash-1', AT),
      ]);

      expect(outcomes.map((result) => result.outcome).sort()).toEqual(['consumed', 'reused']);
    });

    it('revokes a session once, keeping the first reason and time', async () => {
      const family = aFamily(me);
      await sessions.start(family, 'hash-1');

      await sessions.revoke(family.id, 'logout', AT);
      await sessions.revoke(family.id, 'reuse-detected', '2026-11-25T12:00:00.000Z');

      expect(await sessions.findFamily(family.id)).toEqual({ ...family, revokedAt: AT });
    });

    it("revokes every session of a user at once, however many, and no one else's", async () => {
      const mine = Array.from({ length: 30 }, () => aFamily(me));
      const theirs = aFamily(them);
      for (const [index, family] of [...mine, theirs].entries()) {
        await sessions.start(family, `hash-${index}`);
      }

      await sessions.revokeAllOfUser(me, 'password-changed', AT);

      for (const family of mine) expect((await sessions.findFamily(family.id))?.revokedAt).toBe(AT);
      expect((await sessions.findFamily(theirs.id))?.revokedAt).toBeNull();
    });

    it('forgets sessions that expired before a time, with their tokens', async () => {
      const expired = aFamily(me, { expiresAt: '2026-11-01T00:00:00.000Z' });
      const live = aFamily(me);
      await sessions.start(expired, 'old-token');
      await sessions.start(live, 'new-token');

      expect(await sessions.deleteExpired('2026-11-20T00:00:00.000Z')).toBe(1);

      expect(await sessions.findFamily(expired.id)).toBeNull();
      expect(await sessions.consume('old-token', AT)).toEqual({ outcome: 'unknown' });
      expect(await sessions.findFamily(live.id)).toEqual(live);
    });
  });
}
