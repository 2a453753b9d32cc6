import type { Customer } from '@collection-desk/contracts';

import {
  customerMatches,
  type CustomerFilters,
  DEFAULT_FILTERS,
  fromCalendarDate,
  fromUrl,
  ranksByRelevance,
  toCalendarDate,
  toMinorUnits,
  toQueryParams,
  toUrl,
} from './customer-filters';
import { formatMoney } from './money';

describe('customer filters in the URL', () => {
  it('round-trips through the URL, keeping only what differs from the defaults', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      q: 'acme',
      statuses: ['pending' as const, 'overdue' as const],
      dueFrom: '2026-01-01',
      minOutstanding: '1250.50',
      archived: true,
      sort: '-outstandingAmount',
      page: 3,
    };

    const url = toUrl(filters);

    expect(url).toMatchObject({
      q: 'acme',
      status: 'pending,overdue',
      min: '1250.50',
      archived: 'true',
      page: 3,
      pageSize: null,
    });
    expect(
      fromUrl(Object.fromEntries(Object.entries(url).filter(([, value]) => value !== null))),
    ).toEqual(filters);
  });

  it('ignores malformed values in a shared link', () => {
    expect(fromUrl({ status: 'paid,overdue', page: '-2', pageSize: '5000' })).toMatchObject({
      statuses: ['overdue'],
      page: 1,
      pageSize: 100,
    });
  });

  it('sends amounts to the API in minor units', () => {
    expect(
      toQueryParams({ ...DEFAULT_FILTERS, minOutstanding: '1,250.50', maxOutstanding: 'lots' }),
    ).toEqual({
      page: '1',
      pageSize: '20',
      minOutstanding: '125050',
    });
  });

  it("leaves the order to the server until a column is chosen: a search's best matches first", () => {
    expect(ranksByRelevance({ ...DEFAULT_FILTERS, q: 'globex logistics' })).toBe(true);
    expect(ranksByRelevance({ ...DEFAULT_FILTERS, q: ' - ' })).toBe(false);
    expect(ranksByRelevance({ ...DEFAULT_FILTERS, q: 'globex', sort: 'name' })).toBe(false);
    expect(toQueryParams({ ...DEFAULT_FILTERS, q: 'globex' })).not.toHaveProperty('sort');
    expect(toQueryParams({ ...DEFAULT_FILTERS, sort: '-dueDate' })).toMatchObject({
      sort: '-dueDate',
    });
  });

  it('reads money typed the way the locale writes it', () => {
    expect(toMinorUnits('1,250.50', 2, 'en-US')).toBe(125050);
    expect(toMinorUnits('1.250,50', 2, 'de-DE')).toBe(125050);
    expect(toMinorUnits('1 250,5', 2, 'fr-FR')).toBe(125050);
    expect(toMinorUnits('twelve', 2, 'en-US')).toBeNull();
  });

  it('turns picked dates into calendar dates and back, in local time', () => {
    expect(toCalendarDate(new Date(2026, 0, 31))).toBe('2026-01-31');
    expect(fromCalendarDate('2026-01-31')?.getDate()).toBe(31);
    expect(fromCalendarDate('31/01/2026')).toBeNull();
    expect(toCalendarDate(null)).toBe('');
  });

  it('converts typed money by the currency', () => {
    expect(toMinorUnits('1250.5')).toBe(125050);
    expect(toMinorUnits('500', 0)).toBe(500);
    expect(toMinorUnits('0.1', 3)).toBe(100);
    expect(toMinorUnits('-3')).toBeNull();
    expect(formatMoney(125050, 'EUR', 'en-US')).toBe('€1,250.50');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
  });

  it('judges a live update against the filters on screen, as the server would', () => {
    const customer: Customer = {
      id: 'c-1',
      name: 'Zoë Müller GmbH',
      email: 'billing@mueller.test',
      phone: '+49301234567',
      address: null,
      outstandingAmount: 125050,
      pendingPaymentsAmount: 0,
      currency: 'EUR',
      dueDate: '2026-06-30',
      paymentStatus: 'overdue',
      assigneeId: 'agent-1',
      notes: null,
      createdAt: '',
      updatedAt: '',
      version: 3,
      archivedAt: null,
    };
    const filters = (changes: Partial<CustomerFilters>) => ({ ...DEFAULT_FILTERS, ...changes });

    expect(customerMatches(customer, DEFAULT_FILTERS)).toBe(true);
    expect(customerMatches(customer, filters({ q: 'zoe mul' }))).toBe(true);
    expect(customerMatches(customer, filters({ q: '1234' }))).toBe(true);
    expect(customerMatches(customer, filters({ q: 'gmbh billing' }))).toBe(true);
    expect(customerMatches(customer, filters({ q: 'acme' }))).toBe(false);
    expect(customerMatches(customer, filters({ statuses: ['pending'] }))).toBe(false);
    expect(customerMatches(customer, filters({ statuses: ['pending', 'overdue'] }))).toBe(true);
    expect(customerMatches(customer, filters({ dueFrom: '2026-07-01' }))).toBe(false);
    expect(customerMatches(customer, filters({ dueTo: '2026-06-30' }))).toBe(true);
    expect(customerMatches(customer, filters({ minOutstanding: '1250.51' }))).toBe(false);
    expect(customerMatches(customer, filters({ maxOutstanding: '1250.50' }))).toBe(true);
    expect(customerMatches(customer, filters({ assignee: 'agent-2' }))).toBe(false);
    expect(customerMatches({ ...customer, archivedAt: '2026-01-01' }, DEFAULT_FILTERS)).toBe(false);
    expect(
      customerMatches({ ...customer, archivedAt: '2026-01-01' }, filters({ archived: true })),
    ).toBe(true);
  });
});
