import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import type { RegisterRequest, Session, User } from '@collection-desk/contracts';

import { ValidationFailedError } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { toPublicUser } from '../users/public-user.js';
import { type UserRecord, UserRepository } from '../users/user.repository.js';
import { AccessTokens } from './access-tokens.js';
import {
  AccountDisabledError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  RegistrationClosedError,
  UnauthenticatedError,
} from './auth.errors.js';
import { SESSIONS_ENDED, type SessionsEndedEvent } from './auth.events.js';
import { PasswordHasher } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import type { Principal } from './principal.js';
import { hashRefreshToken, newRefreshToken, SESSION_LIFETIME_MS } from './refresh-tokens.js';
import {
  type RevocationReason,
  type SessionFamily,
  SessionRepository,
} from './session.repository.js';

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
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
  ) {
    this.dummyHash = hasher.hash('not-a-real-password-only-for-timing');
  }

  async register(input: RegisterRequest): Promise<User> {
    if (this.config.registration === 'closed' && (await this.users.list()).length > 0) {
      throw new RegistrationClosedError();
    }
    const user = await this.users.create(
      {
        email: input.email,
        name: input.name,
        role: 'agent',
        passwordHash: await this.hashAcceptable(input.password, 'password'),
      },
      { adminIfFirst: true },
    );
    this.logger.log(
      { event: 'user.registered', userId: user.id, role: user.role },
      'User registered',
    );
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
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.update(user.id, { passwordHash: await this.hasher.hash(password) });
    }
    const session = await this.startSession(user);
    this.logger.log({ event: 'login.succeeded', userId: user.id }, 'Login succeeded');
    return session;
  }

  async refresh(refreshToken: string | undefined): Promise<Session> {
    if (!refreshToken) throw new InvalidRefreshTokenError();
    const result = await this.sessions.consume(hashRefreshToken(refreshToken));
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
    if (!isLive(family) || !user?.active) throw new InvalidRefreshTokenError();

    const next = newRefreshToken();
    await this.sessions.append(family.id, hashRefreshToken(next));
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

  /** Resolves an access token to a live principal; throws UnauthenticatedError otherwise. */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = await this.accessTokens.verify(accessToken);
    const [user, family] = await Promise.all([
      this.users.findById(claims.userId),
      this.sessions.findFamily(claims.sessionId),
    ]);
    if (!user?.active) throw new UnauthenticatedError('This account is no longer active.');
    if (!family || !isLive(family) || family.userId !== user.id) {
      throw new UnauthenticatedError('This session has ended: sign in again.');
    }
    return { user: toPublicUser(user), sessionId: family.id };
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
    const updated = await this.users.update(user.id, { passwordHash });
    await this.endAllSessions(user.id, 'password-changed');
    this.logger.log({ event: 'password.changed', userId: user.id }, 'Password changed');
    return this.startSession(updated);
  }

  async endAllSessions(userId: string, reason: RevocationReason): Promise<void> {
    await this.sessions.revokeAllOfUser(userId, reason);
    this.events.emit(SESSIONS_ENDED, { userId, sessionIds: 'all' } satisfies SessionsEndedEvent);
  }

  async hashAcceptable(password: string, field: string): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw new ValidationFailedError([{ field, message: problem }]);
    return this.hasher.hash(password);
  }

  private async endSessions(
    userId: string,
    sessionIds: string[],
    reason: RevocationReason,
  ): Promise<void> {
    for (const id of sessionIds) await this.sessions.revoke(id, reason);
    this.events.emit(SESSIONS_ENDED, { userId, sessionIds } satisfies SessionsEndedEvent);
  }

  private async startSession(user: UserRecord): Promise<Session> {
    const refreshToken = newRefreshToken();
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS).toISOString();
    const family = await this.sessions.start(user.id, expiresAt, hashRefreshToken(refreshToken));
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
}

function isLive(family: SessionFamily): boolean {
  return family.revokedAt === null && Date.parse(family.expiresAt) > Date.now();
}
