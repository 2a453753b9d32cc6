// Payments with 1,000 browsers watching: 1,000 socket.io clients connected on loopback, 10 HTTP
// connections recording card payments (the mock gateway settles at once), and the time from a
// payment's settlement (its updatedAt stamp) to its `payment.updated` reaching the first and the
// last of the 1,000 clients. Baselines in the same run: creating customers with the same
// connections (throughput), and a bare socket.io server broadcasting a payload of the same size
// to the same 1,000 clients at the same rate (latency floor).
// Usage: npm run bench -- payments [clients=1000] [payments=200]
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { io } from 'socket.io-client';

import { startBuiltApp, stopBuiltApp } from './support/built-app.mjs';

const CLIENTS = Number(process.argv[2] ?? 1000);
const PAYMENTS = Number(process.argv[3] ?? 200);
const CONCURRENCY = 10;
const dataDir = mkdtempSync(join(tmpdir(), 'cd-bench-payments-'));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function connectAll(url, token) {
  const sockets = [];
  for (let start = 0; start < CLIENTS; start += 50) {
    const batch = Array.from({ length: Math.min(50, CLIENTS - start) }, () => {
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
        auth: token ? { token } : undefined,
      });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

/** Per event key: when the first and the last client received it, relative to `stampOf`. */
function arrivals(sockets, event, keyOf, stampOf) {
  const seen = new Map();
  for (const socket of sockets) {
    socket.on(event, (payload) => {
      const key = keyOf(payload);
      if (key === null) return;
      const now = Date.now();
      const entry = seen.get(key) ?? { stamp: stampOf(payload), first: now, last: now, count: 0 };
      entry.first = Math.min(entry.first, now);
      entry.last = Math.max(entry.last, now);
      entry.count += 1;
      seen.set(key, entry);
    });
  }
  return seen;
}

async function untilAllArrived(seen, expected) {
  for (let i = 0; i < 600; i += 1) {
    const complete = [...seen.values()].filter((entry) => entry.count === CLIENTS).length;
    if (complete >= expected) return;
    await sleep(100);
  }
  throw new Error('not every client received every event');
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function inParallel(total, task) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const index = next;
        next += 1;
        await task(index);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

const port = 4900 + Math.floor(Math.random() * 100);
const app = await startBuiltApp({ port, dataDir, env: { MOCK_GATEWAY_DELAY_MS: '0' } });
const base = `http://127.0.0.1:${port}/api/v1`;
let floorServer;
const sockets = [];
try {
  const call = async (method, path, body, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };
  await call('POST', '/auth/register', {
    email: 'bench@desk.test',
    name: 'Bench',
    password: 'benchmark passphrase',
  });
  const { accessToken } = await call('POST', '/auth/login', {
    email: 'bench@desk.test',
    password: 'benchmark passphrase',
  });
  const auth = { authorization: `Bearer ${accessToken}` };

  sockets.push(...(await connectAll(`http://127.0.0.1:${port}`, accessToken)));
  console.log(`${sockets.length} socket.io clients connected to the app`);

  // Baseline throughput: creating customers, each broadcast to every client.
  const customers = [];
  const customersPerSecond = await inParallel(PAYMENTS, async (index) => {
    customers.push(
      await call(
        'POST',
        '/customers',
        {
          name: `Bench payer ${index}`,
          email: `payer${index}@bench.test`,
          outstandingAmount: 10_000_000,
          currency: 'EUR',
          dueDate: '2099-12-31',
        },
        auth,
      ),
    );
  });

  const settled = arrivals(
    sockets,
    'payment.updated',
    ({ payment }) => (payment.status === 'completed' ? payment.id : null),
    ({ payment }) => Date.parse(payment.updatedAt),
  );
  let payloadBytes = 0;
  sockets[0].on('payment.updated', (payload) => {
    payloadBytes = JSON.stringify(payload).length;
  });
  const paymentsPerSecond = await inParallel(PAYMENTS, async (index) => {
    const customer = customers[index % customers.length];
    await call(
      'POST',
      '/payments',
      {
        customerId: customer.id,
        amount: 1_000,
        currency: 'EUR',
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' },
      },
      { ...auth, 'idempotency-key': randomUUID() },
    );
  });
  await untilAllArrived(settled, PAYMENTS);
  const appFirst = percentiles([...settled.values()].map((entry) => entry.first - entry.stamp));
  const appLast = percentiles([...settled.values()].map((entry) => entry.last - entry.stamp));
  for (const socket of sockets.splice(0)) socket.disconnect();

  // The floor: a bare socket.io server, the same clients, payload size and rate.
  const floorPort = port + 100;
  floorServer = fork('bench/support/bare-broadcast-server.mjs', [String(floorPort)]);
  await new Promise((resolve) => floorServer.once('message', resolve));
  sockets.push(...(await connectAll(`http://127.0.0.1:${floorPort}`)));
  const floor = arrivals(
    sockets,
    'payment.updated',
    ({ sequence }) => sequence,
    ({ sentAt }) => sentAt,
  );
  // Each payment sends every client two events (payment.created, payment.updated): so does the
  // floor, measuring the second.
  const padding = 'x'.repeat(Math.max(0, payloadBytes - 40));
  const gapMs = 1000 / paymentsPerSecond;
  for (let sequence = 0; sequence < PAYMENTS; sequence += 1) {
    floorServer.send({ payload: { sequence: null, padding } });
    floorServer.send({ payload: { sequence, padding } });
    await sleep(gapMs);
  }
  await untilAllArrived(floor, PAYMENTS);
  const floorFirst = percentiles([...floor.values()].map((entry) => entry.first - entry.stamp));
  const floorLast = percentiles([...floor.values()].map((entry) => entry.last - entry.stamp));

  const row = (name, figures, reference) =>
    console.log(
      name.padEnd(44),
      ...['p50', 'p95', 'p99'].map((q) => String(figures[q]).padStart(6)),
      reference ? `${(figures.p99 / Math.max(1, reference.p99)).toFixed(2)}x`.padStart(14) : '',
    );
  console.log(
    `\n${CLIENTS} clients, ${PAYMENTS} payments over ${CONCURRENCY} connections, payload ${payloadBytes} bytes, times in ms`,
  );
  console.log(
    'latency'.padEnd(44),
    'p50'.padStart(6),
    'p95'.padStart(6),
    'p99'.padStart(6),
    'p99 / floor'.padStart(14),
  );
  row('floor: bare socket.io, first client', floorFirst);
  row('floor: bare socket.io, last client', floorLast);
  row('settlement → payment.updated, first client', appFirst, floorFirst);
  row('settlement → payment.updated, last client', appLast, floorLast);
  console.log(
    `\nthroughput: ${paymentsPerSecond.toFixed(0)} payments/s; baseline ${customersPerSecond.toFixed(0)} customers created/s (ratio ${(customersPerSecond / paymentsPerSecond).toFixed(2)}x)`,
  );
} finally {
  for (const socket of sockets) socket.disconnect();
  floorServer?.send('stop');
  await stopBuiltApp(app);
  rmSync(dataDir, { recursive: true, force: true });
}
