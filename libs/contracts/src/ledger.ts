/**
 * Why a customer's balance moved. Amounts are signed minor units: `charge` (the opening amount
 * of a new customer, positive), `payment` (a completed payment, negative), `reversal` (a
 * completed payment set back to pending, positive) and `adjustment` (a hand-made change with a
 * reason, either sign).
 */
export const LEDGER_ENTRY_KINDS = ['charge', 'payment', 'reversal', 'adjustment'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/**
 * One immutable movement of a customer's balance. A customer's `outstandingAmount` always
 * equals the sum of its entries' `amount`s; `runningBalance` is that sum up to this entry.
 */
export interface LedgerEntry {
  id: string;
  customerId: string;
  kind: LedgerEntryKind;
  amount: number;
  currency: string;
  runningBalance: number;
  /** The payment a `payment` or `reversal` entry belongs to. */
  paymentId: string | null;
  /** Why an adjustment (or an imported change) was made. */
  reason: string | null;
  /** Who made it; null when the system did (the payment gateway settling a payment). */
  actorId: string | null;
  createdAt: string;
}
