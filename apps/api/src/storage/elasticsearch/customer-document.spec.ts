import { describe, expect, it } from 'vitest';

import type { Customer } from '@collection-desk/contracts';

import { fromCustomerDocument, toCustomerDocument } from './customer-document.js';
import { INDEX_DEFINITIONS } from './index-definitions.js';

const customer: Customer = {
  id: '6f1c2d4e-0000-4000-8000-000000000001',
  name: 'Zoë Müller & Söhne',
  email: 'Billing.Dept@Mueller.example',
  phone: '+4930123456',
  address: null,
  outstandingAmount: 125_000,
  pendingPaymentsAmount: 0,
  currency: 'EUR',
  dueDate: '2026-12-31',
  paymentStatus: 'pending',
  assigneeId: null,
  notes: null,
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  version: 1,
  archivedAt: null,
};

describe('customer documents', () => {
  it('adds folded sort and search keys', () => {
    const document = toCustomerDocument(customer);

    expect(document.nameSort).toBe('zoe muller & sohne');
    expect(document.emailNormalized).toBe('billing.dept@mueller.example');
    expect(document.wordPrefixes).toEqual(
      expect.arrayContaining([
        'z',
        'zo',
        'zoe',
        'muller',
        'sohn',
        'billing',
        'dept',
        'mueller',
        'example',
      ]),
    );
    expect(document.wordPrefixes).not.toContain('oe');
    expect(document.namePrefixes.slice(0, 5)).toEqual(['z', 'zo', 'zoe', 'zoe ', 'zoe m']);
    expect(document.namePrefixes.at(-1)).toBe('zoe muller & sohne');
    expect(document.phoneDigitRuns).toEqual(
      expect.arrayContaining(['4930123456', '6', '123', '0123']),
    );
  });

  it('never cuts a name prefix between the halves of a surrogate pair', () => {
    const document = toCustomerDocument({ ...customer, name: 'A😀B' });
    expect(document.namePrefixes).toEqual(['a', 'a😀', 'a😀b']);
  });

  it('gives back exactly the customer it was made from', () => {
    expect(fromCustomerDocument(toCustomerDocument(customer))).toEqual(customer);
  });

  it('has no phone digit runs without a phone', () => {
    expect(toCustomerDocument({ ...customer, phone: null }).phoneDigitRuns).toEqual([]);
  });

  it('maps every stored field, strictly, with money as long and status as keyword', () => {
    const mappings = INDEX_DEFINITIONS.customers.mappings;
    const properties = mappings?.properties ?? {};

    expect(mappings?.dynamic).toBe('strict');
    expect(Object.keys(toCustomerDocument(customer)).filter((key) => !(key in properties))).toEqual(
      [],
    );
    expect(properties['outstandingAmount']).toEqual({ type: 'long' });
    expect(properties['paymentStatus']).toEqual({ type: 'keyword' });
    expect(properties['emailNormalized']).toEqual({ type: 'keyword' });
    expect(properties['name']).toMatchObject({
      type: 'text',
      fields: { keyword: { type: 'keyword' } },
    });
  });
});
