import type { PaymentStatus } from '@collection-desk/contracts';

/**
 * A balance's status follows from its amount and due date: nothing owed is `completed`, money
 * owed after the due date is `overdue`, anything else is `pending`.
 */
export function derivePaymentStatus(
  outstandingAmount: number,
  dueDate: string,
  today: string,
): PaymentStatus {
  if (outstandingAmount === 0) return 'completed';
  return dueDate < today ? 'overdue' : 'pending';
}
