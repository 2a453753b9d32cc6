/** Where a customer's balance stands. `overdue` means money is still owed after the due date. */
export const PAYMENT_STATUSES = ['pending', 'completed', 'overdue'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A customer as the API returns it. Money is an integer number of minor units
 * (cents for EUR/USD) in `currency`; `dueDate` is a calendar date (`YYYY-MM-DD`).
 */
export interface Customer {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  outstandingAmount: number;
  /**
   * Minor units of payments recorded but still pending: at most what is outstanding. A new
   * payment may cover only `outstandingAmount - pendingPaymentsAmount`.
   */
  pendingPaymentsAmount: number;
  currency: string;
  dueDate: string;
  paymentStatus: PaymentStatus;
  assigneeId: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  archivedAt: string | null;
}

/** Fields a list can be sorted by; a leading `-` in the `sort` parameter means descending. */
export const CUSTOMER_SORT_FIELDS = [
  'name',
  'email',
  'outstandingAmount',
  'dueDate',
  'paymentStatus',
  'createdAt',
  'updatedAt',
] as const;
export type CustomerSortField = (typeof CUSTOMER_SORT_FIELDS)[number];

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Totals of customer lists are exact up to this many matches; beyond, a list answers
 * `total: 10000, totalRelation: "gte"` ("10,000 or more"), as Elasticsearch does, so that no
 * list counts a million rows. Pages reach as far as the first 10,000 matches: narrow the
 * filters, change the sort, or export for more.
 */
export const LIST_TOTAL_EXACT_UP_TO = 10_000;
export const LIST_WINDOW = 10_000;

/** `eq`: `total` is exact. `gte`: at least `total` customers match. */
export const TOTAL_RELATIONS = ['eq', 'gte'] as const;
export type TotalRelation = (typeof TOTAL_RELATIONS)[number];

export interface CustomerPage extends Page<Customer> {
  totalRelation: TotalRelation;
}

export const CUSTOMER_NAME_MAX_LENGTH = 200;
export const CUSTOMER_NOTES_MAX_LENGTH = 2000;
export const CUSTOMER_ADDRESS_MAX_LENGTH = 500;

export interface CreateCustomerRequest {
  name: string;
  email: string;
  phone?: string | null;
  address?: string | null;
  /** Integer minor units (cents), ≥ 0. */
  outstandingAmount: number;
  /** ISO 4217; the server's DEFAULT_CURRENCY when absent. */
  currency?: string;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  assigneeId?: string | null;
  notes?: string | null;
}

/**
 * A partial change, sent with `If-Match: <ETag>`. Send only what changes: a field left out keeps
 * its value, `null` clears a nullable one. Changing `outstandingAmount` by hand needs a `reason`,
 * kept with the `adjustment` entry of the ledger.
 */
export interface UpdateCustomerRequest {
  name?: string;
  email?: string;
  phone?: string | null;
  address?: string | null;
  outstandingAmount?: number;
  currency?: string;
  dueDate?: string;
  assigneeId?: string | null;
  notes?: string | null;
  reason?: string;
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Query parameters of `GET /customers` (and of the export), as strings on the wire. */
export interface CustomerListQuery {
  q?: string;
  /** Comma-separated statuses, e.g. `pending,overdue`. */
  status?: string;
  dueFrom?: string;
  dueTo?: string;
  minOutstanding?: number;
  maxOutstanding?: number;
  assignee?: string;
  currency?: string;
  /** `true` includes archived customers, `only` shows nothing else. */
  archived?: 'true' | 'false' | 'only';
  /** Comma-separated fields, `-` for descending: `-outstandingAmount,dueDate`. */
  sort?: string;
  page?: number;
  pageSize?: number;
}

/** What the socket pushes when a customer changes anywhere. */
export interface CustomerChangedEvent {
  customer: Customer;
  actorId: string | null;
}
