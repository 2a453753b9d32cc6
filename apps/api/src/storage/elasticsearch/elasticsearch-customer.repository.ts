import { Injectable, Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type {
  Customer,
  CustomerPage,
  LedgerEntry,
  Page,
  Payment,
} from '@collection-desk/contracts';

import { Clock } from '../../common/time/clock.js';
import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import {
  type CustomerFilter,
  type CustomerImportBatch,
  type CustomerListCriteria,
  CustomerRepository,
  type CustomerOrder,
} from '../../customers/customer.repository.js';
import { normalizeEmail } from '../../customers/customer-search.js';
import {
  type CustomerDocument,
  fromCustomerDocument,
  fromLedgerDocument,
  type LedgerDocument,
  toCustomerDocument,
} from './customer-document.js';
import {
  customerListRequest,
  customerSearch,
  overdueCandidatesRequest,
  totalOf,
} from './customer-query.js';
import { EmailReservations } from './email-reservations.js';
import {
  getDocument,
  isConflict,
  isUnknownOutcome,
  translateElasticsearchError,
  TranslatesElasticsearchErrors,
} from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';
import { scanAll } from './scan.js';

export interface StoredCustomer {
  document: CustomerDocument;
  customer: Customer;
  seqNo: number;
  primaryTerm: number;
}

/** How often a committed outbox is retried when a concurrent write moved the document on. */
const FLUSH_ATTEMPTS = 5;

/**
 * Customers in Elasticsearch, which has neither unique constraints nor multi-document
 * transactions.
 *
 * Emails: a reservation document (EmailReservations) is created first, the customer after it;
 * a reservation is released only after a definite refusal, and one left behind by a crash is
 * reclaimed once its customer turns out to be gone or to hold another email.
 *
 * Ledger: the one atomic write Elasticsearch offers is a single document written with
 * `if_seq_no`, so a balance change and its ledger entry commit together inside the customer's
 * document: the entry goes into the document's `outbox` with its deterministic id and sequence,
 * in the same write as the new balance. The entry is then copied to the ledger index under that
 * id (`op_type: create`, so a repeated copy is a no-op) and taken out of the outbox. A crash
 * between the two leaves the entry in the outbox, never lost: `ledger` and `ledgerBalance` (the
 * repair CustomersService runs) finish the copy first. There is no moment at which the balance
 * and the entries disagree.
 */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchCustomerRepository extends CustomerRepository {
  private readonly logger = new Logger(ElasticsearchCustomerRepository.name);
  private readonly emails: EmailReservations;

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
    clock: Clock,
  ) {
    super();
    this.emails = new EmailReservations(
      elasticsearch,
      indices.alias('customer-emails'),
      'customerId',
      async (customerId) => (await this.read(customerId))?.customer.email ?? null,
      () => clock.now(),
    );
  }

  async insert(customer: Customer, opening: LedgerEntry | null): Promise<void> {
    await this.emails.reserve(
      customer.email,
      customer.id,
      () => new CustomerEmailTakenError(customer.email),
    );
    const outbox = opening ? [{ ...opening, sequence: 1 }] : [];
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('customers'),
        id: customer.id,
        document: toCustomerDocument(customer, { outbox, ledgerCount: outbox.length }),
        op_type: 'create',
        refresh: 'wait_for',
      });
    } catch (error) {
      if (!isUnknownOutcome(error)) {
        await this.emails.release(customer.email, customer.id);
        throw error;
      }
      // Timed out or 5xx: the write may have landed. Only what is stored tells.
      if ((await this.read(customer.id))?.customer.version !== customer.version) throw error;
    }
    await this.flushQuietly(customer.id);
  }

  /**
   * One customer at a time, each write as safe as `insert` and `replace` on their own. Ids are
   * the import's deterministic ones, so a retry skips what an interrupted attempt stored.
   */
  async importMany(
    batches: AsyncIterable<CustomerImportBatch> | Iterable<CustomerImportBatch>,
  ): Promise<void> {
    for await (const { creates, updates } of batches) {
      for (const { customer, opening } of creates) {
        if (await this.read(customer.id)) continue;
        await this.insert(customer, opening);
      }
      for (const { next, expectedVersion, entry } of updates) {
        const stored = await this.read(next.id);
        if (
          stored?.customer.version === next.version &&
          stored.customer.updatedAt === next.updatedAt
        ) {
          continue;
        }
        await this.commit(next, expectedVersion, { entry });
      }
    }
  }

  async findById(id: string): Promise<Customer | null> {
    return (await this.read(id))?.customer ?? null;
  }

  async replace(next: Customer, expectedVersion: number, entry?: LedgerEntry): Promise<void> {
    await this.commit(next, expectedVersion, { entry });
  }

  /**
   * Stores `next` over `expectedVersion` in one if_seq_no write, with a ledger entry and a
   * payment's new state in the outboxes of that same write: the balance, its entry and the
   * payment commit together or not at all. `check` runs on the stored document just before the
   * write (the payment repository checks the payment's version there).
   */
  async commit(
    next: Customer,
    expectedVersion: number,
    extra: {
      entry?: LedgerEntry;
      payment?: Payment;
      check?: (stored: StoredCustomer) => Promise<void>;
    },
  ): Promise<void> {
    const { entry, payment } = extra;
    const stored = await this.require(next.id);
    if (stored.customer.version !== expectedVersion) {
      throw new CustomerVersionConflictError(next.id, expectedVersion, stored.customer.version);
    }
    await extra.check?.(stored);
    const emailChanges = normalizeEmail(next.email) !== normalizeEmail(stored.customer.email);
    if (emailChanges) {
      await this.emails.reserve(next.email, next.id, () => new CustomerEmailTakenError(next.email));
    }
    const ledgerCount = stored.document.ledgerCount + (entry ? 1 : 0);
    const outbox = [
      ...stored.document.outbox,
      ...(entry ? [{ ...entry, sequence: ledgerCount }] : []),
    ];
    const paymentOutbox = payment
      ? [...stored.document.paymentOutbox.filter((one) => one.id !== payment.id), payment]
      : stored.document.paymentOutbox;
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('customers'),
        id: next.id,
        document: toCustomerDocument(next, { outbox, ledgerCount, paymentOutbox }),
        if_seq_no: stored.seqNo,
        if_primary_term: stored.primaryTerm,
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isUnknownOutcome(error)) {
        const latest = await this.read(next.id);
        const landed =
          latest?.customer.version === next.version && latest.customer.updatedAt === next.updatedAt;
        if (!landed) throw error;
      } else {
        if (emailChanges) await this.emails.release(next.email, next.id);
        if (!isConflict(error)) throw error;
        const latest = await this.require(next.id);
        throw new CustomerVersionConflictError(next.id, expectedVersion, latest.customer.version);
      }
    }
    if (emailChanges) await this.emails.release(stored.customer.email, next.id);
    if (entry || payment) await this.flushQuietly(next.id);
  }

  async list(criteria: CustomerListCriteria): Promise<CustomerPage> {
    const response = await this.elasticsearch.search<CustomerDocument>(
      customerListRequest(this.indices.alias('customers'), criteria),
    );
    return {
      items: response.hits.hits.flatMap((hit) =>
        hit._source ? [fromCustomerDocument(hit._source)] : [],
      ),
      ...totalOf(response.hits.total),
      page: criteria.page,
      pageSize: criteria.pageSize,
    };
  }

  /** A point in time keeps the view consistent; search_after walks it past any result window. */
  async *scan(
    filter: CustomerFilter,
    order: CustomerOrder,
    batchSize: number,
  ): AsyncIterable<Customer[]> {
    try {
      for await (const hits of scanAll<CustomerDocument>(this.elasticsearch, {
        index: this.indices.alias('customers'),
        ...customerSearch(filter, order),
        batchSize,
      })) {
        yield hits.map(fromCustomerDocument);
      }
    } catch (error) {
      throw translateElasticsearchError(error);
    }
  }

  async overdueCandidates(
    today: string,
    after: { dueDate: string; id: string } | null,
    limit: number,
  ): Promise<Customer[]> {
    const response = await this.elasticsearch.search<CustomerDocument>(
      overdueCandidatesRequest(this.indices.alias('customers'), today, after, limit),
    );
    return response.hits.hits.flatMap((hit) =>
      hit._source ? [fromCustomerDocument(hit._source)] : [],
    );
  }

  /** One bulk request of if_seq_no writes, each keeping its document's outboxes. */
  async replaceMany(changes: readonly { previous: Customer; next: Customer }[]): Promise<string[]> {
    if (changes.length === 0) return [];
    const current = await this.elasticsearch.mget<CustomerDocument>({
      index: this.indices.alias('customers'),
      ids: changes.map((change) => change.next.id),
    });
    const operations: unknown[] = [];
    const attempted: string[] = [];
    changes.forEach(({ previous, next }, index) => {
      const found = current.docs[index] as
        | { found?: boolean; _source?: CustomerDocument; _seq_no?: number; _primary_term?: number }
        | undefined;
      const source = found?.found ? found._source : undefined;
      if (!source || source.version !== previous.version) return;
      operations.push(
        {
          index: {
            _index: this.indices.alias('customers'),
            _id: next.id,
            if_seq_no: found?._seq_no,
            if_primary_term: found?._primary_term,
          },
        },
        toCustomerDocument(next, {
          outbox: source.outbox ?? [],
          ledgerCount: source.ledgerCount ?? 0,
          paymentOutbox: source.paymentOutbox ?? [],
        }),
      );
      attempted.push(next.id);
    });
    if (attempted.length === 0) return [];
    const response = await this.elasticsearch.bulk({ refresh: 'wait_for', operations });
    return response.items.flatMap((item, index) => {
      const result = item.index;
      if (!result?.error) return [attempted[index]];
      if (result.status === 409) return [];
      throw new Error(`Storing overdue customers failed: ${JSON.stringify(result.error)}`);
    });
  }

  async findByEmails(emails: readonly string[]): Promise<Customer[]> {
    const normalized = [...new Set(emails.map(normalizeEmail))];
    const found: Customer[] = [];
    for (let start = 0; start < normalized.length; start += 1000) {
      const response = await this.elasticsearch.search<CustomerDocument>({
        index: this.indices.alias('customers'),
        query: { terms: { emailNormalized: normalized.slice(start, start + 1000) } },
        sort: [{ id: { order: 'asc' } }],
        size: 1000,
      });
      for (const hit of response.hits.hits)
        if (hit._source) found.push(fromCustomerDocument(hit._source));
    }
    return found.sort((left, right) => left.id.localeCompare(right.id));
  }

  async ledger(customerId: string, page: number, pageSize: number): Promise<Page<LedgerEntry>> {
    await this.flush(customerId);
    const response = await this.elasticsearch.search<LedgerDocument>({
      index: this.indices.alias('ledger'),
      query: { term: { customerId } },
      sort: [{ sequence: { order: 'desc' } }],
      from: (page - 1) * pageSize,
      size: pageSize,
      track_total_hits: true,
    });
    return {
      items: response.hits.hits.flatMap((hit) =>
        hit._source ? [fromLedgerDocument(hit._source)] : [],
      ),
      total: totalOf(response.hits.total).total,
      page,
      pageSize,
    };
  }

  async ledgerBalance(customerId: string): Promise<number> {
    await this.flush(customerId);
    const response = await this.elasticsearch.search({
      index: this.indices.alias('ledger'),
      query: { term: { customerId } },
      size: 0,
      aggs: { balance: { sum: { field: 'amount' } } },
    });
    const sum = (response.aggregations?.['balance'] as { value?: number } | undefined)?.value ?? 0;
    return Math.round(sum);
  }

  /**
   * Copies the outbox's entries to the ledger index and takes them out of the outbox. Safe to
   * repeat and to run concurrently: copies are idempotent creates, the removal is if_seq_no.
   */
  async flush(customerId: string): Promise<void> {
    for (let attempt = 1; attempt <= FLUSH_ATTEMPTS; attempt += 1) {
      const stored = await this.read(customerId);
      const { outbox, paymentOutbox } = stored?.document ?? { outbox: [], paymentOutbox: [] };
      if (!stored || (outbox.length === 0 && paymentOutbox.length === 0)) return;
      const response = await this.elasticsearch.bulk({
        refresh: 'wait_for',
        operations: [
          ...outbox.flatMap((entry) => [
            { create: { _index: this.indices.alias('ledger'), _id: entry.id } },
            entry,
          ]),
          // External versions: a copy older than the one already there is refused (409).
          ...paymentOutbox.flatMap((payment) => [
            {
              index: {
                _index: this.indices.alias('payments'),
                _id: payment.id,
                version: payment.version,
                version_type: 'external' as const,
              },
            },
            payment,
          ]),
        ],
      });
      const failed = response.items.filter((item) => {
        const result = item.create ?? item.index;
        return result?.error && result.status !== 409;
      });
      if (failed.length > 0)
        throw new Error(`Copying ledger entries failed: ${JSON.stringify(failed[0])}`);
      try {
        await this.elasticsearch.update({
          index: this.indices.alias('customers'),
          id: customerId,
          doc: { outbox: [], paymentOutbox: [] },
          if_seq_no: stored.seqNo,
          if_primary_term: stored.primaryTerm,
        });
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  }

  /** After a commit, the copy is housekeeping: a failure is repaired on the next read. */
  private async flushQuietly(customerId: string): Promise<void> {
    await this.flush(customerId).catch((error: unknown) =>
      this.logger.warn({ err: error, customerId }, 'Ledger entries stay in the outbox for now'),
    );
  }

  async read(id: string): Promise<StoredCustomer | null> {
    const response = await getDocument<CustomerDocument>(this.elasticsearch, {
      index: this.indices.alias('customers'),
      id,
    });
    if (!response?._source) return null;
    const document = {
      ...response._source,
      outbox: response._source.outbox ?? [],
      ledgerCount: response._source.ledgerCount ?? 0,
      paymentOutbox: response._source.paymentOutbox ?? [],
    };
    return {
      document,
      customer: fromCustomerDocument(document),
      seqNo: response._seq_no ?? 0,
      primaryTerm: response._primary_term ?? 0,
    };
  }

  private async require(id: string): Promise<StoredCustomer> {
    const stored = await this.read(id);
    if (!stored) throw new CustomerNotFoundError(id);
    return stored;
  }
}
