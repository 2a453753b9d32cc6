import type { User } from '@collection-desk/contracts';

import type { UserRecord } from './user.repository.js';

/** The user as the API shows it: never the password hash, nor the storage version. */
export function toPublicUser({
  passwordHash: _passwordHash,
  version: _version,
  ...user
}: UserRecord): User {
  return user;
}
