import type { Params } from '@angular/router';

import {
  type Customer,
  DEFAULT_PAGE_SIZE,
  matchesSearch,
  PAYMENT_STATUSES,
  type PaymentStatus,
  searchTerms,
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
  /** The `sort` parameter; empty for the server's order: best matches of a search, else due date. */
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
  sort: '',
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
    sort: text('sort'),
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
    sort: filters.sort || null,
    page: filters.page === 1 ? null : filters.page,
    pageSize: filters.pageSize === DEFAULT_PAGE_SIZE ? null : filters.pageSize,
  };
}

/**
 * Money typed in major units, the way the browser's locale writes it ("1,250.50" in English,
 * "1.250,50" in German), to minor units (125050); null when it is not an amount.
 */
export function toMinorUnits(typed: string, fractionDigits = 2, locale?: string): number | null {
  const decimal =
    new Intl.NumberFormat(locale).formatToParts(1.1).find((part) => part.type === 'decimal')
      ?.value ?? '.';
  const grouping = decimal === ',' ? '.' : ',';
  const cleaned = typed
    .replace(/[\s\u00a0\u202f']/g, '')
    .split(grouping)
    .join('')
    .replace(decimal, '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 10 ** fractionDigits);
}

/** A calendar date (`YYYY-MM-DD`) from a date picker's local Date. */
export function toCalendarDate(date: Date | null): string {
  if (!date) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local Date a date picker shows for a calendar date, or null. */
export function fromCalendarDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** The API's query parameters for the filters. */
export function toQueryParams(filters: CustomerFilters): Record<string, string> {
  const params: Record<string, string> = {
    page: String(filters.page),
    pageSize: String(filters.pageSize),
  };
  if (filters.sort) params['sort'] = filters.sort;
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

/** Whether the server orders the list by relevance: a search with words and no sort chosen. */
export function ranksByRelevance(filters: CustomerFilters): boolean {
  return !filters.sort && searchTerms(filters.q).length > 0;
}

/**
 * Whether a customer belongs in a list with these filters, judged here as the server would: a
 * live update that takes a row out of the filter takes it off the screen.
 */
export function customerMatches(customer: Customer, filters: CustomerFilters): boolean {
  const min = toMinorUnits(filters.minOutstanding);
  const max = toMinorUnits(filters.maxOutstanding);
  return (
    (filters.archived || customer.archivedAt === null) &&
    (filters.statuses.length === 0 || filters.statuses.includes(customer.paymentStatus)) &&
    (!filters.dueFrom || customer.dueDate >= filters.dueFrom) &&
    (!filters.dueTo || customer.dueDate <= filters.dueTo) &&
    (min === null || customer.outstandingAmount >= min) &&
    (max === null || customer.outstandingAmount <= max) &&
    (!filters.assignee || customer.assigneeId === filters.assignee) &&
    matchesSearch(customer, filters.q)
  );
}
