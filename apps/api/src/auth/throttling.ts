import type { ThrottlerOptions } from '@nestjs/throttler';

/** Whom a limit counts: the client address Fastify derived (see TRUST_PROXY). */
export function clientAddress(request: Record<string, unknown>): string {
  const ip = request['ip'];
  return typeof ip === 'string' ? ip : 'unknown';
}

function emailOf(request: Record<string, unknown>): string {
  const body = request['body'] as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
}

/**
 * Two budgets for the public auth routes, both counted per process:
 * - `default`, per address and email: guessing one account's password is slow;
 * - `per-address`: one address cannot spray many accounts or mass-register. Its default is the
 *   sign-up budget (SIGN_UPS_PER_ADDRESS in 10 minutes); sign-in and refresh set their own.
 */
export function authThrottlers(signUpsPerAddress: number): ThrottlerOptions[] {
  return [
    {
      name: 'default',
      ttl: 60_000,
      limit: 10,
      getTracker: (request) => `${clientAddress(request)}|${emailOf(request)}`,
    },
    {
      name: 'per-address',
      ttl: 10 * 60_000,
      limit: signUpsPerAddress,
      getTracker: (request) => clientAddress(request),
    },
  ];
}

/**
 * Sign-ins from one address: 100 in 10 minutes in all, so a whole office behind one address
 * can sign in at nine; failed ones have their own, tighter budget (FailedSignIns).
 */
export const SIGN_IN_LIMITS = {
  default: { limit: 10, ttl: 60_000 },
  'per-address': { limit: 100, ttl: 10 * 60_000 },
};

/** Refreshes: every page load and every 15 minutes per tab, so looser. */
export const REFRESH_LIMITS = {
  default: { limit: 60, ttl: 60_000 },
  'per-address': { limit: 600, ttl: 10 * 60_000 },
};
