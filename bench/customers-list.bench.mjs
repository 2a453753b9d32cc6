// The customer list over HTTP at scale: seeds customers into a fresh SQLite file, starts the
// built app on it, and measures the list endpoint (total count included) with 10 concurrent
// connections. Baseline: GET /api/v1/health on the same run.
// Usage: npm run bench -- customers-list [rows=1000000] [requestsPerCase=300]
// Seeding a million rows through the repository takes minutes; BENCH_DATA_DIR=<folder> reuses
// (or keeps, for next time) a seeded collection-desk.db there.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { AGENTS, FIRST_WORDS, SECOND_WORDS, seedCustomers } from './seed-customers.mjs';
import { startBuiltApp, stopBuiltApp } from './support/built-app.mjs';
import { peakRssMb, resetPeakRss } from './support/memory.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
const requestsPerCase = Number(process.argv[3] ?? 300);
const CONCURRENCY = 10;
const reusedDir = process.env['BENCH_DATA_DIR'];
const dataDir = reusedDir ?? mkdtempSync(join(tmpdir(), 'cd-bench-list-'));

/** `target`: a URL, or the URL of each request by its number. */
async function measure(target, headers) {
  const samples = [];
  let next = 0;
  async function worker() {
    while (next < requestsPerCase) {
      const url = typeof target === 'function' ? target(next) : target;
      next += 1;
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      samples.push(performance.now() - started);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)],
    p95: samples[Math.floor(samples.length * 0.95)],
  };
}

if (reusedDir && existsSync(join(reusedDir, 'collection-desk.db'))) {
  console.log(`Reusing the customers seeded in ${reusedDir}`);
} else {
  const { database, seconds: seedSeconds } = seedCustomers(
    join(dataDir, 'collection-desk.db'),
    rows,
  );
  database.close();
  console.log(`Seeded ${rows.toLocaleString('en')} customers in ${seedSeconds.toFixed(0)} s`);
}
const port = 4700 + Math.floor(Math.random() * 200);
const app = await startBuiltApp({ port, dataDir });
const base = `http://127.0.0.1:${port}/api/v1`;
try {
  const post = (path, body) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/auth/register', {
    email: 'bench@desk.test',
    name: 'Bench',
    password: 'benchmark passphrase',
  });
  const { accessToken } = await (
    await post('/auth/login', { email: 'bench@desk.test', password: 'benchmark passphrase' })
  ).json();
  const auth = { authorization: `Bearer ${accessToken}` };

  const cases = {
    'page 1, default sort (due date)': '',
    'status overdue': 'status=overdue',
    'status pending,overdue by -amount': 'status=pending,overdue&sort=-outstandingAmount',
    'sort by name': 'sort=name',
    'sort -updatedAt': 'sort=-updatedAt',
    'due range, one month': 'dueFrom=2026-03-01&dueTo=2026-03-31',
    'amount range': 'minOutstanding=100000&maxOutstanding=200000',
    'currency USD by due date': 'currency=USD',
    'page 500, default sort': 'page=500',
    'page 500, sort by name': 'sort=name&page=500',
    // Without a sort a search ranks its best matches first; "by due date" asks for an order.
    'q "acme" (5% match), ranked': 'q=acme',
    'q "acme" by due date': 'q=acme&sort=dueDate',
    'q "acme" ranked, page 50': 'q=acme&page=50',
    'q "globex logistics", ranked': 'q=globex%20logistics',
    'q "globex logistics" by due date': 'q=globex%20logistics&sort=dueDate',
    'q "wonka 12", ranked': 'q=wonka%2012',
    // Each request another pair of common words (300 of them): only the words repeat.
    'q varied two words by due date': (request) =>
      `q=${FIRST_WORDS[request % FIRST_WORDS.length]}%20${SECOND_WORDS[Math.floor(request / FIRST_WORDS.length) % SECOND_WORDS.length]}&sort=dueDate`,
    'assignee by due date': `assignee=${AGENTS[3]}`,
    'q phone digits "300012"': 'q=300012',
    'q "zzz" (no match)': 'q=zzz',
  };
  // Warm-up, not reported: the first requests after start prepare statements, start the read
  // pool's threads and fill the page caches, which only the first case measured would pay for.
  await measure(`${base}/customers`, auth);
  // Also not in the cases: the first search alone in each sort order after start-up, when each
  // read-pool thread reads every customer's position in that order once (two requests at once:
  // one per thread). Measured here on its own.
  const firstInOrder = [];
  for (const field of ['dueDate', 'name', 'outstandingAmount', 'createdAt', 'updatedAt']) {
    const url = `${base}/customers?q=zzzz%20yyyy&sort=${field}`;
    const started = performance.now();
    await Promise.all([1, 2].map(async () => (await fetch(url, { headers: auth })).arrayBuffer()));
    firstInOrder.push(`${field} ${(performance.now() - started).toFixed(0)} ms`);
  }
  console.log(`first search alone in an order after start-up: ${firstInOrder.join(', ')}`);
  const baseline = await measure(`${base}/health`, {});
  console.log(
    `\n${CONCURRENCY} concurrent connections, ${requestsPerCase} requests per case, times in ms`,
  );
  console.log(
    'case'.padEnd(38),
    'p50'.padStart(8),
    'p95'.padStart(8),
    'p95 / health p95'.padStart(18),
  );
  console.log(
    'baseline: GET /health'.padEnd(38),
    baseline.p50.toFixed(2).padStart(8),
    baseline.p95.toFixed(2).padStart(8),
    '1.0x'.padStart(18),
  );
  for (const [name, query] of Object.entries(cases)) {
    const url =
      typeof query === 'function'
        ? (request) => `${base}/customers?${query(request)}`
        : `${base}/customers?${query}`;
    const { p50, p95 } = await measure(url, auth);
    console.log(
      name.padEnd(38),
      p50.toFixed(2).padStart(8),
      p95.toFixed(2).padStart(8),
      `${(p95 / baseline.p95).toFixed(1)}x`.padStart(18),
    );
  }

  // /health while two clients search broadly without pause: the searches run on the read pool,
  // so the event loop stays free. Target: within 2× of /health idle.
  let searching = true;
  const searcher = async () => {
    while (searching) {
      await (
        await fetch(`${base}/customers?q=globex%20logistics`, { headers: auth })
      ).arrayBuffer();
    }
  };
  const searchers = [searcher(), searcher()];
  const underSearch = await measure(`${base}/health`, {});
  searching = false;
  await Promise.all(searchers);
  console.log(
    '/health while 2 clients search'.padEnd(38),
    underSearch.p50.toFixed(2).padStart(8),
    underSearch.p95.toFixed(2).padStart(8),
    `${(underSearch.p95 / baseline.p95).toFixed(1)}x`.padStart(18),
  );

  // A broad search while another client exports everything, then the export alone.
  const exportAll = async (format) => {
    const started = performance.now();
    const response = await fetch(`${base}/customers/export?format=${format}`, {
      headers: auth,
    });
    let bytes = 0;
    for await (const chunk of response.body) bytes += chunk.length;
    if (!response.ok) throw new Error(`export answered ${response.status}`);
    return { seconds: (performance.now() - started) / 1000, bytes };
  };
  const exporting = exportAll('csv');
  const searchDuringExport = await measure(`${base}/customers?q=globex%20logistics`, auth);
  await exporting;
  console.log(
    'q "globex logistics" during an export'.padEnd(38),
    searchDuringExport.p50.toFixed(2).padStart(8),
    searchDuringExport.p95.toFixed(2).padStart(8),
    `${(searchDuringExport.p95 / baseline.p95).toFixed(1)}x`.padStart(18),
  );
  for (const format of ['csv', 'xlsx']) {
    // The peak of this export alone, from the app's RSS as the export starts.
    resetPeakRss(app.pid);
    const before = peakRssMb(app.pid);
    const { seconds, bytes } = await exportAll(format);
    console.log(
      `export of every customer as ${format}: ${seconds.toFixed(1)} s, ${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${(bytes / 1024 / 1024).toFixed(0)} MB, app RSS ${before.toFixed(0)} MB → peak ${peakRssMb(app.pid).toFixed(0)} MB`,
    );
  }
} finally {
  await stopBuiltApp(app);
  if (!reusedDir) rmSync(dataDir, { recursive: true, force: true });
}
