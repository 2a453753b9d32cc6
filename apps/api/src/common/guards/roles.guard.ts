import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import type { Role } from '@collection-desk/contracts';

import { ForbiddenError } from '../../auth/auth.errors.js';
import type { AuthenticatedRequest } from '../decorators/current-principal.decorator.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';
import { REQUIRED_ROLES } from '../decorators/roles.decorator.js';
import { isReadMethod } from '../http/read-methods.js';

const WRITER_ROLES: readonly Role[] = ['admin', 'agent'];

/**
 * Enforces `@Roles()`. Routes without it follow the default: every role reads, only admins and
 * agents write, so a viewer can never change anything by accident of a missing decorator.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const role = request.principal?.user.role;
    const required =
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) ??
      (isReadMethod(request.method) ? undefined : WRITER_ROLES);
    if (required && (!role || !required.includes(role))) {
      throw new ForbiddenError(
        `This needs the role ${required.join(' or ')}; you are ${role ?? 'not signed in'}.`,
      );
    }
    return true;
  }
}
