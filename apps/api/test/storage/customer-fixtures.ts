import type { PaymentStatus } from '@collection-desk/contracts';

import type { NewCustomer } from '../../src/customers/customer.repository.js';

/** A valid customer; override what the test is about. */
export function aCustomer(overrides: Partial<NewCustomer> = {}): NewCustomer {
  return {
    name: 'Acme Trading',
    email: 'billing@acme.test',
    phone: '+14155550101',
    address: '1 Market Street, San Francisco',
    outstandingAmount: 125_000,
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
export function aVariedSet(count: number): NewCustomer[] {
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
