import { createSecretKey } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AppConfig } from '../config/app-config.js';
import {
  accessClaimsFrom,
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './access-tokens.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';

export const JWT_STRATEGY = 'jwt';

/**
 * The Passport strategy behind every authenticated call, HTTP and socket alike (see
 * BearerAuthenticator): passport-jwt checks signature, algorithm, issuer, audience and expiry;
 * `validate` then requires a live session of an active user.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object made once: given the text, jsonwebtoken first tries to read it as a public
      // key on every call, and throws and catches (32 µs a check here, 7 with the key object).
      // Its types lag what it accepts.
      secretOrKey: createSecretKey(config.jwtSecret, 'utf8') as unknown as Buffer,
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): Promise<Principal> {
    return this.auth.principalFor(accessClaimsFrom(payload));
  }
}
