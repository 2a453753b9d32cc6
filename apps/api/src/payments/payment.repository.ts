import type {
  Customer,
  LedgerEntry,
  Page,
  Payment,
  PaymentMethod,
  PaymentSortField,
  PaymentState,
} from '@collection-desk/contracts';

/** A customer written in the same atomic step as a payment (its hold, or its ledger entry). */
export interface CustomerChange {
  next: Customer;
  expectedVersion: number;
  entry?: LedgerEntry;
}

/** What makes `POST /payments` safe to retry: the key, who sent it, and the first answer. */
export interface IdempotencyRecord {
  /** Keys are unique per sender: the id of the user who sent the request. */
  scope: string;
  key: string;
  /** A digest of the request body: the same key with another body is refused. */
  fingerprint: string;
  /** The first answer's body, replayed to every retry. */
  firstResponse: string;
}

export interface PaymentListCriteria {
  customerId?: string;
  statuses?: PaymentState[];
  methods?: PaymentMethod[];
  /** Created at or after this instant (ISO 8601). */
  createdFrom?: string;
  /** Created before this instant. */
  createdBefore?: string;
  sort: { field: PaymentSortField; direction: 'asc' | 'desc' }[];
  page: number;
  pageSize: number;
}

/**
 * Storage of payments. A payment and the customer change it causes are stored in one atomic
 * step: the hold of a new payment's amount, and on settlement the ledger entry and the new
 * balance. Errors: `PaymentIdempotencyKeyTakenError` (the sender's key exists),
 * `PaymentVersionConflictError`, and the customer's `CustomerVersionConflictError`.
 */
export abstract class PaymentRepository {
  abstract insert(
    payment: Payment,
    idempotency: IdempotencyRecord,
    customer: CustomerChange,
  ): Promise<void>;

  abstract findById(id: string): Promise<Payment | null>;

  abstract findByIdempotencyKey(
    scope: string,
    key: string,
  ): Promise<{ payment: Payment; idempotency: IdempotencyRecord } | null>;

  /** Stores `next` over `expectedVersion`, with the customer change, atomically. */
  abstract update(next: Payment, expectedVersion: number, customer: CustomerChange): Promise<void>;

  abstract list(criteria: PaymentListCriteria): Promise<Page<Payment>>;

  /** Pending payments of these methods, oldest first (settled again after a restart). */
  abstract pending(methods: readonly PaymentMethod[], limit: number): Promise<Payment[]>;
}
