// A 100,000-row customer import on SQLite, through the built app: upload → validated →
// committed, with the app's peak memory and /health answered meanwhile. The floor, measured in
// the same run: the bare streaming parse of the same file with exceljs, plus a bare batched
// insert of the same rows into the same schema (the real SqliteCustomerRows, no checks).
// Usage: npm run bench -- import [rows=100000]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';

import ExcelJS from 'exceljs';

import { customerNumber, storable } from './seed-customers.mjs';
import {
  jsonPoster,
  signInBenchAccount,
  startBuiltApp,
  stopBuiltApp,
} from './support/built-app.mjs';
import { peakRssMb, resetPeakRss } from './support/memory.mjs';

const rows = Number(process.argv[2] ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'cd-bench-import-'));
const HEADER = [
  'Name',
  'Email',
  'Phone',
  'Address',
  'Outstanding amount',
  'Currency',
  'Due date',
  'Notes',
];

function rowOf(n) {
  const customer = customerNumber(n);
  return [
    customer.name,
    customer.email,
    customer.phone,
    `Street ${n}, 10115 Berlin`,
    customer.outstandingAmount / 100,
    customer.currency,
    new Date(`2027-${customer.dueDate.slice(5)}T00:00:00Z`),
    n % 3 === 0 ? 'Imported by the benchmark' : null,
  ];
}

async function buildWorkbook(path) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
  });
  const sheet = writer.addWorksheet('Customers');
  sheet.addRow(HEADER).commit();
  for (let n = 0; n < rows; n += 1) sheet.addRow(rowOf(n)).commit();
  sheet.commit();
  await writer.commit();
}

/**
 * /health from one connection, one request after another, until `stop()`, which answers the
 * figures of the requests sent between two moments (all of them by default).
 */
function pollHealth(base) {
  const samples = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const start = performance.now();
      await (await fetch(`${base}/health`)).arrayBuffer();
      samples.push({ at: start, ms: performance.now() - start });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return async () => {
    running = false;
    await done;
    return (from = 0, to = Infinity) => {
      const times = samples
        .filter(({ at }) => at >= from && at < to)
        .map(({ ms }) => ms)
        .sort((a, b) => a - b);
      return {
        p50: times[Math.floor(times.length * 0.5)],
        p95: times[Math.floor(times.length * 0.95)],
        max: times[times.length - 1],
        count: times.length,
      };
    };
  };
}

async function floor(path) {
  const parseStarted = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([readFileSync(path)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let read = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) if (row.number > 1) read += 1;
    break;
  }
  const parseSeconds = (performance.now() - parseStarted) / 1000;

  const dist = '../dist/api/apps/api/src/storage/sqlite';
  const { SqliteDatabase, BULK_WRITE_PAGE_CACHE_KIB } = await import(`${dist}/sqlite-database.js`);
  const { SqliteCustomerRows } = await import(`${dist}/sqlite-customer-rows.js`);
  const database = SqliteDatabase.open(join(dataDir, 'floor', 'floor.db'), {
    // The import's writer's cache: the floor writes as it does.
    pageCacheKib: BULK_WRITE_PAGE_CACHE_KIB,
  });
  const customerRows = new SqliteCustomerRows(database);
  const stored = Array.from({ length: rows }, (_, n) =>
    storable({ ...customerNumber(n), paymentStatus: 'pending' }),
  );
  const insertStarted = performance.now();
  for (let start = 0; start < stored.length; start += 10_000) {
    // As the import writes: the kept sums gathered over the batch, written once.
    database.transaction(() =>
      customerRows.batch(() => {
        for (const { customer, opening } of stored.slice(start, start + 10_000))
          customerRows.insert(customer, opening);
      }),
    );
  }
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  database.close();
  return { read, parseSeconds, insertSeconds };
}

const file = join(dataDir, 'customers.xlsx');
await buildWorkbook(file);
const bytes = readFileSync(file);
console.log(
  `${rows.toLocaleString('en')} rows × ${HEADER.length} columns: ${(bytes.length / 1024 / 1024).toFixed(1)} MB .xlsx`,
);

const port = 5500 + Math.floor(Math.random() * 200);
const app = await startBuiltApp({
  port,
  dataDir,
  env: { IMPORT_MAX_BYTES: String(50 * 1024 * 1024) },
});
const base = `http://127.0.0.1:${port}/api/v1`;
try {
  const post = jsonPoster(base);
  const accessToken = await signInBenchAccount(post);

  const idle = pollHealth(base);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const before = (await idle())();

  const during = pollHealth(base);
  resetPeakRss(app.pid);
  const idleRss = peakRssMb(app.pid);
  const started = performance.now();
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'customers.xlsx');
  const uploaded = await fetch(`${base}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: form,
  });
  const summary = await uploaded.json();
  if (uploaded.status !== 201)
    throw new Error(`upload answered ${uploaded.status}: ${JSON.stringify(summary)}`);
  const validatedAt = performance.now();
  const validatedSeconds = (validatedAt - started) / 1000;
  const validatingRss = peakRssMb(app.pid);
  resetPeakRss(app.pid);
  const committed = await post(
    `/imports/${summary.id}/commit`,
    { mode: 'create-only', onInvalid: 'abort' },
    accessToken,
  );
  const totalSeconds = (performance.now() - started) / 1000;
  const healthBetween = await during();
  const health = healthBetween();
  const committingRss = peakRssMb(app.pid);
  if (committed.result.created !== rows)
    throw new Error(`created ${committed.result.created} of ${rows}`);

  const bare = await floor(file);
  const floorSeconds = bare.parseSeconds + bare.insertSeconds;
  const line = (name, value) => console.log(name.padEnd(52), value);
  console.log();
  line('upload → validated', `${validatedSeconds.toFixed(1)} s`);
  line('validated → committed', `${(totalSeconds - validatedSeconds).toFixed(1)} s`);
  line(
    'total',
    `${totalSeconds.toFixed(1)} s (${Math.round(rows / totalSeconds).toLocaleString('en')} rows/s)`,
  );
  line(
    'floor: bare exceljs streaming parse',
    `${bare.parseSeconds.toFixed(1)} s (${bare.read.toLocaleString('en')} rows)`,
  );
  line('floor: bare batched insert, same schema', `${bare.insertSeconds.toFixed(1)} s`);
  line('total / floor', `${(totalSeconds / floorSeconds).toFixed(2)}x`);
  line('app RSS before the upload', `${idleRss.toFixed(0)} MB`);
  line('app peak RSS, upload → validated', `${validatingRss.toFixed(0)} MB`);
  line('app peak RSS, validated → committed', `${committingRss.toFixed(0)} MB`);
  line('app peak RSS', `${Math.max(validatingRss, committingRss).toFixed(0)} MB`);
  line(
    '/health p95 idle (1 connection)',
    `${before.p95.toFixed(1)} ms (p50 ${before.p50.toFixed(1)})`,
  );
  line(
    '/health p95 during the import',
    `${health.p95.toFixed(1)} ms (p50 ${health.p50.toFixed(1)}, max ${health.max.toFixed(0)}, ${health.count} requests)`,
  );
  line('/health p95 during / idle', `${(health.p95 / before.p95).toFixed(1)}x`);
  for (const [phase, figures] of [
    ['upload', healthBetween(started, validatedAt)],
    ['commit', healthBetween(validatedAt)],
  ]) {
    line(
      `/health p95 during the ${phase} / idle`,
      `${(figures.p95 / before.p95).toFixed(1)}x (${figures.p95.toFixed(1)} ms, ${figures.count} requests)`,
    );
  }
} finally {
  await stopBuiltApp(app);
  rmSync(dataDir, { recursive: true, force: true });
}
