import { createHmac, randomUUID } from 'node:crypto';

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import type {
  CreatePaymentRequest,
  Customer,
  FieldError,
  LedgerEntry,
  Page,
  Payment,
  PaymentSortField,
} from '@collection-desk/contracts';

import { ValidationFailedError } from '../common/errors/domain-error.js';
import { DomainEvents, OnDomainEvent } from '../common/events/domain-events.js';
import { Clock } from '../common/time/clock.js';
import { assertWithinWindow } from '../common/validation/page.query.js';
import { AppConfig } from '../config/app-config.js';
import { CustomerVersionConflictError } from '../customers/customer.errors.js';
import { CustomerRepository } from '../customers/customer.repository.js';
import { derivePaymentStatus } from '../customers/payment-status.js';
import { cardBrand, cardDigits } from './card-number.js';
import type { ListPaymentsQuery } from './dto/list-payments.query.js';
import { type GatewayOutcome, PaymentGateway } from './gateway/payment-gateway.js';
import {
  IdempotencyKeyMissingError,
  IdempotencyKeyReusedError,
  PaymentIdempotencyKeyTakenError,
  PaymentNotAcceptableError,
  PaymentNotFoundError,
  PaymentTransitionError,
  PaymentVersionConflictError,
} from './payment.errors.js';
import {
  type CustomerChange,
  type IdempotencyRecord,
  PaymentRepository,
} from './payment.repository.js';

/** How often a write is tried again when a concurrent change of the customer beat it. */
const ATTEMPTS = 20;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,255}$/;

/** What `POST /payments` answers: the payment, and whether this is a replay of the first answer. */
export interface RecordedPayment {
  body: string;
  replayed: boolean;
  payment: Payment;
}

/**
 * Every payment rule: what a customer can pay and in which currency, the hold that keeps two
 * pending payments from covering the same money, the ledger entry each settlement and reversal
 * writes, the customer's status that follows its balance, idempotent creation, and what the
 * gateway's answer does. Storage only stores; the gateway only answers.
 */
@Injectable()
export class PaymentsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentsService.name);
  private readonly fingerprintKey: Buffer;

  constructor(
    private readonly payments: PaymentRepository,
    private readonly customers: CustomerRepository,
    private readonly gateway: PaymentGateway,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    // Request digests include card numbers: keyed, so the digest cannot be reversed by guessing.
    this.fingerprintKey = createHmac('sha256', config.jwtSecret).update('idempotency').digest();
  }

  /** Payments left pending by a stop are handed to the gateway again: none is left hanging. */
  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.payments.pending(this.gateway.settles, 10_000);
    for (const payment of pending) await this.gateway.submit(payment);
    if (pending.length > 0) {
      this.logger.log({ payments: pending.length }, 'Pending payments handed to the gateway again');
    }
  }

  async create(
    input: CreatePaymentRequest,
    idempotencyKey: string | undefined,
    actorId: string,
  ): Promise<RecordedPayment> {
    if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw new IdempotencyKeyMissingError();
    const fingerprint = this.fingerprint(input);
    const earlier = await this.replay(actorId, idempotencyKey, fingerprint);
    if (earlier) return earlier;
    this.checkShape(input);

    for (let attempt = 1; ; attempt += 1) {
      const customer = await this.customerFor(input.customerId);
      this.checkAgainst(customer, input);
      const now = this.clock.now().toISOString();
      const payment: Payment = {
        id: randomUUID(),
        customerId: customer.id,
        customerName: customer.name,
        amount: input.amount,
        currency: customer.currency,
        method: input.method,
        reference: input.reference || null,
        card: input.card
          ? {
              brand: cardBrand(cardDigits(input.card.number)),
              last4: cardDigits(input.card.number).slice(-4),
              expMonth: input.card.expMonth,
              expYear: input.card.expYear,
            }
          : null,
        status: 'pending',
        failureReason: null,
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
        settledAt: null,
        version: 1,
      };
      const held = this.nextVersion(customer, {
        pendingPaymentsAmount: customer.pendingPaymentsAmount + payment.amount,
      });
      const body = JSON.stringify(payment);
      try {
        await this.payments.insert(
          payment,
          { scope: actorId, key: idempotencyKey, fingerprint, firstResponse: body },
          { next: held, expectedVersion: customer.version },
        );
      } catch (error) {
        if (error instanceof PaymentIdempotencyKeyTakenError) {
          const replayed = await this.replay(actorId, idempotencyKey, fingerprint);
          if (replayed) return replayed;
        }
        if (error instanceof CustomerVersionConflictError && attempt < ATTEMPTS) continue;
        throw error;
      }
      this.logger.log(
        {
          event: 'payment.created',
          paymentId: payment.id,
          customerId: customer.id,
          method: payment.method,
        },
        'Payment recorded',
      );
      this.publish('payment.created', payment, held, actorId);
      await this.gateway.submit(payment, input.card);
      return { body, replayed: false, payment };
    }
  }

  async get(id: string): Promise<Payment> {
    const payment = await this.payments.findById(id);
    if (!payment) throw new PaymentNotFoundError(id);
    return payment;
  }

  list(query: ListPaymentsQuery): Promise<Page<Payment>> {
    assertWithinWindow(query.page, query.pageSize);
    return this.payments.list({
      customerId: query.customerId,
      statuses: query.status,
      methods: query.method,
      createdFrom: query.from ? this.clock.startOfDay(query.from).toISOString() : undefined,
      createdBefore: query.to
        ? this.clock.startOfDay(Clock.addDays(query.to, 1)).toISOString()
        : undefined,
      sort: (query.sort?.length ? query.sort : ['-createdAt']).map((token) => ({
        field: token.replace(/^-/, '') as PaymentSortField,
        direction: token.startsWith('-') ? 'desc' : 'asc',
      })),
      page: query.page,
      pageSize: query.pageSize,
    });
  }

  /**
   * `completed`: a pending payment was received (a `payment` entry lowers the balance).
   * `pending`: a completed payment is set back (a `reversal` entry raises it again). Asking for
   * the state a payment is already in changes nothing.
   */
  changeStatus(id: string, status: 'completed' | 'pending', actorId: string): Promise<Payment> {
    return status === 'completed' ? this.complete(id, actorId) : this.reverse(id, actorId);
  }

  @OnDomainEvent('payment.gateway-settled')
  async applyGatewayOutcome(outcome: GatewayOutcome): Promise<void> {
    if (outcome.status === 'completed') await this.complete(outcome.paymentId, null);
    else await this.fail(outcome.paymentId, outcome.reason);
  }

  private complete(id: string, actorId: string | null): Promise<Payment> {
    return this.transition(id, actorId, (payment, customer, now) => {
      if (payment.status === 'completed') return null;
      if (payment.status === 'failed') {
        throw new PaymentTransitionError('A failed payment cannot be completed: record a new one.');
      }
      const customerNext = this.nextVersion(customer, {
        outstandingAmount: customer.outstandingAmount - payment.amount,
        pendingPaymentsAmount: customer.pendingPaymentsAmount - payment.amount,
      });
      return {
        payment: { ...payment, status: 'completed', failureReason: null, settledAt: now },
        customer: customerNext,
        entry: this.entry(customerNext, payment, 'payment', -payment.amount, actorId),
      };
    });
  }

  private reverse(id: string, actorId: string): Promise<Payment> {
    return this.transition(id, actorId, (payment, customer) => {
      if (payment.status === 'pending') return null;
      if (payment.status === 'failed') {
        throw new PaymentTransitionError(
          'A failed payment cannot be set back: it never moved money.',
        );
      }
      const customerNext = this.nextVersion(customer, {
        outstandingAmount: customer.outstandingAmount + payment.amount,
        pendingPaymentsAmount: customer.pendingPaymentsAmount + payment.amount,
      });
      return {
        payment: { ...payment, status: 'pending', settledAt: null },
        customer: customerNext,
        entry: this.entry(customerNext, payment, 'reversal', payment.amount, actorId),
      };
    });
  }

  private async fail(id: string, reason: string): Promise<void> {
    await this.transition(id, null, (payment, customer, now) => {
      if (payment.status !== 'pending') return null;
      return {
        payment: { ...payment, status: 'failed', failureReason: reason, settledAt: now },
        customer: this.nextVersion(customer, {
          pendingPaymentsAmount: customer.pendingPaymentsAmount - payment.amount,
        }),
      };
    });
  }

  /**
   * Reads the payment and its customer, asks `decide` for the next state of both, and stores them
   * in one atomic write, again on a fresh read when someone else changed either meanwhile.
   */
  private async transition(
    id: string,
    actorId: string | null,
    decide: (
      payment: Payment,
      customer: Customer,
      now: string,
    ) => { payment: Payment; customer: Customer; entry?: LedgerEntry } | null,
  ): Promise<Payment> {
    for (let attempt = 1; ; attempt += 1) {
      const payment = await this.get(id);
      const customer = await this.customerFor(payment.customerId);
      const now = this.clock.now().toISOString();
      const decided = decide(payment, customer, now);
      if (!decided) return payment;
      const next: Payment = { ...decided.payment, updatedAt: now, version: payment.version + 1 };
      const change: CustomerChange = {
        next: decided.customer,
        expectedVersion: customer.version,
        entry: decided.entry,
      };
      try {
        await this.payments.update(next, payment.version, change);
      } catch (error) {
        const raced =
          error instanceof CustomerVersionConflictError ||
          error instanceof PaymentVersionConflictError;
        if (raced && attempt < ATTEMPTS) continue;
        throw error;
      }
      this.logger.log(
        { event: 'payment.updated', paymentId: id, status: next.status, by: actorId ?? 'gateway' },
        'Payment updated',
      );
      this.publish('payment.updated', next, decided.customer, actorId);
      return next;
    }
  }

  /** The first answer for this sender's key, if the key was used; 422 if with another body. */
  private async replay(
    scope: string,
    key: string,
    fingerprint: string,
  ): Promise<RecordedPayment | null> {
    const earlier = await this.payments.findByIdempotencyKey(scope, key);
    if (!earlier) return null;
    if (earlier.idempotency.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return { body: earlier.idempotency.firstResponse, replayed: true, payment: earlier.payment };
  }

  /** Rules that need no customer: whole positive amounts, a card exactly when paying by card. */
  private checkShape(input: CreatePaymentRequest): void {
    const problems: FieldError[] = [];
    if (input.method === 'card' && !input.card) {
      problems.push({ field: 'card', message: 'is required for a card payment' });
    }
    if (input.method !== 'card' && input.card) {
      problems.push({ field: 'card', message: 'is only for card payments' });
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      throw new PaymentNotAcceptableError([
        { field: 'amount', message: 'must be a whole, positive number of minor units' },
      ]);
    }
    if (input.card) {
      const today = this.clock.today();
      const expiry = `${input.card.expYear}-${String(input.card.expMonth).padStart(2, '0')}`;
      if (expiry < today.slice(0, 7)) {
        throw new PaymentNotAcceptableError([
          { field: 'card.expYear', message: 'the card has expired' },
        ]);
      }
    }
  }

  /** Rules about this customer: open, in its currency, and no more than is left to pay. */
  private checkAgainst(customer: Customer, input: CreatePaymentRequest): void {
    const problems: FieldError[] = [];
    if (customer.archivedAt !== null) {
      problems.push({ field: 'customerId', message: 'is archived: restore the customer first' });
    }
    if (input.currency !== customer.currency) {
      problems.push({
        field: 'currency',
        message: `must be the customer's currency, ${customer.currency}`,
      });
    }
    const payable = customer.outstandingAmount - customer.pendingPaymentsAmount;
    if (input.amount > payable) {
      problems.push({
        field: 'amount',
        message:
          customer.pendingPaymentsAmount > 0
            ? `is more than is left to pay: ${payable} (${customer.pendingPaymentsAmount} is in pending payments)`
            : `is more than is owed: ${payable}`,
      });
    }
    if (problems.length > 0) throw new PaymentNotAcceptableError(problems);
  }

  private async customerFor(id: string): Promise<Customer> {
    const customer = await this.customers.findById(id);
    if (!customer) {
      throw new PaymentNotAcceptableError([{ field: 'customerId', message: 'is not a customer' }]);
    }
    return customer;
  }

  /** The customer one version on, its status following its balance and due date. */
  private nextVersion(customer: Customer, changes: Partial<Customer>): Customer {
    const next = { ...customer, ...changes };
    return {
      ...next,
      paymentStatus: derivePaymentStatus(next.outstandingAmount, next.dueDate, this.clock.today()),
      updatedAt: this.clock.now().toISOString(),
      version: customer.version + 1,
    };
  }

  private entry(
    customer: Customer,
    payment: Payment,
    kind: 'payment' | 'reversal',
    amount: number,
    actorId: string | null,
  ): LedgerEntry {
    return {
      id: randomUUID(),
      customerId: customer.id,
      kind,
      amount,
      currency: customer.currency,
      runningBalance: customer.outstandingAmount,
      paymentId: payment.id,
      reason: null,
      actorId,
      createdAt: customer.updatedAt,
    };
  }

  private fingerprint(input: CreatePaymentRequest): string {
    const canonical = JSON.stringify([
      input.customerId,
      input.amount,
      input.currency,
      input.method,
      input.reference ?? null,
      input.card
        ? [cardDigits(input.card.number), input.card.expMonth, input.card.expYear, input.card.cvc]
        : null,
    ]);
    return createHmac('sha256', this.fingerprintKey).update(canonical).digest('base64url');
  }

  /**
   * One event per change, carrying the customer as the payment left it: listeners that show
   * customers take it from there. (A separate customer.updated doubled what every browser is
   * sent per payment; see the payments benchmark in the README.)
   */
  private publish(
    name: 'payment.created' | 'payment.updated',
    payment: Payment,
    customer: Customer,
    actorId: string | null,
  ): void {
    this.events.publish(name, { payment, customer, actorId });
  }
}

export type { IdempotencyRecord };
