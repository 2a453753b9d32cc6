// Runs the named test suites, each writing a JSON report, and ends with `N passed, N failed`.
// Usage: node scripts/run-tests.mjs api admin | e2e | elasticsearch
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

import { REPORTS, summaryLine } from './test-reports.mjs';

const SUITES = {
  api: [
    ['npx', ['nest', 'build', 'api']],
    [
      'npx',
      [
        'vitest',
        'run',
        '--config',
        'apps/api/vitest.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${REPORTS.api}`,
      ],
    ],
  ],
  admin: [
    [
      'npx',
      [
        'ng',
        'test',
        'admin',
        '--watch=false',
        '--reporters=default',
        '--reporters=json',
        `--output-file=${REPORTS.admin}`,
      ],
    ],
  ],
  e2e: [
    ['npm', ['run', 'build']],
    ['npx', ['playwright', 'test', '--config', 'apps/admin-e2e/playwright.config.ts']],
  ],
  elasticsearch: [
    [
      'npx',
      [
        'vitest',
        'run',
        '--config',
        'apps/api/vitest.elasticsearch.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${REPORTS.elasticsearch}`,
      ],
    ],
  ],
};

const requested = process.argv.slice(2);
const unknown = requested.filter((suite) => !(suite in SUITES));
if (requested.length === 0 || unknown.length > 0) {
  console.error(`Usage: node scripts/run-tests.mjs <${Object.keys(SUITES).join('|')}>...`);
  process.exit(2);
}

mkdirSync('reports', { recursive: true });
let commandsFailed = false;
for (const suite of requested) {
  rmSync(REPORTS[suite], { force: true });
  for (const [command, args] of SUITES[suite]) {
    const { status } = spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (status !== 0) {
      commandsFailed = true;
      break;
    }
  }
}

const { failed, line } = summaryLine(requested);
console.log(line);
process.exit(commandsFailed || failed > 0 ? 1 : 0);
