import type { Customer } from './customer.js';

export const PAYMENT_METHODS = ['card', 'bank_transfer', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * Where a payment stands: `pending` until the gateway settles it (or, for a bank transfer, until
 * someone marks the money as arrived), then `completed` or `failed`. A completed payment can be
 * set back to `pending` (a reversal).
 */
export const PAYMENT_STATES = ['pending', 'completed', 'failed'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** What is kept of a card: never the number, never the code. */
export interface StoredCard {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface Payment {
  id: string;
  customerId: string;
  /** The customer's name when the payment was recorded, as on a receipt. */
  customerName: string;
  /** Positive integer minor units. */
  amount: number;
  currency: string;
  method: PaymentMethod;
  reference: string | null;
  card: StoredCard | null;
  status: PaymentState;
  /** Why the gateway refused it, for a failed payment. */
  failureReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** When it last became completed or failed. */
  settledAt: string | null;
  version: number;
}

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** `POST /payments`, sent with an `Idempotency-Key` header. */
export interface CreatePaymentRequest {
  customerId: string;
  amount: number;
  currency: string;
  method: PaymentMethod;
  reference?: string | null;
  /** Required for `card`, refused otherwise. */
  card?: CardDetails;
}

/** `PATCH /payments/:id`: mark a pending payment completed, or set a completed one back. */
export interface UpdatePaymentRequest {
  status: 'completed' | 'pending';
}

export const PAYMENT_SORT_FIELDS = ['createdAt', 'amount', 'status', 'settledAt'] as const;
export type PaymentSortField = (typeof PAYMENT_SORT_FIELDS)[number];

/**
 * Pushed as `payment.created` and `payment.updated`, with the customer as the payment left it.
 * A payment's change to its customer comes only this way (no separate `customer.updated`): a
 * client showing customers listens to both (see `customerChanges` in the admin app).
 */
export interface PaymentChangedEvent {
  payment: Payment;
  customer: Customer;
  actorId: string | null;
}

/**
 * Test cards of the mock gateway, like real gateways' test cards: any other valid number is
 * accepted.
 */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
} as const;

/** The header that makes `POST /payments` safe to retry. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
