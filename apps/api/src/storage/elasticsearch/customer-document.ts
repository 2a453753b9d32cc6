import type { Customer } from '@collection-desk/contracts';

import { foldForSearch, nameSortKey, normalizeEmail } from '../../customers/customer-search.js';

/** A customer as stored in Elasticsearch: the customer plus the fields that search and sort use. */
export interface CustomerDocument extends Customer {
  nameSort: string;
  emailNormalized: string;
  searchWords: string[];
  phoneSuffixes: string[];
}

export function toCustomerDocument(customer: Customer): CustomerDocument {
  const words = foldForSearch(`${customer.name} ${customer.email}`)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  const digits = (customer.phone ?? '').replace(/\D/g, '');
  return {
    ...customer,
    nameSort: nameSortKey(customer.name),
    emailNormalized: normalizeEmail(customer.email),
    searchWords: [...new Set(words)],
    phoneSuffixes: Array.from({ length: digits.length }, (_, start) => digits.slice(start)),
  };
}

export function fromCustomerDocument(document: CustomerDocument): Customer {
  return {
    id: document.id,
    name: document.name,
    email: document.email,
    phone: document.phone ?? null,
    address: document.address ?? null,
    outstandingAmount: document.outstandingAmount,
    currency: document.currency,
    dueDate: document.dueDate,
    paymentStatus: document.paymentStatus,
    assigneeId: document.assigneeId ?? null,
    notes: document.notes ?? null,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    version: document.version,
    archivedAt: document.archivedAt ?? null,
  };
}
