import type { Role, Session, User } from '@collection-desk/contracts';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
export const GOOD_PASSWORD = 'pale blue ledger 42';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny JSON client for the API under test. */
export function apiClient(baseUrl: string) {
  async function call<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read many shapes
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: response.headers,
    };
  }

  async function register(
    email: string,
    name = 'Test User',
    password = GOOD_PASSWORD,
  ): Promise<User> {
    const result = await call<User>('POST', '/auth/register', { body: { email, name, password } });
    if (result.status !== 201)
      throw new Error(`register ${email}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  async function login(email: string, password = GOOD_PASSWORD): Promise<Session> {
    const result = await call<Session>('POST', '/auth/login', { body: { email, password } });
    if (result.status !== 200)
      throw new Error(`login ${email}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  /** Registers the first account (admin) and signs it in. */
  async function signUpAdmin(email = 'admin@desk.test'): Promise<Session> {
    await register(email, 'Admin');
    return login(email);
  }

  /** An admin creates an account with `role`, which then signs in. */
  async function userWithRole(
    admin: Session,
    role: Role,
    email = `${role}@desk.test`,
  ): Promise<Session> {
    const created = await call('POST', '/users', {
      token: admin.accessToken,
      body: { email, name: `A ${role}`, password: GOOD_PASSWORD, role },
    });
    if (created.status !== 201)
      throw new Error(`create ${role}: ${created.status} ${JSON.stringify(created.body)}`);
    return login(email);
  }

  return { call, register, login, signUpAdmin, userWithRole };
}
