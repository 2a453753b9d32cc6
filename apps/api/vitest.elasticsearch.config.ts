import { defineConfig, mergeConfig } from 'vitest/config';

import { apiTestBase } from './vitest.shared.js';

/** The repository contract against a live Elasticsearch (ELASTICSEARCH_NODE); not part of npm test. */
export default mergeConfig(
  apiTestBase,
  defineConfig({
    test: {
      name: 'elasticsearch',
      include: ['apps/api/test/**/*.int-spec.ts'],
      environment: 'node',
      setupFiles: ['apps/api/test/support/quiet-nest-logs.ts'],
      pool: 'forks',
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
