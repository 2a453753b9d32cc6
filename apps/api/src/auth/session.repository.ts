/**
 * A sign-in session: one chain ("family") of refresh tokens, each used once. The family has an
 * absolute expiry; revoking it ends every token of the chain and the access tokens bound to it.
 */
export interface SessionFamily {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export type ConsumeResult =
  | { outcome: 'consumed'; family: SessionFamily }
  /** The token had been used before: a sign of theft. The caller revokes the family. */
  | { outcome: 'reused'; family: SessionFamily }
  | { outcome: 'unknown' };

export type RevocationReason = 'logout' | 'reuse-detected' | 'password-changed' | 'deactivated';

/**
 * Storage port for sessions. Only hashes of refresh tokens are ever stored; ids and times come
 * from AuthService.
 */
export abstract class SessionRepository {
  /** Stores a new family with its first refresh token. */
  abstract start(family: SessionFamily, tokenHash: string): Promise<void>;

  /** Marks the token used, atomically: of two concurrent calls with one token, one sees `reused`. */
  abstract consume(tokenHash: string, usedAt: string): Promise<ConsumeResult>;

  /** Adds the next token of a family (after a successful `consume`). */
  abstract append(familyId: string, tokenHash: string, issuedAt: string): Promise<void>;

  abstract findFamily(familyId: string): Promise<SessionFamily | null>;

  /** The family a refresh token belongs to, used or not. */
  abstract findFamilyByToken(tokenHash: string): Promise<SessionFamily | null>;

  abstract revoke(familyId: string, reason: RevocationReason, at: string): Promise<void>;

  /** Revokes every live family of the user, however many there are, in one storage operation. */
  abstract revokeAllOfUser(userId: string, reason: RevocationReason, at: string): Promise<void>;

  /** Forgets families (and their tokens) that expired before `before`; returns how many. */
  abstract deleteExpired(before: string): Promise<number>;
}
