import { randomUUID } from 'node:crypto';

import type { Customer, LedgerEntry, PaymentStatus } from '@collection-desk/contracts';

import type { CustomerRepository } from '../../src/customers/customer.repository.js';

let clock = Date.parse('2026-11-01T09:00:00.000Z');
/** Distinct, increasing timestamps, so that sorting by time is deterministic. */
export function nextTimestamp(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

/** A customer as the service would hand it to storage; override what the test is about. */
export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  const now = nextTimestamp();
  return {
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    version: 1,
    archivedAt: null,
    name: 'Acme Trading',
    email: 'billing@acme.test',
    phone: '+14155550101',
    address: '1 Market Street, San Francisco',
    outstandingAmount: 125_000,
    pendingPaymentsAmount: 0,
    currency: 'EUR',
    dueDate: '2026-12-31',
    paymentStatus: 'pending',
    assigneeId: null,
    notes: null,
    ...overrides,
  };
}

const NAMES = [
  'José Álvarez',
  'Zoë Müller',
  'Ångström Supplies',
  'émile dupont',
  'Acme Trading',
  'acme holdings',
  'Beta Logistics',
  'Brontë & Sons',
  'Çelik Yapı',
  'Delta Foods',
  'delta foods',
  'Oğuz Tekstil',
  'Østergaard ApS',
  'Nuñez Hermanos',
  'Zeta Works',
];
const STATUSES: PaymentStatus[] = ['pending', 'completed', 'overdue'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];
const ASSIGNEES = [null, 'agent-a', 'agent-b'];

/**
 * A varied, deterministic set: repeated names, amounts and due dates so that sorts need their
 * tie-breaker, accents and case in names, some without a phone.
 */
export function aVariedSet(count: number): Customer[] {
  return Array.from({ length: count }, (_, index) => {
    const name = NAMES[index % NAMES.length];
    const day = String(1 + ((index * 7) % 28)).padStart(2, '0');
    const month = String(1 + ((index * 5) % 12)).padStart(2, '0');
    return aCustomer({
      name,
      email: `Contact.${index}@${name.split(' ')[0].normalize('NFKD').replace(/[^\w]/g, '').toLowerCase() || 'x'}.test`,
      phone: index % 4 === 0 ? null : `+4930${String(1_000_000 + index * 7919).slice(0, 7)}`,
      outstandingAmount: (index % 6) * 25_000,
      currency: CURRENCIES[index % CURRENCIES.length],
      dueDate: `2026-${month}-${day}`,
      paymentStatus: STATUSES[index % STATUSES.length],
      assigneeId: ASSIGNEES[index % ASSIGNEES.length]!,
    });
  });
}

/** The next version of `customer` with `changes`, as the service makes it. */
export function changed(customer: Customer, changes: Partial<Customer> = {}): Customer {
  return { ...customer, ...changes, updatedAt: nextTimestamp(), version: customer.version + 1 };
}

/** A ledger entry moving `customer`'s balance to its current outstanding amount. */
export function anEntry(
  customer: Customer,
  amount: number,
  overrides: Partial<LedgerEntry> = {},
): LedgerEntry {
  return {
    id: randomUUID(),
    customerId: customer.id,
    kind: 'adjustment',
    amount,
    currency: customer.currency,
    runningBalance: customer.outstandingAmount,
    paymentId: null,
    reason: 'Test',
    actorId: null,
    createdAt: customer.updatedAt,
    ...overrides,
  };
}

/** The opening charge of a new customer, when it owes something. */
export function openingOf(customer: Customer): LedgerEntry | null {
  return customer.outstandingAmount > 0
    ? anEntry(customer, customer.outstandingAmount, { kind: 'charge', reason: null })
    : null;
}

/**
 * Stores `count` customers with `noteBytes` of notes each (emails `<prefix>-<n>@bulky.test`):
 * megabytes of pages or of export from a few thousand rows.
 */
export async function storeBulkyCustomers(
  repository: CustomerRepository,
  { count, noteBytes, prefix }: { count: number; noteBytes: number; prefix: string },
): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const customer = aCustomer({
      email: `${prefix}-${index}@bulky.test`,
      notes: `${index} `.padEnd(noteBytes, 'n'),
    });
    await repository.insert(customer, openingOf(customer));
  }
}
