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
