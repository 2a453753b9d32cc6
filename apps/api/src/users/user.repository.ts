import type { Role, User } from '@collection-desk/contracts';

/** A user as stored: the public fields plus the password hash, which never leaves the API. */
export interface UserRecord extends User {
  passwordHash: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export type UserChanges = Partial<Pick<UserRecord, 'name' | 'role' | 'active' | 'passwordHash'>>;

/**
 * Storage port for accounts. Emails are unique case-insensitively (`EmailAlreadyRegisteredError`).
 */
export abstract class UserRepository {
  /**
   * Creates the user; with `adminIfFirst`, the very first account of the installation is made
   * `admin` whatever `role` says, decided atomically so two first sign-ups cannot both win.
   */
  abstract create(input: NewUser, options?: { adminIfFirst?: boolean }): Promise<UserRecord>;

  abstract findById(id: string): Promise<UserRecord | null>;

  abstract findByEmail(email: string): Promise<UserRecord | null>;

  /** Every user, oldest first. */
  abstract list(): Promise<User[]>;

  /** Throws `UserNotFoundError`; refuses (`LastAdminError`) to leave no active admin. */
  abstract update(id: string, changes: UserChanges): Promise<UserRecord>;
}
