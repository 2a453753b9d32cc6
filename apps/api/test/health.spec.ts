import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SqliteDatabase } from '../src/storage/sqlite/sqlite-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('GET /api/v1/health', () => {
  let subject: TestApp;

  beforeEach(async () => {
    subject = await startTestApp();
  });

  afterEach(async () => {
    await subject.dispose();
  });

  it('answers 200 with the storage driver when the database answers', async () => {
    const response = await fetch(`${subject.baseUrl}/api/v1/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      storage: { driver: 'sqlite', ok: true },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(existsSync(join(subject.dataDir, 'collection-desk.db'))).toBe(true);
  });

  it('answers 503 naming the failing part when storage is down', async () => {
    subject.app.get(SqliteDatabase).close();

    const response = await fetch(`${subject.baseUrl}/api/v1/health`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'error',
      storage: { driver: 'sqlite', ok: false, error: expect.any(String) },
    });
  });

  it("keeps a caller's sane request id and replaces an unsafe one", async () => {
    const kept = await fetch(`${subject.baseUrl}/api/v1/health`, {
      headers: { 'x-request-id': 'lb-1234' },
    });
    const replaced = await fetch(`${subject.baseUrl}/api/v1/health`, {
      headers: { 'x-request-id': 'bad id <script>' },
    });

    expect(kept.headers.get('x-request-id')).toBe('lb-1234');
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
