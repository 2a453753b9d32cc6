import type { Customer, LedgerEntry, Payment } from '@collection-desk/contracts';

import {
  nameKeyPrefixes,
  nameSortKey,
  normalizeEmail,
  phoneDigitRuns,
  wordPrefixes,
} from '../../customers/customer-search.js';

/** A ledger entry as stored: with its position in the customer's ledger. */
export interface LedgerDocument extends LedgerEntry {
  sequence: number;
}

/** A customer as stored in Elasticsearch: the customer plus the fields that search and sort use. */
export interface CustomerDocument extends Customer {
  nameSort: string;
  emailNormalized: string;
  wordPrefixes: string[];
  namePrefixes: string[];
  phoneDigitRuns: string[];
  /** Entries committed with this version of the document, not yet copied to the ledger index. */
  outbox: LedgerDocument[];
  ledgerCount: number;
  /** Payments changed with this version, not yet copied to the payments index. */
  paymentOutbox: Payment[];
}

export function toCustomerDocument(
  customer: Customer,
  ledger: Pick<CustomerDocument, 'outbox' | 'ledgerCount'> &
    Partial<Pick<CustomerDocument, 'paymentOutbox'>> = { outbox: [], ledgerCount: 0 },
): CustomerDocument {
  return {
    ...customer,
    nameSort: nameSortKey(customer.name),
    emailNormalized: normalizeEmail(customer.email),
    // The same splitting as a query's words, so every word typed can meet a stored one.
    wordPrefixes: wordPrefixes(`${customer.name} ${customer.email}`),
    namePrefixes: nameKeyPrefixes(customer.name),
    phoneDigitRuns: phoneDigitRuns(customer.phone),
    outbox: ledger.outbox,
    ledgerCount: ledger.ledgerCount,
    paymentOutbox: ledger.paymentOutbox ?? [],
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
    // Customers of the first release have no payments.
    pendingPaymentsAmount: document.pendingPaymentsAmount ?? 0,
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

export function fromLedgerDocument({ sequence: _sequence, ...entry }: LedgerDocument): LedgerEntry {
  return {
    ...entry,
    paymentId: entry.paymentId ?? null,
    reason: entry.reason ?? null,
    actorId: entry.actorId ?? null,
  };
}
