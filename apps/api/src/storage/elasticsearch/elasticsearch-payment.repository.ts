import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { Page, Payment, PaymentMethod } from '@collection-desk/contracts';

import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import { deterministicUuid } from '../../common/ids/deterministic-uuid.js';
import { Clock } from '../../common/time/clock.js';
import {
  PaymentIdempotencyKeyTakenError,
  PaymentNotFoundError,
  PaymentVersionConflictError,
} from '../../payments/payment.errors.js';
import {
  type CustomerChange,
  type IdempotencyRecord,
  type PaymentListCriteria,
  PaymentRepository,
} from '../../payments/payment.repository.js';
import { totalOf } from './customer-query.js';
import { ElasticsearchCustomerRepository } from './elasticsearch-customer.repository.js';
import {
  getDocument,
  isConflict,
  isNotFound,
  isUnknownOutcome,
  TranslatesElasticsearchErrors,
} from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';
import { paymentListQuery, paymentListRequest } from './payment-query.js';

interface KeyDocument {
  paymentId: string;
  customerId: string;
  fingerprint: string;
  firstResponse: string;
  reservedAt: string;
}

/** A key whose payment never appeared after this long was left by a crash: it is reclaimed. */
const ABANDONED_KEY_MS = 30_000;
/** How long a retry waits for the payment of a key another request is still recording. */
const IN_FLIGHT_WAIT_MS = 5_000;

/**
 * Payments in Elasticsearch, which has no multi-document transactions. Two documents make a
 * payment's write:
 *
 * 1. The idempotency key: `payment-keys/<digest of sender and key>` created with `op_type:
 *    create`, which only one of any number of racing requests wins; it names the payment.
 * 2. The customer document, written with `if_seq_no` (ElasticsearchCustomerRepository.commit):
 *    the new balance or hold, the ledger entry and the payment's new state go in together, the
 *    payment in the document's `paymentOutbox`. That single write is the commit. The payment is
 *    then copied to the payments index with its version as an external version (an older copy
 *    never overwrites a newer one), and the outbox emptied.
 *
 * A definite refusal of step 2 releases the key. A crash between the steps leaves a key without
 * a payment: a retry with it waits briefly for a write in flight, and reclaims a key older than
 * ABANDONED_KEY_MS. A crash after the commit leaves the payment in the outbox: reads by id and
 * by key copy it first (the repair), as the customer's ledger reads do.
 */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchPaymentRepository extends PaymentRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
    private readonly customers: ElasticsearchCustomerRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async insert(
    payment: Payment,
    idempotency: IdempotencyRecord,
    customer: CustomerChange,
  ): Promise<void> {
    const keyId = keyIdOf(idempotency.scope, idempotency.key);
    await this.claimKey(keyId, {
      paymentId: payment.id,
      customerId: payment.customerId,
      fingerprint: idempotency.fingerprint,
      firstResponse: idempotency.firstResponse,
      reservedAt: this.clock.now().toISOString(),
    });
    try {
      await this.customers.commit(customer.next, customer.expectedVersion, {
        entry: customer.entry,
        payment,
      });
    } catch (error) {
      // The commit re-reads after an unknown outcome: an error here means it did not land.
      await this.releaseKey(keyId, payment.id);
      throw error;
    }
  }

  async findById(id: string): Promise<Payment | null> {
    const copied = await this.copied(id);
    if (copied) return copied;
    // Committed but perhaps not copied yet: the key names the customer whose outbox holds it.
    const keys = await this.elasticsearch.search<KeyDocument>({
      index: this.indices.alias('payment-keys'),
      query: { term: { paymentId: id } },
      size: 1,
    });
    const customerId = keys.hits.hits[0]?._source?.customerId;
    if (!customerId) return null;
    await this.customers.flush(customerId);
    return this.copied(id);
  }

  async findByIdempotencyKey(
    scope: string,
    key: string,
  ): Promise<{ payment: Payment; idempotency: IdempotencyRecord } | null> {
    const keyId = keyIdOf(scope, key);
    const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
    for (;;) {
      const stored = await getDocument<KeyDocument>(this.elasticsearch, {
        index: this.indices.alias('payment-keys'),
        id: keyId,
      });
      const claim = stored?._source;
      if (!stored || !claim) return null;
      await this.customers.flush(claim.customerId);
      const payment = await this.copied(claim.paymentId);
      const idempotency = {
        scope,
        key,
        fingerprint: claim.fingerprint,
        firstResponse: claim.firstResponse,
      };
      if (payment) return { payment, idempotency };
      const age = this.clock.now().getTime() - Date.parse(claim.reservedAt);
      if (age > ABANDONED_KEY_MS) {
        await this.elasticsearch
          .delete({
            index: this.indices.alias('payment-keys'),
            id: keyId,
            if_seq_no: stored._seq_no,
            if_primary_term: stored._primary_term,
          })
          .catch((error: unknown) => {
            if (!isConflict(error) && !isNotFound(error)) throw error;
          });
        continue;
      }
      if (Date.now() > deadline) {
        throw new StorageUnavailableError('A payment with this key is still being recorded.');
      }
      await sleep(50);
    }
  }

  async update(next: Payment, expectedVersion: number, customer: CustomerChange): Promise<void> {
    await this.customers.commit(customer.next, customer.expectedVersion, {
      entry: customer.entry,
      payment: next,
      // Read after the customer document: a change not in its outbox was copied before it.
      check: async (stored) => {
        const current =
          stored.document.paymentOutbox.find((one) => one.id === next.id) ??
          (await this.copied(next.id));
        if (!current) throw new PaymentNotFoundError(next.id);
        if (current.version !== expectedVersion) throw new PaymentVersionConflictError(next.id);
      },
    });
  }

  async list(criteria: PaymentListCriteria): Promise<Page<Payment>> {
    const response = await this.elasticsearch.search<Payment>(
      paymentListRequest(this.indices.alias('payments'), criteria),
    );
    return {
      items: response.hits.hits.flatMap((hit) => (hit._source ? [fromDocument(hit._source)] : [])),
      total: totalOf(response.hits.total).total,
      page: criteria.page,
      pageSize: criteria.pageSize,
    };
  }

  async pending(methods: readonly PaymentMethod[], limit: number): Promise<Payment[]> {
    if (methods.length === 0) return [];
    const response = await this.elasticsearch.search<Payment>({
      index: this.indices.alias('payments'),
      query: paymentListQuery({
        statuses: ['pending'],
        methods: [...methods],
        sort: [],
        page: 1,
        pageSize: limit,
      }),
      sort: [{ createdAt: { order: 'asc' } }, { id: { order: 'asc' } }],
      size: limit,
    });
    return response.hits.hits.flatMap((hit) => (hit._source ? [fromDocument(hit._source)] : []));
  }

  private async copied(id: string): Promise<Payment | null> {
    const response = await getDocument<Payment>(this.elasticsearch, {
      index: this.indices.alias('payments'),
      id,
    });
    return response?._source ? fromDocument(response._source) : null;
  }

  private async claimKey(keyId: string, claim: KeyDocument): Promise<void> {
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('payment-keys'),
        id: keyId,
        document: claim,
        op_type: 'create',
        // Searchable before the payment commits, so a read by payment id can always find it.
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isConflict(error)) {
        throw new PaymentIdempotencyKeyTakenError('This idempotency key was used already.');
      }
      if (!isUnknownOutcome(error)) throw error;
      const stored = await getDocument<KeyDocument>(this.elasticsearch, {
        index: this.indices.alias('payment-keys'),
        id: keyId,
      });
      if (stored?._source?.paymentId !== claim.paymentId) {
        if (stored)
          throw new PaymentIdempotencyKeyTakenError('This idempotency key was used already.');
        throw error;
      }
    }
  }

  /** Frees a key whose payment did not commit, unless another payment holds it by now. */
  private async releaseKey(keyId: string, paymentId: string): Promise<void> {
    const stored = await getDocument<KeyDocument>(this.elasticsearch, {
      index: this.indices.alias('payment-keys'),
      id: keyId,
    });
    if (stored?._source?.paymentId !== paymentId) return;
    await this.elasticsearch
      .delete({
        index: this.indices.alias('payment-keys'),
        id: keyId,
        if_seq_no: stored._seq_no,
        if_primary_term: stored._primary_term,
      })
      .catch((error: unknown) => {
        if (!isConflict(error) && !isNotFound(error)) throw error;
      });
  }
}

/** The key document's id: the sender and their key, digested (keys are up to 255 characters). */
function keyIdOf(scope: string, key: string): string {
  return deterministicUuid(`payment-key\n${scope}\n${key}`);
}

function fromDocument(document: Payment): Payment {
  return {
    ...document,
    reference: document.reference ?? null,
    card: document.card ?? null,
    failureReason: document.failureReason ?? null,
    settledAt: document.settledAt ?? null,
  };
}
