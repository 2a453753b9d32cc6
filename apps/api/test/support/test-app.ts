import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/load-config.js';
import { TEST_JWT_SECRET } from './accounts.js';

export const FIXTURE_ADMIN_DIR = fileURLToPath(new URL('../fixtures/admin', import.meta.url));

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  dataDir: string;
  /** Stops the app; the data folder is kept until `dispose`. */
  close(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Boots the real application over HTTP on a free port, with its own SQLite file in a fresh
 * folder (or `dataDir`, to restart on existing data).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cd-api-test-'));
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      CORS_ORIGINS: 'http://localhost:4200',
      // Known to the tests, so they can forge tokens that differ in one claim only.
      JWT_SECRET: TEST_JWT_SECRET,
      // Suites sign many people up from 127.0.0.1; the limit's own test sets the default back.
      SIGN_UPS_PER_ADDRESS: '1000',
      // Suites set up their data through the API as one account; the limit's own test lowers it.
      WRITES_PER_ACCOUNT_PER_MINUTE: '100000',
      MOCK_GATEWAY_DELAY_MS: '0',
      // Scans run when a test asks: one starting by itself mid-test would race its assertions.
      OVERDUE_SCAN_ON_START: 'false',
      OVERDUE_CRON: '0 0 1 1 *',
      ...env,
      PORT: '3000',
      DATA_DIR: dataDir,
    },
    { adminDistDir: FIXTURE_ADMIN_DIR },
  );
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string')
    throw new Error('The app has no TCP address');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    dataDir,
    close,
    dispose: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
