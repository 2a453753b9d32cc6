import { Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';

import { ACCESS_TOKEN_TTL_SECONDS, ROLES, type Role } from '@collection-desk/contracts';

import { AppConfig } from '../config/app-config.js';
import { UnauthenticatedError } from './auth.errors.js';

const ALGORITHM = 'HS256';
export const TOKEN_ISSUER = 'collection-desk';
export const TOKEN_AUDIENCE = 'collection-desk-api';

/** What an access token proves: who, with which role, in which session. */
export interface AccessClaims {
  userId: string;
  role: Role;
  sessionId: string;
}

/** Short-lived JWTs, algorithm pinned, issuer and audience checked. */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(config: AppConfig) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresIn: number }> {
    const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  /** Throws UnauthenticatedError for anything but a valid, unexpired token of ours. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { sub, role, sid } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || !ROLES.includes(role as Role)) {
        throw new UnauthenticatedError('The access token is malformed.');
      }
      return { userId: sub, role: role as Role, sessionId: sid };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new UnauthenticatedError(
          'The access token has expired: refresh it or sign in again.',
        );
      }
      throw new UnauthenticatedError('The access token is not valid.');
    }
  }
}
