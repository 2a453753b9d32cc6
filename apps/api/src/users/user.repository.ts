import type { User } from '@collection-desk/contracts';

/** A user as stored: the public fields, the password hash (never leaves the API) and a version. */
export interface UserRecord extends User {
  passwordHash: string;
  /** Bumped by every write; a replace only happens over the version it was based on. */
  version: number;
}

/**
 * Who the active admins are, and a token that changes whenever that set does. The last-admin
 * rule lives in UsersService; storage only guarantees that a change of the set is based on the
 * set the service looked at.
 */
export interface AdminRoster {
  adminIds: string[];
  version: string;
}

export interface RosterChange {
  expectedVersion: string;
  adminIds: string[];
}

/**
 * Storage port for accounts. Emails are unique case-insensitively (`EmailAlreadyRegisteredError`);
 * a replace over a stale version fails with `UserVersionConflictError`, a roster change over a
 * stale roster with `AdminRosterChangedError`.
 */
export abstract class UserRepository {
  abstract insert(user: UserRecord): Promise<void>;

  /**
   * Stores `user` only if no account exists yet, decided atomically so that of two first
   * sign-ups exactly one is first. Returns whether it was stored.
   */
  abstract insertFirst(user: UserRecord): Promise<boolean>;

  abstract findById(id: string): Promise<UserRecord | null>;

  abstract findByEmail(email: string): Promise<UserRecord | null>;

  /** Every user, oldest first. */
  abstract list(): Promise<User[]>;

  abstract activeAdmins(): Promise<AdminRoster>;

  /** Stores `next` over the version `expectedVersion`; with `roster`, moves the roster too. */
  abstract replace(next: UserRecord, expectedVersion: number, roster?: RosterChange): Promise<void>;
}
