import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { BalanceAdjustment, Customer, Page } from '@collection-desk/contracts';

import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../customers/customer.errors.js';
import {
  type AdjustmentNote,
  type CustomerChanges,
  type CustomerListCriteria,
  CustomerRepository,
  type NewCustomer,
} from '../../customers/customer.repository.js';
import { normalizeEmail } from '../../customers/customer-search.js';
import {
  type CustomerDocument,
  fromCustomerDocument,
  toCustomerDocument,
} from './customer-document.js';
import { customerListRequest } from './customer-query.js';
import { definedOnly } from '../../common/objects/defined-only.js';
import { isConflict, isNotFound } from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';

interface Stored {
  customer: Customer;
  seqNo: number;
  primaryTerm: number;
}

/**
 * Customers in Elasticsearch. Elasticsearch has no unique constraint and no multi-document
 * transaction: an email is reserved by creating a document whose id is the normalised email
 * (`op_type: create` fails on a duplicate), and writes use `if_seq_no`/`if_primary_term` so two
 * concurrent editors cannot both win. If the process dies between the reservation and the
 * customer write, the reservation stays behind and that email is refused until it is removed.
 */
@Injectable()
export class ElasticsearchCustomerRepository extends CustomerRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async create(input: NewCustomer): Promise<Customer> {
    const now = new Date().toISOString();
    const customer: Customer = {
      ...input,
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      version: 1,
      archivedAt: null,
    };
    await this.reserveEmail(customer.email, customer.id);
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('customers'),
        id: customer.id,
        document: toCustomerDocument(customer),
        op_type: 'create',
        refresh: 'wait_for',
      });
    } catch (error) {
      await this.releaseEmail(customer.email);
      throw error;
    }
    return customer;
  }

  async findById(id: string): Promise<Customer | null> {
    return (await this.read(id))?.customer ?? null;
  }

  async update(
    id: string,
    expectedVersion: number,
    changes: CustomerChanges,
    adjustment?: AdjustmentNote,
  ): Promise<Customer> {
    const stored = await this.require(id);
    const current = stored.customer;
    if (current.version !== expectedVersion)
      throw new CustomerVersionConflictError(id, expectedVersion, current.version);
    const emailChanges =
      changes.email !== undefined &&
      normalizeEmail(changes.email) !== normalizeEmail(current.email);
    if (emailChanges) await this.reserveEmail(changes.email as string, id);
    const next: Customer = {
      ...current,
      ...definedOnly(changes),
      updatedAt: new Date().toISOString(),
      version: current.version + 1,
    };
    try {
      await this.write(next, stored);
    } catch (error) {
      if (emailChanges) await this.releaseEmail(changes.email as string);
      throw error;
    }
    if (emailChanges) await this.releaseEmail(current.email);
    if (adjustment && next.outstandingAmount !== current.outstandingAmount) {
      const entry: BalanceAdjustment = {
        id: randomUUID(),
        customerId: id,
        previousAmount: current.outstandingAmount,
        newAmount: next.outstandingAmount,
        currency: next.currency,
        reason: adjustment.reason,
        actorId: adjustment.actorId,
        createdAt: next.updatedAt,
      };
      await this.elasticsearch.index({
        index: this.indices.alias('customer-adjustments'),
        id: entry.id,
        document: entry,
        refresh: 'wait_for',
      });
    }
    return next;
  }

  archive(id: string): Promise<Customer> {
    return this.setArchivedAt(id, new Date().toISOString());
  }

  restore(id: string): Promise<Customer> {
    return this.setArchivedAt(id, null);
  }

  async list(criteria: CustomerListCriteria): Promise<Page<Customer>> {
    const response = await this.elasticsearch.search<CustomerDocument>(
      customerListRequest(this.indices.alias('customers'), criteria),
    );
    const total = response.hits.total;
    return {
      items: response.hits.hits.flatMap((hit) =>
        hit._source ? [fromCustomerDocument(hit._source)] : [],
      ),
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      page: criteria.page,
      pageSize: criteria.pageSize,
    };
  }

  async findByEmails(emails: readonly string[]): Promise<Customer[]> {
    const normalized = [...new Set(emails.map(normalizeEmail))];
    if (normalized.length === 0) return [];
    const response = await this.elasticsearch.search<CustomerDocument>({
      index: this.indices.alias('customers'),
      query: { terms: { emailNormalized: normalized } },
      sort: [{ id: { order: 'asc' } }],
      size: normalized.length,
    });
    return response.hits.hits.flatMap((hit) =>
      hit._source ? [fromCustomerDocument(hit._source)] : [],
    );
  }

  async listAdjustments(customerId: string): Promise<BalanceAdjustment[]> {
    const response = await this.elasticsearch.search<BalanceAdjustment>({
      index: this.indices.alias('customer-adjustments'),
      query: { term: { customerId } },
      sort: [{ createdAt: { order: 'desc' } }, { id: { order: 'desc' } }],
      size: 1000,
    });
    return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }

  private async setArchivedAt(id: string, archivedAt: string | null): Promise<Customer> {
    const stored = await this.require(id);
    const current = stored.customer;
    if ((current.archivedAt === null) === (archivedAt === null)) return current;
    const next: Customer = {
      ...current,
      archivedAt,
      updatedAt: new Date().toISOString(),
      version: current.version + 1,
    };
    await this.write(next, stored);
    return next;
  }

  private async write(next: Customer, basis: Stored): Promise<void> {
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('customers'),
        id: next.id,
        document: toCustomerDocument(next),
        if_seq_no: basis.seqNo,
        if_primary_term: basis.primaryTerm,
        refresh: 'wait_for',
      });
    } catch (error) {
      if (!isConflict(error)) throw error;
      const latest = await this.require(next.id);
      throw new CustomerVersionConflictError(
        next.id,
        basis.customer.version,
        latest.customer.version,
      );
    }
  }

  private async read(id: string): Promise<Stored | null> {
    try {
      const response = await this.elasticsearch.get<CustomerDocument>({
        index: this.indices.alias('customers'),
        id,
      });
      if (!response.found || !response._source) return null;
      return {
        customer: fromCustomerDocument(response._source),
        seqNo: response._seq_no ?? 0,
        primaryTerm: response._primary_term ?? 0,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async require(id: string): Promise<Stored> {
    const stored = await this.read(id);
    if (!stored) throw new CustomerNotFoundError(id);
    return stored;
  }

  private async reserveEmail(email: string, customerId: string): Promise<void> {
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('customer-emails'),
        id: normalizeEmail(email),
        document: { customerId },
        op_type: 'create',
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isConflict(error)) throw new CustomerEmailTakenError(email);
      throw error;
    }
  }

  private async releaseEmail(email: string): Promise<void> {
    await this.elasticsearch
      .delete({
        index: this.indices.alias('customer-emails'),
        id: normalizeEmail(email),
        refresh: 'wait_for',
      })
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
  }
}
