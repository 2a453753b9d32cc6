import { Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { Customer, LedgerEntry } from '@collection-desk/contracts';

import { deterministicUuid } from '../../common/ids/deterministic-uuid.js';
import { phoneDigitRuns, wordPrefixes } from '../../customers/customer-search.js';
import type { CustomerDocument, LedgerDocument } from './customer-document.js';
import { Coordination } from './coordination.js';
import type { IndexNames } from './index-names.js';
import { scanAll } from './scan.js';

const DONE_MARKER = 'migration:first-release';
const BATCH = 500;

interface LegacyAdjustment {
  id: string;
  customerId: string;
  previousAmount: number;
  newAmount: number;
  currency: string;
  reason: string;
  actorId: string;
  createdAt: string;
}

/**
 * Brings data written by the first release up to this one, once (a marker records it), under
 * the migration lock: customers get their term-lookup search fields, and every customer its
 * ledger, made as the SQLite migration 005 makes it (the opening charge, the old adjustments,
 * and a closing adjustment should a balance have changed without a record). Ids are
 * deterministic, so a migration interrupted half-way repeats without duplicates. Stop
 * instances of the first release before starting this one.
 */
export class FirstReleaseMigration {
  private readonly logger = new Logger(FirstReleaseMigration.name);

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {}

  run(): Promise<void> {
    return new Coordination(this.elasticsearch, this.indices).once(DONE_MARKER, () =>
      this.migrateAll(),
    );
  }

  private async migrateAll(): Promise<void> {
    const legacy = this.indices.legacyAlias('customer-adjustments');
    const hasLegacy = await this.elasticsearch.indices.exists({ index: legacy });
    let migrated = 0;
    for await (const batch of scanAll<CustomerDocument>(this.elasticsearch, {
      index: this.indices.alias('customers'),
      query: { bool: { must_not: [{ exists: { field: 'wordPrefixes' } }] } },
      sort: [{ id: { order: 'asc' } }],
      batchSize: BATCH,
    })) {
      const adjustments = hasLegacy
        ? await this.adjustmentsOf(
            legacy,
            batch.map((c) => c.id),
          )
        : new Map<string, LegacyAdjustment[]>();
      await this.migrate(batch, adjustments);
      migrated += batch.length;
    }
    if (migrated > 0) this.logger.warn({ customers: migrated }, 'Migrated first-release customers');
  }

  private async migrate(
    customers: CustomerDocument[],
    adjustments: Map<string, LegacyAdjustment[]>,
  ): Promise<void> {
    const operations: object[] = [];
    for (const customer of customers) {
      const entries = ledgerOf(customer, adjustments.get(customer.id) ?? []);
      for (const entry of entries) {
        operations.push({ create: { _index: this.indices.alias('ledger'), _id: entry.id } }, entry);
      }
      operations.push(
        { update: { _index: this.indices.alias('customers'), _id: customer.id } },
        {
          doc: {
            wordPrefixes: wordPrefixes(`${customer.name} ${customer.email}`),
            phoneDigitRuns: phoneDigitRuns(customer.phone ?? null),
            ledgerCount: entries.length,
            outbox: [],
          },
        },
      );
    }
    const response = await this.elasticsearch.bulk({ operations, refresh: 'wait_for' });
    const failed = response.items.find((item) => {
      const result = item.create ?? item.update;
      return result?.error && result.status !== 409;
    });
    if (failed) throw new Error(`The first-release migration failed: ${JSON.stringify(failed)}`);
  }

  private async adjustmentsOf(
    index: string,
    customerIds: string[],
  ): Promise<Map<string, LegacyAdjustment[]>> {
    const byCustomer = new Map<string, LegacyAdjustment[]>();
    for await (const batch of scanAll<LegacyAdjustment>(this.elasticsearch, {
      index,
      query: { terms: { customerId: customerIds } },
      sort: [{ createdAt: { order: 'asc' } }, { id: { order: 'asc' } }],
      batchSize: 1000,
    })) {
      for (const adjustment of batch) {
        byCustomer.set(adjustment.customerId, [
          ...(byCustomer.get(adjustment.customerId) ?? []),
          adjustment,
        ]);
      }
    }
    return byCustomer;
  }
}

/** The ledger a first-release customer should have had: it adds up to its balance. */
export function ledgerOf(customer: Customer, adjustments: LegacyAdjustment[]): LedgerDocument[] {
  const entries: LedgerDocument[] = [];
  const add = (entry: Omit<LedgerDocument, 'sequence' | 'customerId' | 'currency' | 'paymentId'>) =>
    entries.push({
      ...entry,
      customerId: customer.id,
      currency: customer.currency,
      paymentId: null,
      sequence: entries.length + 1,
    });
  const opening = adjustments[0]?.previousAmount ?? customer.outstandingAmount;
  let balance = 0;
  if (opening > 0) {
    balance = opening;
    add({
      id: deterministicUuid(`charge:${customer.id}`),
      kind: 'charge',
      amount: opening,
      runningBalance: balance,
      reason: null,
      actorId: null,
      createdAt: customer.createdAt,
    });
  }
  for (const adjustment of adjustments) {
    const amount = adjustment.newAmount - adjustment.previousAmount;
    if (amount === 0) continue;
    balance += amount;
    add({
      id: adjustment.id,
      kind: 'adjustment',
      amount,
      runningBalance: balance,
      reason: adjustment.reason,
      actorId: adjustment.actorId,
      createdAt: adjustment.createdAt,
    });
  }
  if (balance !== customer.outstandingAmount) {
    add({
      id: deterministicUuid(`carried-over:${customer.id}`),
      kind: 'adjustment',
      amount: customer.outstandingAmount - balance,
      runningBalance: customer.outstandingAmount,
      reason: 'Balance carried over when the ledger was introduced',
      actorId: null,
      createdAt: customer.updatedAt,
    } satisfies Omit<LedgerEntry, 'customerId' | 'currency' | 'paymentId'>);
  }
  return entries;
}
