import { defineConfig, mergeConfig } from 'vitest/config';

import { apiTestBase } from './vitest.shared.js';

export default mergeConfig(
  apiTestBase,
  defineConfig({
    test: {
      name: 'api',
      include: ['apps/api/src/**/*.spec.ts', 'apps/api/test/**/*.spec.ts'],
      environment: 'node',
      setupFiles: ['apps/api/test/support/quiet-nest-logs.ts'],
      pool: 'forks',
      testTimeout: 20_000,
      hookTimeout: 30_000,
    },
  }),
);
