import { describe, expect, it } from 'vitest';

import type { PaymentListCriteria } from '../../payments/payment.repository.js';
import { paymentListRequest } from './payment-query.js';

const base: PaymentListCriteria = {
  sort: [{ field: 'createdAt', direction: 'desc' }],
  page: 1,
  pageSize: 20,
};

describe('payment list queries for Elasticsearch', () => {
  it('matches everything without filters, newest first, ties by id', () => {
    expect(paymentListRequest('cd-payments', base)).toEqual({
      index: 'cd-payments',
      query: { match_all: {} },
      sort: [{ createdAt: { order: 'desc', missing: '_last' } }, { id: { order: 'desc' } }],
      from: 0,
      size: 20,
      track_total_hits: true,
    });
  });

  it('turns every filter into an exact term or a half-open range of instants', () => {
    const request = paymentListRequest('cd-payments', {
      ...base,
      customerId: 'c-1',
      statuses: ['pending', 'failed'],
      methods: ['card'],
      createdFrom: '2026-11-01T00:00:00.000Z',
      createdBefore: '2026-12-01T00:00:00.000Z',
      page: 3,
      pageSize: 10,
    });

    expect(request.query).toEqual({
      bool: {
        filter: [
          { term: { customerId: 'c-1' } },
          { terms: { status: ['pending', 'failed'] } },
          { terms: { method: ['card'] } },
          {
            range: {
              createdAt: { gte: '2026-11-01T00:00:00.000Z', lt: '2026-12-01T00:00:00.000Z' },
            },
          },
        ],
      },
    });
    expect(request).toMatchObject({ from: 20, size: 10 });
  });

  it('sorts settled payments before unsettled ones in either direction', () => {
    const request = paymentListRequest('cd-payments', {
      ...base,
      sort: [{ field: 'settledAt', direction: 'asc' }],
    });
    expect(request.sort).toEqual([
      { settledAt: { order: 'asc', missing: '_last' } },
      { id: { order: 'desc' } },
    ]);
  });
});
