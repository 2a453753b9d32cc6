import type { CardDetails, Payment, PaymentMethod } from '@collection-desk/contracts';

/** How a gateway ended a payment it was given. */
export type GatewayOutcome =
  | { paymentId: string; status: 'completed' }
  | { paymentId: string; status: 'failed'; reason: string };

/**
 * The payment gateway port. A gateway answers later, as real ones do by webhook: its adapter
 * publishes `payment.gateway-settled` with the outcome, and PaymentsService applies it. Submitting
 * the same payment twice settles it once.
 */
export abstract class PaymentGateway {
  /** The methods the gateway settles by itself; others wait for someone to mark them. */
  abstract readonly settles: readonly PaymentMethod[];

  /** `card` is only there on the first submission: the gateway keeps what it needs itself. */
  abstract submit(payment: Payment, card?: CardDetails): Promise<void>;
}
