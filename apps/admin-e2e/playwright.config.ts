import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from '@playwright/test';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const port = 4310;
// A fresh database each run: the first account registered becomes admin.
const dataDir = mkdtempSync(join(tmpdir(), 'cd-e2e-'));

export default defineConfig({
  testDir: './src',
  outputDir: join(repositoryRoot, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  // What a user waits for (a sign-in on a busy machine included) may take a few seconds.
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: join(repositoryRoot, 'reports/e2e.json') }]],
  // One installation, used in order: its first user signs up (accounts), the features are used,
  // then every screen, full of their data, is audited for accessibility.
  projects: [
    { name: 'installation', testMatch: /accounts\.spec\.ts$/ },
    {
      name: 'features',
      testIgnore: /(accounts|accessibility)\.spec\.ts$/,
      dependencies: ['installation'],
    },
    { name: 'accessibility', testMatch: /accessibility\.spec\.ts$/, dependencies: ['features'] },
  ],
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    // Debian's Chromium: nothing is downloaded. The flags keep it quiet on a closed network.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // As `npm run serve` runs it, without npm in between.
    command: (
      JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
        scripts: { serve: string };
      }
    ).scripts.serve,
    cwd: repositoryRoot,
    url: `http://localhost:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: `http://localhost:${port}`,
      // Every spec signs its people up from this one address.
      SIGN_UPS_PER_ADDRESS: '200',
    },
  },
});
