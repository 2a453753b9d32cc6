// Deterministic customers for the benchmarks, written through the real SQLite repository.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const dist = '../dist/api/apps/api/src/storage/sqlite';
const { SqliteDatabase } = await import(`${dist}/sqlite-database.js`);
const { SqliteCustomerRepository } = await import(`${dist}/sqlite-customer.repository.js`);
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(false);

// 20 × 15 company names: a one-word search matches ~5% of customers, as a common word would.
export const FIRST_WORDS = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'stark',
  'wayne',
  'tyrell',
  'cyberdyne',
  'soylent',
  'hooli',
  'vandelay',
  'wonka',
  'oscorp',
  'aperture',
  'monarch',
  'dunder',
  'prestige',
  'sirius',
  'zorg',
  'nakatomi',
];
export const SECOND_WORDS = [
  'trading',
  'holdings',
  'logistics',
  'foods',
  'systems',
  'labs',
  'partners',
  'industries',
  'supplies',
  'services',
  'media',
  'motors',
  'energy',
  'pharma',
  'textiles',
];
const STATUSES = ['pending', 'completed', 'overdue'];
export const AGENTS = Array.from(
  { length: 10 },
  (_, i) => `00000000-0000-4000-8000-00000000000${i}`,
);

export function customerNumber(n) {
  const first = FIRST_WORDS[n % FIRST_WORDS.length];
  const second = SECOND_WORDS[(n * 7) % SECOND_WORDS.length];
  return {
    name: `${first} ${second} ${n % 997}`,
    email: `ar.${n}@${first}-${second}.test`,
    phone: `+4930${String(1_000_000 + n).slice(-7)}`,
    address: null,
    outstandingAmount: (n * 7919) % 1_000_000,
    currency: n % 5 === 0 ? 'USD' : 'EUR',
    dueDate: `2026-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`,
    paymentStatus: STATUSES[n % 3],
    assigneeId: n % 4 === 0 ? null : AGENTS[n % AGENTS.length],
    notes: null,
  };
}

const CREATED_AT = '2026-01-01T09:00:00.000Z';

/** A stored customer from `fields`, with the opening charge the service would write. */
export function storable(fields) {
  const customer = {
    id: randomUUID(),
    pendingPaymentsAmount: 0,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    version: 1,
    archivedAt: null,
    ...fields,
  };
  const opening =
    customer.outstandingAmount > 0
      ? {
          id: randomUUID(),
          customerId: customer.id,
          kind: 'charge',
          amount: customer.outstandingAmount,
          currency: customer.currency,
          runningBalance: customer.outstandingAmount,
          paymentId: null,
          reason: null,
          actorId: null,
          createdAt: CREATED_AT,
        }
      : null;
  return { customer, opening };
}

/**
 * Opens (creating) the database at `path`, adds `rows` customers made by `make(n)`, returns it
 * with the seconds taken.
 */
export function seedCustomers(path, rows, make = customerNumber) {
  const database = SqliteDatabase.open(path);
  const repository = new SqliteCustomerRepository(database);
  const started = performance.now();
  for (let done = 0; done < rows;) {
    database.transaction(() => {
      for (let i = 0; i < 10_000 && done < rows; i += 1, done += 1) {
        const { customer, opening } = storable(make(done));
        void repository.insert(customer, opening);
      }
    });
  }
  database.exec('ANALYZE');
  return { database, repository, seconds: (performance.now() - started) / 1000 };
}

/** One in ten newly overdue (pending, due in the past); the rest due later, overdue or paid. */
export function agingCustomer(n) {
  const base = customerNumber(n);
  const month = String(1 + (n % 10)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  switch (n % 10) {
    case 0:
      return {
        ...base,
        outstandingAmount: 1 + (n % 99_999),
        paymentStatus: 'pending',
        dueDate: `2026-${month}-${day}`,
      };
    case 1:
    case 2:
      return {
        ...base,
        outstandingAmount: 1 + (n % 99_999),
        paymentStatus: 'overdue',
        dueDate: `2026-${month}-${day}`,
      };
    case 3:
      return {
        ...base,
        outstandingAmount: 0,
        paymentStatus: 'completed',
        dueDate: `2026-${month}-${day}`,
      };
    default:
      return {
        ...base,
        outstandingAmount: 1 + (n % 99_999),
        paymentStatus: 'pending',
        dueDate: `2099-${month}-${day}`,
      };
  }
}
