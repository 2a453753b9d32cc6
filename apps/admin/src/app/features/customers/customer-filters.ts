import type { Params } from '@angular/router';

import {
  DEFAULT_PAGE_SIZE,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@collection-desk/contracts';

/** Everything that decides which customers the list shows; mirrored in the URL. */
export interface CustomerFilters {
  q: string;
  statuses: PaymentStatus[];
  dueFrom: string;
  dueTo: string;
  /** Major units as typed (e.g. "1250.50"); sent in minor units. */
  minOutstanding: string;
  maxOutstanding: string;
  assignee: string;
  archived: boolean;
  sort: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_FILTERS: CustomerFilters = {
  q: '',
  statuses: [],
  dueFrom: '',
  dueTo: '',
  minOutstanding: '',
  maxOutstanding: '',
  assignee: '',
  archived: false,
  sort: 'dueDate',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

const positiveInt = (value: unknown, fallback: number) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
};

/** Reads filters from the URL, ignoring anything malformed. */
export function fromUrl(params: Params): CustomerFilters {
  const text = (name: string) => (typeof params[name] === 'string' ? params[name] : '');
  return {
    q: text('q'),
    statuses: text('status')
      .split(',')
      .filter((status): status is PaymentStatus =>
        (PAYMENT_STATUSES as readonly string[]).includes(status),
      ),
    dueFrom: text('dueFrom'),
    dueTo: text('dueTo'),
    minOutstanding: text('min'),
    maxOutstanding: text('max'),
    assignee: text('assignee'),
    archived: text('archived') === 'true',
    sort: text('sort') || DEFAULT_FILTERS.sort,
    page: positiveInt(params['page'], 1),
    pageSize: Math.min(positiveInt(params['pageSize'], DEFAULT_PAGE_SIZE), 100),
  };
}

/** The URL query for the filters: only what differs from the defaults, so links stay short. */
export function toUrl(filters: CustomerFilters): Params {
  return {
    q: filters.q || null,
    status: filters.statuses.length ? filters.statuses.join(',') : null,
    dueFrom: filters.dueFrom || null,
    dueTo: filters.dueTo || null,
    min: filters.minOutstanding || null,
    max: filters.maxOutstanding || null,
    assignee: filters.assignee || null,
    archived: filters.archived ? 'true' : null,
    sort: filters.sort === DEFAULT_FILTERS.sort ? null : filters.sort,
    page: filters.page === 1 ? null : filters.page,
    pageSize: filters.pageSize === DEFAULT_PAGE_SIZE ? null : filters.pageSize,
  };
}

/** Money typed in major units ("1,250.50") to minor units (125050); null when not a number. */
export function toMinorUnits(typed: string, fractionDigits = 2): number | null {
  const cleaned = typed.replace(/[\s,]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 10 ** fractionDigits);
}

/** The API's query parameters for the filters. */
export function toQueryParams(filters: CustomerFilters): Record<string, string> {
  const params: Record<string, string> = {
    sort: filters.sort,
    page: String(filters.page),
    pageSize: String(filters.pageSize),
  };
  if (filters.q.trim()) params['q'] = filters.q.trim();
  if (filters.statuses.length) params['status'] = filters.statuses.join(',');
  if (filters.dueFrom) params['dueFrom'] = filters.dueFrom;
  if (filters.dueTo) params['dueTo'] = filters.dueTo;
  const min = toMinorUnits(filters.minOutstanding);
  const max = toMinorUnits(filters.maxOutstanding);
  if (min !== null) params['minOutstanding'] = String(min);
  if (max !== null) params['maxOutstanding'] = String(max);
  if (filters.assignee) params['assignee'] = filters.assignee;
  if (filters.archived) params['archived'] = 'true';
  return params;
}
