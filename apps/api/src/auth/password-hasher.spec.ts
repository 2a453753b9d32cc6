import { describe, expect, it } from 'vitest';

import { ARGON2ID_PARAMETERS, PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('stores argon2id with the OWASP parameters inside the hash, salted per password', async () => {
    const first = await hasher.hash('pale blue ledger 42');
    const second = await hasher.hash('pale blue ledger 42');

    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(ARGON2ID_PARAMETERS.memory).toBeGreaterThanOrEqual(19_456);
    expect(second).not.toBe(first);
  });

  it('verifies the right password only, every character counting', async () => {
    const password = `${'é'.repeat(100)}🔐`;
    const stored = await hasher.hash(password);

    expect(await hasher.verify(password, stored)).toBe(true);
    expect(await hasher.verify(password.slice(0, -2), stored)).toBe(false);
    expect(await hasher.verify('something else', stored)).toBe(false);
    expect(await hasher.verify(password, 'not a phc string')).toBe(false);
  });

  it('flags hashes made with weaker parameters for an upgrade', async () => {
    expect(hasher.needsRehash(await hasher.hash('x'.repeat(10)))).toBe(false);
    expect(hasher.needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA')).toBe(true);
  });
});
