import type { Customer } from '@collection-desk/contracts';

import {
  nameSortKey,
  normalizeEmail,
  phoneDigitSuffixes,
  searchTerms,
} from '../../customers/customer-search.js';

/** A customer as stored in Elasticsearch: the customer plus the fields that search and sort use. */
export interface CustomerDocument extends Customer {
  nameSort: string;
  emailNormalized: string;
  searchWords: string[];
  phoneSuffixes: string[];
}

export function toCustomerDocument(customer: Customer): CustomerDocument {
  return {
    ...customer,
    nameSort: nameSortKey(customer.name),
    emailNormalized: normalizeEmail(customer.email),
    // The same splitting as a query's words, so every word typed can meet a stored one.
    searchWords: [...new Set(searchTerms(`${customer.name} ${customer.email}`))],
    phoneSuffixes: phoneDigitSuffixes(customer.phone),
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
