import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

import { type CardDetails, type Payment, TEST_CARDS } from '@collection-desk/contracts';

import { DomainEvents } from '../../common/events/domain-events.js';
import { AppConfig } from '../../config/app-config.js';
import { type GatewayOutcome, PaymentGateway } from './payment-gateway.js';

/** Refusals of the documented test cards, by their last four digits (what is kept of a card). */
const REFUSALS: Record<string, string> = {
  [TEST_CARDS.declined.slice(-4)]: 'The card was declined.',
  [TEST_CARDS.insufficientFunds.slice(-4)]: 'The card has insufficient funds.',
};

/**
 * A stand-in for a real gateway: card and cash payments settle after MOCK_GATEWAY_DELAY_MS,
 * completed unless the card is one of the test cards that always fails (TEST_CARDS). Bank
 * transfers wait for someone to mark the money arrived, as they would at a real bank.
 */
@Injectable()
export class MockPaymentGateway extends PaymentGateway implements OnApplicationShutdown {
  readonly settles = ['card', 'cash'] as const;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly delayMs: number;

  constructor(
    private readonly events: DomainEvents,
    config: AppConfig,
  ) {
    super();
    this.delayMs = config.mockGatewayDelayMs;
  }

  submit(payment: Payment, _card?: CardDetails): Promise<void> {
    if (
      !(this.settles as readonly string[]).includes(payment.method) ||
      this.timers.has(payment.id)
    ) {
      return Promise.resolve();
    }
    const timer = setTimeout(() => {
      this.timers.delete(payment.id);
      this.events.publish('payment.gateway-settled', this.outcomeOf(payment));
    }, this.delayMs);
    this.timers.set(payment.id, timer);
    return Promise.resolve();
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private outcomeOf(payment: Payment): GatewayOutcome {
    const refusal = payment.card ? REFUSALS[payment.card.last4] : undefined;
    return refusal
      ? { paymentId: payment.id, status: 'failed', reason: refusal }
      : { paymentId: payment.id, status: 'completed' };
  }
}
