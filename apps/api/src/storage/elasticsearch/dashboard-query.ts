import type { estypes } from '@elastic/elasticsearch';

import type { DashboardQuery } from '../../dashboard/dashboard.repository.js';

/** Customers in view: one currency, not archived, optionally one assignee. */
export function dashboardCustomerFilter(query: DashboardQuery): estypes.QueryDslQueryContainer {
  return {
    bool: {
      filter: [
        { term: { currency: query.currency } },
        ...(query.assigneeId ? [{ term: { assigneeId: query.assigneeId } }] : []),
      ],
      must_not: [{ exists: { field: 'archivedAt' } }],
    },
  };
}

/**
 * One search over customers: sums by status, by aging bucket (due-date ranges; `to` is
 * exclusive), and the currencies in use. Sums of `long` fields come back as doubles, exact for
 * integers below 2^53 minor units.
 */
export function dashboardCustomersRequest(
  index: string,
  query: DashboardQuery,
): estypes.SearchRequest {
  const amount = { sum: { field: 'outstandingAmount' } };
  return {
    index,
    size: 0,
    query: dashboardCustomerFilter(query),
    aggs: {
      statuses: { terms: { field: 'paymentStatus', size: 10 }, aggs: { amount } },
      aging: {
        filter: { range: { outstandingAmount: { gt: 0 } } },
        aggs: {
          buckets: {
            date_range: {
              field: 'dueDate',
              format: 'yyyy-MM-dd',
              keyed: true,
              ranges: [
                { key: 'current', from: query.aging.current },
                { key: '1-30', from: query.aging.days30, to: query.aging.current },
                { key: '31-60', from: query.aging.days60, to: query.aging.days30 },
                { key: '61-90', from: query.aging.days90, to: query.aging.days60 },
                { key: '90+', to: query.aging.days90 },
              ],
            },
            aggs: { amount },
          },
        },
      },
    },
  };
}

export function currenciesRequest(index: string): estypes.SearchRequest {
  return {
    index,
    size: 0,
    query: { bool: { must_not: [{ exists: { field: 'archivedAt' } }] } },
    aggs: { currencies: { terms: { field: 'currency', size: 200, order: { _key: 'asc' } } } },
  };
}

export function topOverdueRequest(index: string, query: DashboardQuery): estypes.SearchRequest {
  const filter = dashboardCustomerFilter(query);
  return {
    index,
    size: 10,
    query: {
      bool: {
        filter: [filter, { term: { paymentStatus: 'overdue' } }],
      },
    },
    sort: [{ outstandingAmount: { order: 'desc' } }, { id: { order: 'asc' } }],
    _source: ['id', 'name', 'outstandingAmount', 'dueDate'],
  };
}

/**
 * Money movements of the ledger: net payments and reversals per calendar day in TZ (a
 * date_histogram with the zone), and the charges of the sales window. Ledger entries carry no
 * assignee or archive flag: the customers in view are passed as ids (`only`) or left out by id.
 */
export function dashboardLedgerRequest(
  index: string,
  query: DashboardQuery,
  customers: { only?: string[]; excluded: string[] },
): estypes.SearchRequest {
  const first = query.days[0];
  const last = query.days.at(-1)!;
  return {
    index,
    size: 0,
    query: {
      bool: {
        filter: [
          { term: { currency: query.currency } },
          ...(customers.only ? [{ terms: { customerId: customers.only } }] : []),
        ],
        must_not: customers.excluded.length ? [{ terms: { customerId: customers.excluded } }] : [],
      },
    },
    aggs: {
      received: {
        filter: {
          bool: {
            filter: [
              { terms: { kind: ['payment', 'reversal'] } },
              { range: { createdAt: { gte: first.start, lt: last.end } } },
            ],
          },
        },
        aggs: {
          days: {
            date_histogram: {
              field: 'createdAt',
              calendar_interval: 'day',
              time_zone: query.timeZone,
              format: 'yyyy-MM-dd',
              min_doc_count: 0,
            },
            aggs: { amount: { sum: { field: 'amount' } } },
          },
        },
      },
      charged: {
        filter: {
          bool: {
            filter: [
              { term: { kind: 'charge' } },
              { range: { createdAt: { gte: query.salesWindow.start, lt: query.salesWindow.end } } },
            ],
          },
        },
        aggs: { amount: { sum: { field: 'amount' } } },
      },
    },
  };
}
