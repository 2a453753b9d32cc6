// The dashboard at scale: 1,000,000 customers (the overdue benchmark's set: every aging bucket,
// three statuses) and 2,000,000 ledger entries (their charges plus payments spread over the last
// 120 days), served by the built app on SQLite. Measures GET /dashboard from 10 connections:
// computed afresh (each request after a change, as when payments keep arriving) and while
// nothing changes (kept until the next change). Baseline: GET /health in the same run.
// Usage: npm run bench -- dashboard [rows=1000000] [requests=200]
// BENCH_SEED_CACHE=<folder> reuses the overdue benchmark's seeded copy.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';

import { AGENTS, agingCustomer, seedCustomers } from './seed-customers.mjs';
import {
  jsonPoster,
  signInBenchAccount,
  startBuiltApp,
  stopBuiltApp,
} from './support/built-app.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
const requests = Number(process.argv[3] ?? 200);
const CONCURRENCY = 10;
const dataDir = mkdtempSync(join(tmpdir(), 'cd-bench-dashboard-'));
const file = join(dataDir, 'collection-desk.db');
const seedCache = process.env['BENCH_SEED_CACHE'];
const cached = seedCache ? join(seedCache, `overdue-${rows}.db`) : null;

if (cached && existsSync(cached)) {
  copyFileSync(cached, file);
} else {
  const { database } = seedCustomers(file, rows, agingCustomer);
  database.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  if (cached) {
    mkdirSync(seedCache, { recursive: true });
    copyFileSync(file, cached);
  }
}
// Payments of the last 120 days until the ledger holds twice as many entries as customers.
const raw = new DatabaseSync(file);
const started = performance.now();
const ledgerCount = () => raw.prepare('SELECT count(*) AS n FROM ledger_entries').get().n;
while (ledgerCount() < rows * 2) {
  const missing = rows * 2 - ledgerCount();
  raw.exec(`
    INSERT INTO ledger_entries (id, customer_id, kind, amount, currency, running_balance, created_at)
    SELECT lower(hex(randomblob(16))), id, 'payment', -(1 + abs(random()) % 5000), currency,
           outstanding_amount,
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (abs(random()) % 120) || ' days')
    FROM customers LIMIT ${Math.min(missing, rows)}`);
}
// The payments went in behind the repository's back: recompute the sums it keeps of them.
const { SqliteDatabase } =
  await import('../dist/api/apps/api/src/storage/sqlite/sqlite-database.js');
const { REBUILD_LEDGER_QUARTER_HOURS } =
  await import('../dist/api/apps/api/src/storage/sqlite/migrations/012-dashboard-sums.js');
const ledgerEntries = ledgerCount();
raw.close();
const migrated = SqliteDatabase.open(file);
migrated.exec(REBUILD_LEDGER_QUARTER_HOURS);
migrated.exec('ANALYZE');
migrated.close();
console.log(
  `${rows.toLocaleString('en')} customers, ${ledgerEntries.toLocaleString('en')} ledger entries (payments added in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
);

/** `count` requests from CONCURRENCY connections; `before` runs ahead of each one. */
async function measure(url, headers, count, before = async () => {}) {
  const samples = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      next += 1;
      await before();
      const start = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      samples.push(performance.now() - start);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)],
    p95: samples[Math.floor(samples.length * 0.95)],
  };
}

const port = 5300 + Math.floor(Math.random() * 200);
const app = await startBuiltApp({ port, dataDir });
const base = `http://127.0.0.1:${port}/api/v1`;
try {
  const post = jsonPoster(base);
  const accessToken = await signInBenchAccount(post);
  const auth = { authorization: `Bearer ${accessToken}` };
  let created = 0;
  // A change before every request: each answer is computed afresh, as while payments arrive.
  const change = () =>
    post(
      '/customers',
      {
        name: `Change ${created}`,
        email: `change${(created += 1)}@bench.test`,
        outstandingAmount: 100,
        dueDate: '2099-01-01',
      },
      accessToken,
    );

  const health = await measure(`${base}/health`, {}, requests * 5);
  const fresh = await measure(`${base}/dashboard`, auth, requests, change);
  const kept = await measure(`${base}/dashboard`, auth, requests * 5);
  // One agent's view: balances from the kept sums, money movements from the ledger itself.
  const agent = await measure(`${base}/dashboard?assignee=${AGENTS[1]}`, auth, requests, change);
  const row = (name, figures) =>
    console.log(
      name.padEnd(46),
      figures.p50.toFixed(1).padStart(8),
      figures.p95.toFixed(1).padStart(8),
      `${(figures.p95 / health.p95).toFixed(1)}x`.padStart(16),
    );
  console.log(`\n${CONCURRENCY} concurrent connections, times in ms`);
  console.log(
    'request'.padEnd(46),
    'p50'.padStart(8),
    'p95'.padStart(8),
    'p95 / health'.padStart(16),
  );
  row('baseline: GET /health', health);
  row('GET /dashboard, computed afresh (after a change)', fresh);
  row('GET /dashboard, nothing changed since', kept);
  row("GET /dashboard?assignee=, one agent's, afresh", agent);
} finally {
  await stopBuiltApp(app);
  rmSync(dataDir, { recursive: true, force: true });
}
