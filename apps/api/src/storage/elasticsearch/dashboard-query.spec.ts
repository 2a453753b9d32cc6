import { describe, expect, it } from 'vitest';

import type { DashboardQuery } from '../../dashboard/dashboard.repository.js';
import { dashboardCustomersRequest, dashboardLedgerRequest } from './dashboard-query.js';

const query: DashboardQuery = {
  currency: 'EUR',
  assigneeId: 'u-1',
  aging: {
    current: '2026-11-25',
    days30: '2026-10-26',
    days60: '2026-09-26',
    days90: '2026-08-27',
  },
  days: [
    { date: '2026-11-24', start: '2026-11-23T23:00:00.000Z', end: '2026-11-24T23:00:00.000Z' },
    { date: '2026-11-25', start: '2026-11-24T23:00:00.000Z', end: '2026-11-25T23:00:00.000Z' },
  ],
  salesWindow: { start: '2026-11-23T23:00:00.000Z', end: '2026-11-25T23:00:00.000Z' },
  timeZone: 'Europe/Paris',
};

describe('dashboard aggregations for Elasticsearch', () => {
  it('buckets owing customers of one currency by due date, boundaries exclusive at the top', () => {
    const request = dashboardCustomersRequest('cd-customers', query);

    expect(request.query).toEqual({
      bool: {
        filter: [{ term: { currency: 'EUR' } }, { term: { assigneeId: 'u-1' } }],
        must_not: [{ exists: { field: 'archivedAt' } }],
      },
    });
    expect(request.aggs?.['aging']).toEqual({
      filter: { range: { outstandingAmount: { gt: 0 } } },
      aggs: {
        buckets: {
          date_range: {
            field: 'dueDate',
            format: 'yyyy-MM-dd',
            keyed: true,
            ranges: [
              { key: 'current', from: '2026-11-25' },
              { key: '1-30', from: '2026-10-26', to: '2026-11-25' },
              { key: '31-60', from: '2026-09-26', to: '2026-10-26' },
              { key: '61-90', from: '2026-08-27', to: '2026-09-26' },
              { key: '90+', to: '2026-08-27' },
            ],
          },
          aggs: { amount: { sum: { field: 'outstandingAmount' } } },
        },
      },
    });
    expect(request.size).toBe(0);
  });

  it('sums payments and reversals per calendar day in the zone, and charges in the window', () => {
    const request = dashboardLedgerRequest('cd-ledger', query, {
      only: ['c-1', 'c-2'],
      excluded: ['c-9'],
    });

    expect(request.query).toEqual({
      bool: {
        filter: [{ term: { currency: 'EUR' } }, { terms: { customerId: ['c-1', 'c-2'] } }],
        must_not: [{ terms: { customerId: ['c-9'] } }],
      },
    });
    expect(request.aggs?.['received']).toMatchObject({
      filter: {
        bool: {
          filter: [
            { terms: { kind: ['payment', 'reversal'] } },
            {
              range: {
                createdAt: { gte: '2026-11-23T23:00:00.000Z', lt: '2026-11-25T23:00:00.000Z' },
              },
            },
          ],
        },
      },
      aggs: {
        days: {
          date_histogram: {
            field: 'createdAt',
            calendar_interval: 'day',
            time_zone: 'Europe/Paris',
          },
        },
      },
    });
    expect(request.aggs?.['charged']).toMatchObject({
      filter: { bool: { filter: [{ term: { kind: 'charge' } }, expect.anything()] } },
    });
  });
});
