import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Customer, LedgerEntry, Payment } from '@collection-desk/contracts';

import { CustomerVersionConflictError } from '../../src/customers/customer.errors.js';
import type { CustomerRepository } from '../../src/customers/customer.repository.js';
import {
  PaymentIdempotencyKeyTakenError,
  PaymentVersionConflictError,
} from '../../src/payments/payment.errors.js';
import type {
  IdempotencyRecord,
  PaymentListCriteria,
  PaymentRepository,
} from '../../src/payments/payment.repository.js';
import { aCustomer, changed, nextTimestamp, openingOf } from './customer-fixtures.js';

export interface PaymentStoreUnderTest {
  payments: PaymentRepository;
  customers: CustomerRepository;
  close(): Promise<void>;
}

function aPayment(customer: Customer, overrides: Partial<Payment> = {}): Payment {
  const now = nextTimestamp();
  return {
    id: randomUUID(),
    customerId: customer.id,
    customerName: customer.name,
    amount: 1_000,
    currency: customer.currency,
    method: 'bank_transfer',
    reference: null,
    card: null,
    status: 'pending',
    failureReason: null,
    createdBy: 'agent-1',
    createdAt: now,
    updatedAt: now,
    settledAt: null,
    version: 1,
    ...overrides,
  };
}

function keyFor(
  payment: Payment,
  scope = 'agent-1',
  key: string = randomUUID(),
): IdempotencyRecord {
  return {
    scope,
    key,
    fingerprint: `fp-${payment.amount}`,
    firstResponse: JSON.stringify(payment),
  };
}

/** The customer after `payment` is recorded: its amount held. */
function holding(customer: Customer, payment: Payment): Customer {
  return changed(customer, {
    pendingPaymentsAmount: customer.pendingPaymentsAmount + payment.amount,
  });
}

function settlementEntry(customer: Customer, payment: Payment): LedgerEntry {
  return {
    id: randomUUID(),
    customerId: customer.id,
    kind: 'payment',
    amount: -payment.amount,
    currency: customer.currency,
    runningBalance: customer.outstandingAmount,
    paymentId: payment.id,
    reason: null,
    actorId: null,
    createdAt: customer.updatedAt,
  };
}

/**
 * The independent answer for a payment list: filter, sort (missing values last, ties by id
 * descending) and slice in memory.
 */
function expectedPaymentPage(all: Payment[], criteria: PaymentListCriteria) {
  const matching = all.filter(
    (payment) =>
      (!criteria.customerId || payment.customerId === criteria.customerId) &&
      (!criteria.statuses?.length || criteria.statuses.includes(payment.status)) &&
      (!criteria.methods?.length || criteria.methods.includes(payment.method)) &&
      (!criteria.createdFrom || payment.createdAt >= criteria.createdFrom) &&
      (!criteria.createdBefore || payment.createdAt < criteria.createdBefore),
  );
  const compare = (left: Payment, right: Payment): number => {
    for (const { field, direction } of criteria.sort) {
      const a = left[field];
      const b = right[field];
      if (a === b) continue;
      if (a === null) return 1;
      if (b === null) return -1;
      const order = a < b ? -1 : 1;
      return direction === 'asc' ? order : -order;
    }
    return left.id < right.id ? 1 : left.id > right.id ? -1 : 0;
  };
  const sorted = [...matching].sort(compare);
  const start = (criteria.page - 1) * criteria.pageSize;
  return {
    items: sorted.slice(start, start + criteria.pageSize),
    total: matching.length,
    page: criteria.page,
    pageSize: criteria.pageSize,
  };
}

/** What every PaymentRepository adapter must do. `setup` must return an empty store. */
export function describePaymentRepositoryContract(
  adapterName: string,
  setup: () => Promise<PaymentStoreUnderTest>,
): void {
  describe(`PaymentRepository contract: ${adapterName}`, () => {
    let subject: PaymentStoreUnderTest;

    beforeEach(async () => {
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    async function storedCustomer(overrides: Partial<Customer> = {}): Promise<Customer> {
      const customer = aCustomer({ email: `${randomUUID()}@pay.test`, ...overrides });
      await subject.customers.insert(customer, openingOf(customer));
      return customer;
    }

    async function recorded(customer: Customer, overrides: Partial<Payment> = {}) {
      const payment = aPayment(customer, overrides);
      const current = (await subject.customers.findById(customer.id))!;
      await subject.payments.insert(payment, keyFor(payment), {
        next: holding(current, payment),
        expectedVersion: current.version,
      });
      return payment;
    }

    it('stores a payment and its hold in one write, read back by id and by key', async () => {
      const customer = await storedCustomer();
      const payment = aPayment(customer, {
        method: 'card',
        card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2040 },
        reference: 'Invoice 7',
      });
      const key = keyFor(payment, 'agent-9', 'key-0001');

      await subject.payments.insert(payment, key, {
        next: holding(customer, payment),
        expectedVersion: customer.version,
      });

      expect(await subject.payments.findById(payment.id)).toEqual(payment);
      expect(await subject.payments.findByIdempotencyKey('agent-9', 'key-0001')).toEqual({
        payment,
        idempotency: key,
      });
      expect(await subject.payments.findByIdempotencyKey('agent-8', 'key-0001')).toBeNull();
      expect((await subject.customers.findById(customer.id))?.pendingPaymentsAmount).toBe(1_000);
      expect(await subject.payments.findById(randomUUID())).toBeNull();
    });

    it("refuses a sender's key a second time and writes nothing of the second payment", async () => {
      const customer = await storedCustomer();
      const first = aPayment(customer);
      await subject.payments.insert(first, keyFor(first, 'agent-1', 'same-key'), {
        next: holding(customer, first),
        expectedVersion: customer.version,
      });
      const current = (await subject.customers.findById(customer.id))!;
      const second = aPayment(customer, { amount: 2_000 });

      await expect(
        subject.payments.insert(second, keyFor(second, 'agent-1', 'same-key'), {
          next: holding(current, second),
          expectedVersion: current.version,
        }),
      ).rejects.toBeInstanceOf(PaymentIdempotencyKeyTakenError);

      expect(await subject.payments.findById(second.id)).toBeNull();
      expect(await subject.customers.findById(customer.id)).toEqual(current);
    });

    it('writes nothing, and keeps the key free, when the customer changed meanwhile', async () => {
      const customer = await storedCustomer();
      await subject.customers.replace(changed(customer, { notes: 'Moved on' }), customer.version);
      const payment = aPayment(customer);
      const key = keyFor(payment, 'agent-1', 'retry-me');

      await expect(
        subject.payments.insert(payment, key, {
          next: holding(customer, payment),
          expectedVersion: customer.version,
        }),
      ).rejects.toBeInstanceOf(CustomerVersionConflictError);

      expect(await subject.payments.findById(payment.id)).toBeNull();
      expect(await subject.payments.findByIdempotencyKey('agent-1', 'retry-me')).toBeNull();
      // The service's retry, on the fresh customer, succeeds with the same key.
      const fresh = (await subject.customers.findById(customer.id))!;
      await subject.payments.insert(payment, key, {
        next: holding(fresh, payment),
        expectedVersion: fresh.version,
      });
      expect(await subject.payments.findById(payment.id)).toEqual(payment);
    });

    it('settles a payment with its ledger entry and balance together, refusing a stale version', async () => {
      const customer = await storedCustomer({ outstandingAmount: 5_000 });
      const payment = await recorded(customer);
      const held = (await subject.customers.findById(customer.id))!;
      const settledCustomer = changed(held, {
        outstandingAmount: held.outstandingAmount - payment.amount,
        pendingPaymentsAmount: held.pendingPaymentsAmount - payment.amount,
      });
      const settled: Payment = {
        ...payment,
        status: 'completed',
        settledAt: settledCustomer.updatedAt,
        updatedAt: settledCustomer.updatedAt,
        version: 2,
      };

      await subject.payments.update(settled, 1, {
        next: settledCustomer,
        expectedVersion: held.version,
        entry: settlementEntry(settledCustomer, payment),
      });

      expect(await subject.payments.findById(payment.id)).toEqual(settled);
      expect(await subject.customers.findById(customer.id)).toEqual(settledCustomer);
      const ledger = await subject.customers.ledger(customer.id, 1, 10);
      expect(ledger.items.map((entry) => [entry.kind, entry.amount, entry.paymentId])).toEqual([
        ['payment', -1_000, payment.id],
        ['charge', 5_000, null],
      ]);

      const again = changed(settledCustomer);
      await expect(
        subject.payments.update({ ...settled, version: 3 }, 1, {
          next: again,
          expectedVersion: settledCustomer.version,
        }),
      ).rejects.toBeInstanceOf(PaymentVersionConflictError);
      expect(await subject.customers.findById(customer.id)).toEqual(settledCustomer);
    });

    it('keeps the balance equal to its ledger, never negative, when 20 settle at once', async () => {
      const customer = await storedCustomer({ outstandingAmount: 15_000 });
      const payments: Payment[] = [];
      for (let index = 0; index < 20; index += 1) {
        const current = (await subject.customers.findById(customer.id))!;
        if (current.outstandingAmount - current.pendingPaymentsAmount < 1_000) break;
        payments.push(await recorded(customer));
      }

      // Each settles the way the service does: read both, decide, write; again on a conflict.
      const settle = async (payment: Payment) => {
        for (;;) {
          const current = (await subject.payments.findById(payment.id))!;
          const owner = (await subject.customers.findById(customer.id))!;
          const next = changed(owner, {
            outstandingAmount: owner.outstandingAmount - current.amount,
            pendingPaymentsAmount: owner.pendingPaymentsAmount - current.amount,
          });
          try {
            await subject.payments.update(
              { ...current, status: 'completed', version: current.version + 1 },
              current.version,
              { next, expectedVersion: owner.version, entry: settlementEntry(next, current) },
            );
            return;
          } catch (error) {
            const raced =
              error instanceof CustomerVersionConflictError ||
              error instanceof PaymentVersionConflictError;
            if (!raced) throw error;
          }
        }
      };
      await Promise.all(payments.map(settle));

      const final = (await subject.customers.findById(customer.id))!;
      expect(final.outstandingAmount).toBe(15_000 - payments.length * 1_000);
      expect(final.outstandingAmount).toBeGreaterThanOrEqual(0);
      expect(final.pendingPaymentsAmount).toBe(0);
      expect(await subject.customers.ledgerBalance(customer.id)).toBe(final.outstandingAmount);
    });

    it('lists with every filter, sort and page exactly as an independent computation', async () => {
      const first = await storedCustomer({ outstandingAmount: 1_000_000 });
      const second = await storedCustomer({ outstandingAmount: 1_000_000 });
      const all: Payment[] = [];
      for (let index = 0; index < 24; index += 1) {
        const settledAt = index % 3 === 1 ? nextTimestamp() : null;
        all.push(
          await recorded(index % 2 ? first : second, {
            amount: 100 + (index % 5) * 50,
            method: (['card', 'bank_transfer', 'cash'] as const)[index % 3],
            status: (['pending', 'completed', 'failed'] as const)[index % 3],
            settledAt,
          }),
        );
      }
      const middle = all[12].createdAt;
      const cases: Partial<PaymentListCriteria>[] = [
        {},
        { customerId: first.id },
        { statuses: ['pending', 'failed'], sort: [{ field: 'amount', direction: 'asc' }] },
        { methods: ['card'], sort: [{ field: 'settledAt', direction: 'desc' }] },
        {
          createdFrom: middle,
          sort: [{ field: 'status', direction: 'asc' }],
          page: 2,
          pageSize: 3,
        },
        { createdBefore: middle, sort: [{ field: 'amount', direction: 'desc' }], pageSize: 5 },
      ];
      for (const overrides of cases) {
        const criteria: PaymentListCriteria = {
          sort: [{ field: 'createdAt', direction: 'desc' }],
          page: 1,
          pageSize: 50,
          ...overrides,
        };
        expect(await subject.payments.list(criteria)).toEqual(expectedPaymentPage(all, criteria));
      }
    });

    it('finds the pending payments of the given methods, oldest first', async () => {
      const customer = await storedCustomer({ outstandingAmount: 100_000 });
      const oldCard = await recorded(customer, { method: 'card' });
      await recorded(customer, { method: 'bank_transfer' });
      await recorded(customer, { method: 'card', status: 'completed' });
      const newCash = await recorded(customer, { method: 'cash' });

      expect(await subject.payments.pending(['card', 'cash'], 10)).toEqual([oldCard, newCash]);
      expect(await subject.payments.pending(['card', 'cash'], 1)).toEqual([oldCard]);
      expect(await subject.payments.pending([], 10)).toEqual([]);
    });
  });
}
