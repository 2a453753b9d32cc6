import { createHash, randomBytes } from 'node:crypto';

/** Absolute lifetime of a session: rotation never extends it. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export const REFRESH_COOKIE = 'cd_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** An opaque, unguessable refresh token (256 bits). */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored: a leaked database does not leak usable tokens. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
