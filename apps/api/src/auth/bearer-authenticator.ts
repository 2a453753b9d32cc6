import { Injectable } from '@nestjs/common';
import passport from 'passport';

import { UnauthenticatedError } from './auth.errors.js';
import { JWT_STRATEGY, JwtStrategy } from './jwt.strategy.js';
import type { Principal } from './principal.js';

/**
 * Runs the Passport JWT strategy on a bearer token, wherever it came from: the HTTP guard and
 * the socket handshake share this one code path.
 */
@Injectable()
export class BearerAuthenticator {
  // Injected so that the strategy is constructed (and registered with Passport) first.
  constructor(_strategy: JwtStrategy) {}

  authenticate(token: string): Promise<Principal> {
    return new Promise((resolve, reject) => {
      const request = { headers: { authorization: `Bearer ${token}` } };
      // @types/passport types the handler with Express's types, which this Fastify app lacks.
      const handler = passport.authenticate(
        JWT_STRATEGY,
        { session: false },
        (error: unknown, principal: Principal | false, info: unknown) => {
          if (error) reject(error instanceof Error ? error : new Error('Passport failed'));
          else if (!principal) reject(new UnauthenticatedError(reasonOf(info)));
          else resolve(principal);
        },
      ) as PassportHandler;
      handler(request, {}, () => undefined);
    });
  }
}

type PassportHandler = (request: object, response: object, next: () => void) => void;

/** passport-jwt reports why a token failed through `info` (jsonwebtoken's error). */
function reasonOf(info: unknown): string {
  const name = (info as { name?: unknown } | undefined)?.name;
  return name === 'TokenExpiredError'
    ? 'The access token has expired: refresh it or sign in again.'
    : 'The access token is not valid.';
}
