import { Injectable } from '@nestjs/common';
import { JwtService, type JwtSignOptions, type JwtVerifyOptions } from '@nestjs/jwt';

import { ACCESS_TOKEN_TTL_SECONDS, ROLES, type Role } from '@collection-desk/contracts';

import { UnauthenticatedError } from './auth.errors.js';

export const TOKEN_ALGORITHM = 'HS256';
export const TOKEN_ISSUER = 'collection-desk';
export const TOKEN_AUDIENCE = 'collection-desk-api';
/** An `iat` this far ahead of our clock is refused: we issued every valid token ourselves. */
const FUTURE_ISSUE_TOLERANCE_SECONDS = 5;

/** What an access token proves: who, with which role, in which session, until when. */
export interface AccessClaims {
  userId: string;
  role: Role;
  sessionId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** How every access token is signed and checked: the algorithm pinned, issuer and audience set. */
export const SIGN_OPTIONS: JwtSignOptions = {
  algorithm: TOKEN_ALGORITHM,
  issuer: TOKEN_ISSUER,
  audience: TOKEN_AUDIENCE,
  expiresIn: ACCESS_TOKEN_TTL_SECONDS,
  header: { alg: TOKEN_ALGORITHM, typ: 'JWT' },
};
export const VERIFY_OPTIONS: JwtVerifyOptions = {
  algorithms: [TOKEN_ALGORITHM],
  issuer: TOKEN_ISSUER,
  audience: TOKEN_AUDIENCE,
};

/** Short-lived JWTs signed with `@nestjs/jwt` (the persisted secret is JwtModule's). */
@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  async issue(
    claims: Omit<AccessClaims, 'expiresAt'>,
  ): Promise<{ token: string; expiresIn: number }> {
    const token = await this.jwt.signAsync(
      { role: claims.role, sid: claims.sessionId },
      { ...SIGN_OPTIONS, subject: claims.userId },
    );
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }
}

/**
 * The claims of a payload whose signature, algorithm, issuer, audience and expiry are already
 * verified; throws UnauthenticatedError when a claim we rely on is missing or odd.
 */
export function accessClaimsFrom(payload: unknown, nowSeconds = Date.now() / 1000): AccessClaims {
  const { sub, role, sid, iat, exp } = (payload ?? {}) as Record<string, unknown>;
  if (
    typeof sub !== 'string' ||
    typeof sid !== 'string' ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    !ROLES.includes(role as Role)
  ) {
    throw new UnauthenticatedError('The access token is malformed.');
  }
  if (iat > nowSeconds + FUTURE_ISSUE_TOLERANCE_SECONDS) {
    throw new UnauthenticatedError('The access token claims to be issued in the future.');
  }
  return { userId: sub, role: role as Role, sessionId: sid, expiresAt: exp };
}
