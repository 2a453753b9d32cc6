import type { Params } from '@angular/router';

import {
  PAYMENT_METHODS,
  PAYMENT_STATES,
  type PaymentMethod,
  type PaymentState,
} from '@collection-desk/contracts';

/** What the payments page shows; kept in the URL. */
export interface PaymentFilters {
  statuses: PaymentState[];
  methods: PaymentMethod[];
  customerId: string;
  from: string;
  to: string;
  sort: string;
  page: number;
  pageSize: number;
}

const DEFAULT_SORT = '-createdAt';
const DEFAULT_PAGE_SIZE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const listOf = <T extends string>(value: unknown, allowed: readonly T[]): T[] =>
  typeof value === 'string'
    ? value.split(',').filter((part): part is T => (allowed as readonly string[]).includes(part))
    : [];

const positive = (value: unknown, fallback: number) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
};

export function paymentFiltersFromUrl(params: Params): PaymentFilters {
  return {
    statuses: listOf(params['status'], PAYMENT_STATES),
    methods: listOf(params['method'], PAYMENT_METHODS),
    customerId: typeof params['customerId'] === 'string' ? params['customerId'] : '',
    from: DATE.test(String(params['from'])) ? String(params['from']) : '',
    to: DATE.test(String(params['to'])) ? String(params['to']) : '',
    sort: typeof params['sort'] === 'string' && params['sort'] ? params['sort'] : DEFAULT_SORT,
    page: positive(params['page'], 1),
    pageSize: Math.min(100, positive(params['pageSize'], DEFAULT_PAGE_SIZE)),
  };
}

/** The URL's query for some filters: defaults are left out, so links stay short. */
export function paymentFiltersToUrl(filters: PaymentFilters): Params {
  const params: Params = {};
  if (filters.statuses.length) params['status'] = filters.statuses.join(',');
  if (filters.methods.length) params['method'] = filters.methods.join(',');
  if (filters.customerId) params['customerId'] = filters.customerId;
  if (filters.from) params['from'] = filters.from;
  if (filters.to) params['to'] = filters.to;
  if (filters.sort !== DEFAULT_SORT) params['sort'] = filters.sort;
  if (filters.page !== 1) params['page'] = String(filters.page);
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params['pageSize'] = String(filters.pageSize);
  return params;
}

/** The API's query for some filters. */
export function paymentQuery(filters: PaymentFilters): Record<string, string> {
  return {
    ...(paymentFiltersToUrl(filters) as Record<string, string>),
    sort: filters.sort,
    page: String(filters.page),
    pageSize: String(filters.pageSize),
  };
}

/** Whether a payment belongs in a list with these filters (for live additions). */
export function paymentMatches(
  payment: { status: PaymentState; method: PaymentMethod; customerId: string },
  filters: PaymentFilters,
): boolean {
  return (
    (!filters.statuses.length || filters.statuses.includes(payment.status)) &&
    (!filters.methods.length || filters.methods.includes(payment.method)) &&
    (!filters.customerId || filters.customerId === payment.customerId)
  );
}
