import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import type { RegisterRequest, Role, Session, User } from '@collection-desk/contracts';

import { ValidationFailedError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { Clock } from '../common/time/clock.js';
import { AppConfig } from '../config/app-config.js';
import { toPublicUser } from '../users/public-user.js';
import { UserVersionConflictError } from '../users/user.errors.js';
import { type UserRecord, UserRepository } from '../users/user.repository.js';
import { type AccessClaims, AccessTokens } from './access-tokens.js';
import {
  AccountDisabledError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  RegistrationClosedError,
  UnauthenticatedError,
} from './auth.errors.js';
import { PasswordHasher } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import type { Principal } from './principal.js';
import { hashRefreshToken, newRefreshToken, SESSION_LIFETIME_MS } from './refresh-tokens.js';
import {
  type RevocationReason,
  type SessionFamily,
  SessionRepository,
} from './session.repository.js';

export interface NewAccount {
  email: string;
  name: string;
  password: string;
  role: Role;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the email is unknown, so both failures take about as long. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokens,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.dummyHash = hasher.hash('not-a-real-password-only-for-timing');
  }

  /** The first account of an installation is admin; later ones agents, unless registration is closed. */
  async register(input: RegisterRequest): Promise<User> {
    // Cheap refusal before the costly hash; insertFirst below still decides a race exactly.
    if (this.config.registration === 'closed' && (await this.users.list()).length > 0) {
      throw new RegistrationClosedError();
    }
    const passwordHash = await this.hashAcceptable(input.password, 'password');
    const first = this.newRecord({ ...input, role: 'admin' }, passwordHash);
    let user = first;
    if (!(await this.users.insertFirst(first))) {
      if (this.config.registration === 'closed') throw new RegistrationClosedError();
      user = { ...first, role: 'agent' };
      await this.users.insert(user);
    }
    this.logger.log(
      { event: 'user.registered', userId: user.id, role: user.role },
      'User registered',
    );
    return toPublicUser(user);
  }

  /** An account made by an admin, with the role they chose. */
  async createAccount(input: NewAccount): Promise<User> {
    const user = this.newRecord(input, await this.hashAcceptable(input.password, 'password'));
    await this.users.insert(user);
    return toPublicUser(user);
  }

  async login(email: string, password: string): Promise<Session> {
    const user = await this.users.findByEmail(email);
    const passwordMatches = await this.hasher.verify(
      password,
      user?.passwordHash ?? (await this.dummyHash),
    );
    if (!user || !passwordMatches) {
      this.logger.warn({ event: 'login.failed', email, knownEmail: user !== null }, 'Login failed');
      throw new InvalidCredentialsError();
    }
    if (!user.active) {
      this.logger.warn(
        { event: 'login.refused', userId: user.id },
        'Login refused: account deactivated',
      );
      throw new AccountDisabledError();
    }
    if (this.hasher.needsRehash(user.passwordHash)) await this.rehash(user, password);
    const session = await this.startSession(user);
    this.logger.log({ event: 'login.succeeded', userId: user.id }, 'Login succeeded');
    return session;
  }

  async refresh(refreshToken: string | undefined): Promise<Session> {
    if (!refreshToken) throw new InvalidRefreshTokenError();
    const now = this.clock.now().toISOString();
    const result = await this.sessions.consume(hashRefreshToken(refreshToken), now);
    if (result.outcome === 'unknown') throw new InvalidRefreshTokenError();
    const { family } = result;
    if (result.outcome === 'reused') {
      this.logger.warn(
        { event: 'refresh.reused', userId: family.userId, sessionId: family.id },
        'A used refresh token came back: the session is revoked',
      );
      await this.endSessions(family.userId, [family.id], 'reuse-detected');
      throw new InvalidRefreshTokenError();
    }
    const user = await this.users.findById(family.userId);
    if (!this.isLive(family) || !user?.active) throw new InvalidRefreshTokenError();

    const next = newRefreshToken();
    await this.sessions.append(family.id, hashRefreshToken(next), now);
    return this.sessionFor(user, family, next);
  }

  /** Ends the session of the refresh token and/or of the calling access token. Idempotent. */
  async logout(refreshToken: string | undefined, principal: Principal | undefined): Promise<void> {
    const family = refreshToken
      ? await this.sessions.findFamilyByToken(hashRefreshToken(refreshToken))
      : null;
    const ended = new Map<string, string>();
    if (family) ended.set(family.id, family.userId);
    if (principal) ended.set(principal.sessionId, principal.user.id);
    for (const [sessionId, userId] of ended) {
      await this.endSessions(userId, [sessionId], 'logout');
      this.logger.log({ event: 'logout', userId, sessionId }, 'Signed out');
    }
  }

  /**
   * The live principal behind verified access-token claims: the account must still be active
   * and the session still open. Throws UnauthenticatedError otherwise.
   */
  async principalFor(claims: AccessClaims): Promise<Principal> {
    const [user, family] = await Promise.all([
      this.users.findById(claims.userId),
      this.sessions.findFamily(claims.sessionId),
    ]);
    if (!user?.active) throw new UnauthenticatedError('This account is no longer active.');
    if (!family || !this.isLive(family) || family.userId !== user.id) {
      throw new UnauthenticatedError('This session has ended: sign in again.');
    }
    return {
      user: toPublicUser(user),
      sessionId: family.id,
      expiresAt: new Date(claims.expiresAt * 1000).toISOString(),
    };
  }

  /** Changes the password, ends every session of the user and opens a fresh one for the caller. */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
  ): Promise<Session> {
    const user = await this.users.findById(principal.user.id);
    if (!user || !(await this.hasher.verify(currentPassword, user.passwordHash))) {
      throw new ValidationFailedError([
        { field: 'currentPassword', message: 'is not your current password' },
      ]);
    }
    const passwordHash = await this.hashAcceptable(newPassword, 'newPassword');
    const updated = this.touched({ ...user, passwordHash });
    await this.users.replace(updated, user.version);
    await this.endAllSessions(user.id, 'password-changed');
    this.logger.log({ event: 'password.changed', userId: user.id }, 'Password changed');
    return this.startSession(updated);
  }

  async endAllSessions(userId: string, reason: RevocationReason): Promise<void> {
    await this.sessions.revokeAllOfUser(userId, reason, this.clock.now().toISOString());
    this.events.publish('auth.sessions-ended', { userId, sessionIds: 'all' });
  }

  /** Forgets sessions that ended by expiry more than a day ago (run by the scheduler). */
  deleteExpiredSessions(): Promise<number> {
    return this.sessions.deleteExpired(
      new Date(this.clock.now().getTime() - 24 * 60 * 60 * 1000).toISOString(),
    );
  }

  async hashAcceptable(password: string, field: string): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw new ValidationFailedError([{ field, message: problem }]);
    return this.hasher.hash(password);
  }

  /** The same user one version on, stamped now. */
  touched(user: UserRecord): UserRecord {
    return { ...user, updatedAt: this.clock.now().toISOString(), version: user.version + 1 };
  }

  private newRecord(input: Omit<NewAccount, 'password'>, passwordHash: string): UserRecord {
    const now = this.clock.now().toISOString();
    return {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      active: true,
      passwordHash,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  }

  /** Opportunistic: if the account changed meanwhile (say, deactivated), its write wins. */
  private async rehash(user: UserRecord, password: string): Promise<void> {
    try {
      const passwordHash = await this.hasher.hash(password);
      await this.users.replace(this.touched({ ...user, passwordHash }), user.version);
    } catch (error) {
      if (!(error instanceof UserVersionConflictError)) throw error;
    }
  }

  private async endSessions(
    userId: string,
    sessionIds: string[],
    reason: RevocationReason,
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    for (const id of sessionIds) await this.sessions.revoke(id, reason, at);
    this.events.publish('auth.sessions-ended', { userId, sessionIds });
  }

  private async startSession(user: UserRecord): Promise<Session> {
    const refreshToken = newRefreshToken();
    const now = this.clock.now();
    const family: SessionFamily = {
      id: randomUUID(),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
      revokedAt: null,
    };
    await this.sessions.start(family, hashRefreshToken(refreshToken));
    return this.sessionFor(user, family, refreshToken);
  }

  private async sessionFor(
    user: UserRecord,
    family: SessionFamily,
    refreshToken: string,
  ): Promise<Session> {
    const { token, expiresIn } = await this.accessTokens.issue({
      userId: user.id,
      role: user.role,
      sessionId: family.id,
    });
    return { accessToken: token, expiresIn, refreshToken, user: toPublicUser(user) };
  }

  private isLive(family: SessionFamily): boolean {
    return family.revokedAt === null && Date.parse(family.expiresAt) > this.clock.now().getTime();
  }
}
