import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Session } from '@collection-desk/contracts';

import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiClient } from '../support/accounts.js';

interface Operation {
  method: string;
  path: string;
}

/** Routes anyone may call without a session. Everything else must answer 401 without a token. */
const PUBLIC_OPERATIONS = new Set([
  'GET /api/v1/health',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
]);

/** Writes every role may make, on their own account. */
/** Writes that are about the caller alone: their password, their read notifications. */
const SELF_SERVICE_WRITES = new Set([
  'POST /api/v1/auth/change-password',
  'POST /api/v1/notifications/read-all',
  'POST /api/v1/notifications/{id}/read',
]);

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

describe('access control over every documented route', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let operations: Operation[];
  let viewer: Session;

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    const document = (await (await fetch(`${subject.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    const admin = await api.signUpAdmin();
    viewer = await api.userWithRole(admin, 'viewer');
  });

  afterAll(async () => {
    await subject.dispose();
  });

  const url = ({ path }: Operation) =>
    path.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}/g, SAMPLE_ID);
  const key = ({ method, path }: Operation) => `${method} ${path}`;

  it('documents the public routes it exempts, and every other route', () => {
    expect(operations.map(key)).toEqual(expect.arrayContaining([...PUBLIC_OPERATIONS]));
    expect(operations.length).toBeGreaterThan(PUBLIC_OPERATIONS.size);
  });

  it('answers 401 problem+json on every non-public route without a token', async () => {
    const open: string[] = [];
    for (const operation of operations.filter((op) => !PUBLIC_OPERATIONS.has(key(op)))) {
      const result = await api.call(operation.method, url(operation), {
        body: operation.method === 'GET' ? undefined : {},
      });
      if (result.status !== 401 || result.body?.status !== 401)
        open.push(`${key(operation)} → ${result.status}`);
    }
    expect(open).toEqual([]);
  });

  it('answers 403 to a viewer on every write route', async () => {
    const allowed: string[] = [];
    const writes = operations.filter(
      (op) =>
        op.method !== 'GET' && !PUBLIC_OPERATIONS.has(key(op)) && !SELF_SERVICE_WRITES.has(key(op)),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const operation of writes) {
      const result = await api.call(operation.method, url(operation), {
        token: viewer.accessToken,
        body: {},
      });
      if (result.status !== 403) allowed.push(`${key(operation)} → ${result.status}`);
    }
    expect(allowed).toEqual([]);
  });
});
