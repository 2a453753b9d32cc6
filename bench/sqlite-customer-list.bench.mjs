// How fast the embedded adapter answers customer lists, next to the cheapest possible query.
// Baseline: `SELECT 1` through the same connection. Figures are per call, in milliseconds.
// Usage: npm run bench -- sqlite-customer-list [rows]   (default 100,000 rows)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { seedCustomers } from './seed-customers.mjs';

const rows = Number(process.argv[2] ?? 100_000);
const folder = mkdtempSync(join(tmpdir(), 'cd-bench-'));
const {
  database,
  repository,
  seconds: seedSeconds,
} = seedCustomers(join(folder, 'bench.db'), rows);

function measure(run, iterations = 200) {
  const samples = [];
  for (let i = 0; i < 10; i += 1) run(i);
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    run(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)],
    p95: samples[Math.floor(samples.length * 0.95)],
  };
}

const list = (criteria) => () => repository.list({ sort: [], page: 1, pageSize: 20, ...criteria });
const cases = {
  'baseline: SELECT 1': () => database.get('SELECT 1'),
  'page 1, default order': list({}),
  'status overdue, by due date': list({
    statuses: ['overdue'],
    sort: [{ field: 'dueDate', direction: 'asc' }],
  }),
  'amount desc': list({ sort: [{ field: 'outstandingAmount', direction: 'desc' }] }),
  'name asc, page 500': list({ sort: [{ field: 'name', direction: 'asc' }], page: 500 }),
  'q "acme"': list({ q: 'acme' }),
  'q "wonka 12" + status': list({ q: 'wonka 12', statuses: ['pending'] }),
  'due range + currency': list({ dueFrom: '2026-03-01', dueTo: '2026-05-31', currency: 'USD' }),
};

console.log(
  `Seeded ${rows.toLocaleString('en')} customers in ${seedSeconds.toFixed(1)} s (${Math.round(rows / seedSeconds).toLocaleString('en')} rows/s)`,
);
const baseline = measure(cases['baseline: SELECT 1']);
console.log(
  'case'.padEnd(34),
  'p50 ms'.padStart(9),
  'p95 ms'.padStart(9),
  'p95 / baseline'.padStart(16),
);
for (const [name, run] of Object.entries(cases)) {
  const { p50, p95 } = name.startsWith('baseline') ? baseline : measure(run);
  console.log(
    name.padEnd(34),
    p50.toFixed(3).padStart(9),
    p95.toFixed(3).padStart(9),
    `${(p95 / baseline.p95).toFixed(0)}x`.padStart(16),
  );
}

database.close();
rmSync(folder, { recursive: true, force: true });
