import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

import { TooManyWritesError } from '../../auth/auth.errors.js';
import { AppConfig } from '../../config/app-config.js';
import type { AuthenticatedRequest } from '../decorators/current-principal.decorator.js';
import { OUTSIDE_WRITE_LIMIT } from '../decorators/outside-write-limit.decorator.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';
import { isReadMethod } from '../http/read-methods.js';

const WINDOW_MS = 60_000;
const THROTTLER_NAME = 'account-writes';

/**
 * Counts each signed-in account's changes over a sliding minute (WRITES_PER_ACCOUNT_PER_MINUTE),
 * so a leaked token or a runaway script cannot flood the ledger and everyone's notifications.
 * A change this limit refuses is not counted (one refused later, say for bad input, is); reads
 * are never limited here (lists and the dashboard follow live updates), nor public routes, which
 * have their own budgets per address, nor routes marked @OutsideWriteLimit. Runs after the role
 * check: a change the role forbids costs nothing.
 */
@Injectable()
export class AccountWriteLimitGuard implements CanActivate {
  private readonly limit: number;

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.limit = config.writesPerAccountPerMinute;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const accountId = request.principal?.user.id;
    if (!accountId || isReadMethod(request.method)) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(OUTSIDE_WRITE_LIMIT, targets)) return true;
    // A block duration of 0: a sliding window where only accepted changes count.
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(
      `account:${accountId}`,
      WINDOW_MS,
      this.limit,
      0,
      THROTTLER_NAME,
    );
    if (isBlocked) throw new TooManyWritesError(this.limit, Math.max(1, timeToBlockExpire));
    return true;
  }
}
