import { createHmac } from 'node:crypto';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Signs claims as a JWT with HMAC (HS256 unless told otherwise), for forging test tokens. */
export function signJwt(
  claims: Record<string, unknown>,
  secret: string,
  algorithm: 'HS256' | 'HS384' | 'HS512' = 'HS256',
): string {
  const header = base64url(JSON.stringify({ alg: algorithm, typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const digest = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[algorithm];
  const signature = createHmac(digest, secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}
