// The overdue scan at scale: seeds customers into a fresh SQLite file (one in ten pending with a
// due date in the past: newly overdue), starts the built app on it, runs the scan over HTTP and
// measures GET /health from 10 concurrent connections during the scan against before it.
// Usage: npm run bench -- overdue-scan [rows=1000000]
// Seeding a million rows takes minutes: BENCH_SEED_CACHE=<folder> keeps a pristine seeded copy
// there, copied afresh for each run (the scan changes its copy).
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { agingCustomer, seedCustomers } from './seed-customers.mjs';
import {
  jsonPoster,
  signInBenchAccount,
  startBuiltApp,
  stopBuiltApp,
} from './support/built-app.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
const CONCURRENCY = 10;
const dataDir = mkdtempSync(join(tmpdir(), 'cd-bench-overdue-'));
const seedCache = process.env['BENCH_SEED_CACHE'];

/** /health from CONCURRENCY connections until `until()` says stop (at least `minimum` requests). */
async function healthWhile(url, until, minimum) {
  const samples = [];
  async function worker() {
    while (!until() || samples.length < minimum) {
      const started = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      samples.push(performance.now() - started);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))];
  return { count: samples.length, p50: at(0.5), p95: at(0.95) };
}

const cached = seedCache ? join(seedCache, `overdue-${rows}.db`) : null;
if (cached && existsSync(cached)) {
  copyFileSync(cached, join(dataDir, 'collection-desk.db'));
  // Written to disk before measuring: else the kernel flushes the 1.5 GB copy during the scan.
  const copy = openSync(join(dataDir, 'collection-desk.db'), 'r+');
  fsyncSync(copy);
  closeSync(copy);
  console.log(`Using the ${rows.toLocaleString('en')} customers seeded in ${cached}`);
} else {
  const { database, seconds } = seedCustomers(
    join(dataDir, 'collection-desk.db'),
    rows,
    agingCustomer,
  );
  database.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  console.log(
    `Seeded ${rows.toLocaleString('en')} customers (${(rows / 10).toLocaleString('en')} newly overdue) in ${seconds.toFixed(0)} s`,
  );
  if (cached) {
    mkdirSync(seedCache, { recursive: true });
    copyFileSync(join(dataDir, 'collection-desk.db'), cached);
  }
}

const port = 5000 + Math.floor(Math.random() * 200);
const app = await startBuiltApp({ port, dataDir, env: { TZ: 'UTC' } });
const base = `http://127.0.0.1:${port}/api/v1`;
try {
  const post = jsonPoster(base);
  const accessToken = await signInBenchAccount(post);

  const before = await healthWhile(`${base}/health`, () => true, 1000);
  let finished = false;
  const started = performance.now();
  const scan = post('/overdue/scan', {}, accessToken).finally(() => (finished = true));
  const during = await healthWhile(`${base}/health`, () => finished, 50);
  const run = await scan;
  const wallSeconds = (performance.now() - started) / 1000;

  console.log(`\n${rows.toLocaleString('en')} customers, TZ=UTC, times in ms`);
  console.log(
    `scan: ${(run.durationMs / 1000).toFixed(1)} s (request ${wallSeconds.toFixed(1)} s), examined ${run.checked.toLocaleString('en')} candidates, marked ${run.markedOverdue.toLocaleString('en')} overdue, stored ${run.notified.toLocaleString('en')} notifications`,
  );
  console.log(
    'GET /health'.padEnd(34),
    'requests'.padStart(9),
    'p50'.padStart(8),
    'p95'.padStart(8),
    'p95 / before'.padStart(14),
  );
  console.log(
    'baseline: before the scan'.padEnd(34),
    String(before.count).padStart(9),
    before.p50.toFixed(1).padStart(8),
    before.p95.toFixed(1).padStart(8),
    '1.0x'.padStart(14),
  );
  console.log(
    'during the scan'.padEnd(34),
    String(during.count).padStart(9),
    during.p50.toFixed(1).padStart(8),
    during.p95.toFixed(1).padStart(8),
    `${(during.p95 / before.p95).toFixed(1)}x`.padStart(14),
  );
} finally {
  await stopBuiltApp(app);
  rmSync(dataDir, { recursive: true, force: true });
}
