import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { UnauthenticatedError } from '../../auth/auth.errors.js';
import { BearerAuthenticator } from '../../auth/bearer-authenticator.js';
import type { AuthenticatedRequest } from '../decorators/current-principal.decorator.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';

/**
 * Deny by default: every route needs a valid access token unless marked `@Public()`. The token
 * is checked by the Passport JWT strategy (through BearerAuthenticator, as sockets are). A
 * public route still learns who calls when a valid token is sent (logout uses that).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    const token = bearerToken(request.headers.authorization);
    if (isPublic) {
      if (token) request.principal = await this.bearer.authenticate(token).catch(() => undefined);
      return true;
    }
    if (!token) throw new UnauthenticatedError();
    request.principal = await this.bearer.authenticate(token);
    return true;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
