import 'reflect-metadata';

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/load-config.js';
import { buildApiDocument } from './swagger.js';

/**
 * Writes the OpenAPI document the code describes to the path given (`npm run openapi` writes
 * apps/api/openapi.json, which is committed: CI fails while the two differ).
 */
const target = resolve(process.argv[2] ?? 'apps/api/openapi.json');
const dataDir = mkdtempSync(join(tmpdir(), 'cd-openapi-'));
try {
  const app = await createApp(
    loadConfig({
      ...process.env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'x'.repeat(48),
    }),
  );
  await app.init();
  writeFileSync(target, `${JSON.stringify(buildApiDocument(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`OpenAPI document written to ${target}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
