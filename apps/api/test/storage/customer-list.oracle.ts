import {
  type Customer,
  type CustomerPage,
  LIST_TOTAL_EXACT_UP_TO,
} from '@collection-desk/contracts';

import type {
  CustomerFilter,
  CustomerListCriteria,
  CustomerSort,
} from '../../src/customers/customer.repository.js';

/**
 * An independent, deliberately naive computation of what a list must return, so the adapters
 * are checked against the meaning of the criteria rather than against each other.
 */
export function expectedPage(all: Customer[], criteria: CustomerListCriteria): CustomerPage {
  const sorted = expectedOrder(all, criteria);
  const start = (criteria.page - 1) * criteria.pageSize;
  return {
    items: sorted.slice(start, start + criteria.pageSize),
    total: Math.min(sorted.length, LIST_TOTAL_EXACT_UP_TO),
    totalRelation: sorted.length > LIST_TOTAL_EXACT_UP_TO ? 'gte' : 'eq',
    page: criteria.page,
    pageSize: criteria.pageSize,
  };
}

/** Every customer matching the filters, in the order of the sort. */
export function expectedOrder(
  all: Customer[],
  criteria: Omit<CustomerListCriteria, 'page' | 'pageSize'>,
): Customer[] {
  return all
    .filter((customer) => matches(customer, criteria))
    .sort((left, right) => compare(left, right, criteria));
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const words = (text: string) =>
  fold(text)
    .split(/[^a-z0-9\u00c0-\u024f\u00df\u00f8\u0131]+/)
    .filter(Boolean);

function matchesQuery(customer: Customer, q: string): boolean {
  const terms = words(q);
  const customerWords = [...words(customer.name), ...words(customer.email)];
  const phoneDigits = (customer.phone ?? '').replace(/\D/g, '');
  return terms.every(
    (term) =>
      customerWords.some((word) => word.startsWith(term)) ||
      (/^\d+$/.test(term) && phoneDigits.includes(term)),
  );
}

function matches(customer: Customer, criteria: CustomerFilter): boolean {
  const archived = criteria.archived ?? 'exclude';
  if (archived === 'exclude' && customer.archivedAt !== null) return false;
  if (archived === 'only' && customer.archivedAt === null) return false;
  if (criteria.statuses?.length && !criteria.statuses.includes(customer.paymentStatus))
    return false;
  if (criteria.dueFrom !== undefined && customer.dueDate < criteria.dueFrom) return false;
  if (criteria.dueTo !== undefined && customer.dueDate > criteria.dueTo) return false;
  if (criteria.minOutstanding !== undefined && customer.outstandingAmount < criteria.minOutstanding)
    return false;
  if (criteria.maxOutstanding !== undefined && customer.outstandingAmount > criteria.maxOutstanding)
    return false;
  if (criteria.assigneeId !== undefined && customer.assigneeId !== criteria.assigneeId)
    return false;
  if (criteria.currency !== undefined && customer.currency !== criteria.currency) return false;
  if (
    criteria.q !== undefined &&
    words(criteria.q).length > 0 &&
    !matchesQuery(customer, criteria.q)
  )
    return false;
  return true;
}

function sortValue(customer: Customer, field: CustomerSort['field']) {
  switch (field) {
    case 'name':
      return fold(customer.name).trim();
    case 'email':
      return customer.email.toLowerCase();
    default:
      return customer[field];
  }
}

/** A relevance order's groups: the email is q (0), the name starts with q (1), the rest (2). */
function relevanceGroup(customer: Customer, q: string): number {
  if (customer.email.toLowerCase() === q.trim().toLowerCase()) return 0;
  return fold(customer.name).trim().startsWith(fold(q).trim()) ? 1 : 2;
}

function compare(
  left: Customer,
  right: Customer,
  criteria: Pick<CustomerListCriteria, 'sort' | 'q'>,
): number {
  if (criteria.sort === 'relevance') {
    const q = criteria.q ?? '';
    const byGroup = words(q).length === 0 ? 0 : relevanceGroup(left, q) - relevanceGroup(right, q);
    return byGroup || compare(left, right, { sort: [{ field: 'name', direction: 'asc' }] });
  }
  for (const { field, direction } of criteria.sort) {
    const a = sortValue(left, field);
    const b = sortValue(right, field);
    if (a !== b) return (a < b ? -1 : 1) * (direction === 'asc' ? 1 : -1);
  }
  // Ties break on id, in the last key's direction (see the repository port).
  const byId = left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
  return byId * (criteria.sort.at(-1)?.direction === 'desc' ? -1 : 1);
}
