import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';

import type {
  Customer,
  CustomerPage,
  ExportFormat,
  FieldError,
  LedgerEntry,
  Page,
} from '@collection-desk/contracts';

import { ValidationFailedError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { deterministicUuid } from '../common/ids/deterministic-uuid.js';
import { Clock } from '../common/time/clock.js';
import { assertWithinWindow } from '../common/validation/page.query.js';
import { AppConfig } from '../config/app-config.js';
import { UserRepository } from '../users/user.repository.js';
import { CustomerNotFoundError, CustomerVersionConflictError } from './customer.errors.js';
import { CustomerExporter } from './customer-exporter.js';
import type {
  CustomerImportOutcome,
  CustomerImportRequest,
  ImportedCustomer,
} from './customer-import.js';
import {
  type CustomerChange,
  type CustomerCreation,
  type CustomerFilter,
  type CustomerImportBatch,
  CustomerRepository,
  type CustomerOrder,
  type CustomerSort,
} from './customer.repository.js';
import { normalizePhone } from './customer-phone.js';
import { normalizeEmail, searchTerms } from './customer-search.js';
import type { CreateCustomerDto } from './dto/create-customer.dto.js';
import type { CustomerFilterQuery, ListCustomersQuery } from './dto/list-customers.query.js';
import type { UpdateCustomerDto } from './dto/update-customer.dto.js';
import { derivePaymentStatus } from './payment-status.js';

/** The default order: the most urgent money first. */
const DEFAULT_SORT: CustomerSort[] = [{ field: 'dueDate', direction: 'asc' }];
/** Rows an import builds between two yields to the event loop. */
const IMPORT_BUILD_BATCH = 1000;

/** The fields a PATCH may change, as the customer holds them. */
type EditableFields = Pick<
  Customer,
  | 'name'
  | 'email'
  | 'phone'
  | 'address'
  | 'outstandingAmount'
  | 'currency'
  | 'dueDate'
  | 'assigneeId'
  | 'notes'
>;

/**
 * Every rule about customers lives here: ids, times and versions, the status that follows the
 * balance, the ledger entry behind every change of the balance, who may be assigned, and what
 * counts as a change at all. The repository only stores what this decides.
 */
@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly exporter: CustomerExporter,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  async create(input: CreateCustomerDto, actorId: string): Promise<Customer> {
    await this.checkAssignee(input.assigneeId ?? null);
    const { customer, opening } = this.newCustomer(
      { id: randomUUID(), chargeId: randomUUID() },
      { ...input, currency: input.currency ?? this.config.defaultCurrency },
      actorId,
    );
    await this.customers.insert(customer, opening);
    this.events.publish('customer.created', { customer, actorId });
    return customer;
  }

  /**
   * Writes an import's rows with the same rules as `create` and `update`: ids and ledger
   * entries derive from each row's key, balances change through `charge` and `adjustment`
   * entries, and a change the rules refuse fails that row alone. Each batch of rows is turned
   * into writes while storage writes the one before. Publishes nothing per customer: the import
   * announces itself once.
   */
  async importCustomers(request: CustomerImportRequest): Promise<CustomerImportOutcome> {
    const outcome: CustomerImportOutcome = { created: 0, updated: 0, skipped: 0, failed: [] };
    await this.customers.importMany(this.importBatches(request, outcome));
    return outcome;
  }

  /** The writes of each batch of an import's rows; counts what they will do in `outcome`. */
  private async *importBatches(
    request: CustomerImportRequest,
    outcome: CustomerImportOutcome,
  ): AsyncIterable<CustomerImportBatch> {
    const assignable = new Map<string, boolean>();
    for await (const rows of request.batches) {
      for (const row of rows) {
        const assigneeId = row.customer.assigneeId;
        if (assigneeId && !assignable.has(assigneeId)) {
          const user = await this.users.findById(assigneeId);
          assignable.set(assigneeId, Boolean(user?.active) && user?.role !== 'viewer');
        }
      }
      const found = await this.customers.findByEmails(rows.map((row) => row.customer.email));
      const existing = new Map(found.map((customer) => [normalizeEmail(customer.email), customer]));
      const batch = { creates: [] as CustomerCreation[], updates: [] as CustomerChange[] };
      // One reading of the clock per batch: it is the same moment for every row of it.
      const at = this.clockReading();
      for (const [index, { key, customer: input }] of rows.entries()) {
        // Building a few thousand customers takes a while: let requests in between.
        if (index > 0 && index % IMPORT_BUILD_BATCH === 0) await yieldToEventLoop();
        if (input.assigneeId && !assignable.get(input.assigneeId)) {
          outcome.failed.push({ key, message: 'assigneeEmail: must be an active agent or admin' });
          continue;
        }
        const current = existing.get(normalizeEmail(input.email));
        if (!current) {
          batch.creates.push(
            this.newCustomer(
              {
                id: deterministicUuid(`${key}:customer`),
                chargeId: deterministicUuid(`${key}:charge`),
              },
              input,
              request.actorId,
              at,
            ),
          );
          outcome.created += 1;
          continue;
        }
        if (request.mode === 'create-only') {
          outcome.skipped += 1;
          continue;
        }
        const change = await this.importedChange(key, current, input, request);
        if (typeof change === 'string') outcome.failed.push({ key, message: change });
        else if (change === null) outcome.skipped += 1;
        else {
          batch.updates.push(change);
          outcome.updated += 1;
        }
      }
      yield batch;
    }
  }

  /** The moment (ISO) and its calendar day where the team works, read from the clock once. */
  private clockReading(): { now: string; today: string } {
    const instant = this.clock.now();
    return { now: instant.toISOString(), today: this.clock.dayOf(instant) };
  }

  /** A new customer, stamped now, with the opening `charge` when it starts owing money. */
  private newCustomer(
    ids: { id: string; chargeId: string },
    input: Omit<CreateCustomerDto, 'currency'> & { currency: string },
    actorId: string,
    { now, today } = this.clockReading(),
  ): CustomerCreation {
    const customer: Customer = {
      id: ids.id,
      name: input.name,
      email: input.email,
      phone: normalizePhone(input.phone),
      address: input.address || null,
      outstandingAmount: input.outstandingAmount,
      pendingPaymentsAmount: 0,
      currency: input.currency,
      dueDate: input.dueDate,
      paymentStatus: derivePaymentStatus(input.outstandingAmount, input.dueDate, today),
      assigneeId: input.assigneeId ?? null,
      notes: input.notes || null,
      createdAt: now,
      updatedAt: now,
      version: 1,
      archivedAt: null,
    };
    const opening =
      customer.outstandingAmount > 0
        ? {
            ...this.entry(customer, 'charge', customer.outstandingAmount, { actorId }),
            id: ids.chargeId,
          }
        : null;
    return { customer, opening };
  }

  /** The change a row makes to an existing customer; null for none, a message when refused. */
  private async importedChange(
    key: string,
    current: Customer,
    input: ImportedCustomer,
    request: CustomerImportRequest,
  ): Promise<CustomerChange | null | string> {
    const changes = changedFields(current, {
      name: input.name,
      // The row was matched by this email, case aside: the stored spelling stays.
      email: undefined,
      phone: input.phone === undefined ? undefined : normalizePhone(input.phone),
      address: input.address,
      outstandingAmount: input.outstandingAmount,
      currency: input.currency,
      dueDate: input.dueDate,
      assigneeId: input.assigneeId,
      notes: input.notes,
    });
    if (Object.keys(changes).length === 0) return null;
    if (
      changes.outstandingAmount !== undefined &&
      changes.outstandingAmount < current.pendingPaymentsAmount
    ) {
      return `outstandingAmount: cannot be less than the ${current.pendingPaymentsAmount} that pending payments cover`;
    }
    if (changes.currency !== undefined && (await this.hasLedger(current))) {
      return 'currency: cannot change once money has been recorded in another currency';
    }
    const next = this.nextVersion({ ...current, ...changes });
    const entry =
      changes.outstandingAmount === undefined
        ? undefined
        : {
            ...this.entry(next, 'adjustment', next.outstandingAmount - current.outstandingAmount, {
              actorId: request.actorId,
              reason: request.reason,
            }),
            id: deterministicUuid(`${key}:adjustment`),
          };
    return { next, expectedVersion: current.version, entry };
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.customers.findById(id);
    if (!customer) throw new CustomerNotFoundError(id);
    return customer;
  }

  /**
   * Applies the fields of `input` that differ from the stored customer, if its version is one of
   * `acceptedVersions` (the If-Match list). Only what changes is checked: an assignee deactivated
   * since it was set does not block an edit of the notes. Sending nothing new changes nothing.
   */
  async update(
    id: string,
    acceptedVersions: readonly number[],
    input: UpdateCustomerDto,
    actorId: string,
  ): Promise<Customer> {
    const current = await this.get(id);
    if (!acceptedVersions.includes(current.version)) {
      throw new CustomerVersionConflictError(id, Math.max(...acceptedVersions), current.version);
    }
    const changes = changedFields(current, {
      name: input.name,
      email: input.email,
      phone: input.phone === undefined ? undefined : normalizePhone(input.phone),
      address: input.address === undefined ? undefined : input.address || null,
      outstandingAmount: input.outstandingAmount,
      currency: input.currency,
      dueDate: input.dueDate,
      assigneeId: input.assigneeId,
      notes: input.notes === undefined ? undefined : input.notes || null,
    });
    const problems: FieldError[] = [];
    if (changes.outstandingAmount !== undefined && !input.reason) {
      problems.push({
        field: 'reason',
        message: 'is required when the outstanding amount changes',
      });
    }
    if (
      changes.outstandingAmount !== undefined &&
      changes.outstandingAmount < current.pendingPaymentsAmount
    ) {
      problems.push({
        field: 'outstandingAmount',
        message: `cannot be less than the ${current.pendingPaymentsAmount} that pending payments cover: settle or fail them first`,
      });
    }
    if (changes.currency !== undefined && (await this.hasLedger(current))) {
      problems.push({
        field: 'currency',
        message: 'cannot change once money has been recorded in another currency',
      });
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    if (changes.assigneeId !== undefined) await this.checkAssignee(changes.assigneeId);
    if (Object.keys(changes).length === 0) return current;

    const next = this.nextVersion({ ...current, ...changes });
    const entry =
      changes.outstandingAmount === undefined
        ? undefined
        : this.entry(next, 'adjustment', next.outstandingAmount - current.outstandingAmount, {
            actorId,
            reason: input.reason ?? null,
          });
    await this.customers.replace(next, current.version, entry);
    this.events.publish('customer.updated', { customer: next, actorId });
    return next;
  }

  /** Archiving an archived customer changes nothing, and publishes nothing. */
  async archive(id: string, actorId: string): Promise<Customer> {
    const current = await this.get(id);
    if (current.archivedAt !== null) return current;
    return this.store(
      this.nextVersion({ ...current, archivedAt: this.clock.now().toISOString() }),
      current,
      actorId,
    );
  }

  async restore(id: string, actorId: string): Promise<Customer> {
    const current = await this.get(id);
    if (current.archivedAt === null) return current;
    return this.store(this.nextVersion({ ...current, archivedAt: null }), current, actorId);
  }

  list(query: ListCustomersQuery): Promise<CustomerPage> {
    assertWithinWindow(query.page, query.pageSize);
    return this.customers.list({
      ...toFilter(query),
      sort: toSort(query),
      page: query.page,
      pageSize: query.pageSize,
    });
  }

  /** Every matching customer in batches, from one snapshot, so a large export holds none of them. */
  /** Every customer the filters match, as a file of `format`, streamed from one snapshot. */
  exportFile(query: CustomerFilterQuery, format: ExportFormat): Readable {
    return this.exporter.file(format, toFilter(query), toSort(query));
  }

  /** Today's date where the team works, for file names. */
  today(): string {
    return this.clock.today();
  }

  async ledger(id: string, page: number, pageSize: number): Promise<Page<LedgerEntry>> {
    assertWithinWindow(page, pageSize);
    await this.get(id);
    return this.customers.ledger(id, page, pageSize);
  }

  private async store(next: Customer, current: Customer, actorId: string): Promise<Customer> {
    await this.customers.replace(next, current.version);
    this.events.publish('customer.updated', { customer: next, actorId });
    return next;
  }

  /** The same customer one version on: stamped now, its status following balance and due date. */
  private nextVersion(customer: Customer): Customer {
    return {
      ...customer,
      paymentStatus: derivePaymentStatus(
        customer.outstandingAmount,
        customer.dueDate,
        this.clock.today(),
      ),
      updatedAt: this.clock.now().toISOString(),
      version: customer.version + 1,
    };
  }

  private entry(
    customer: Customer,
    kind: LedgerEntry['kind'],
    amount: number,
    { actorId, reason = null }: { actorId: string; reason?: string | null },
  ): LedgerEntry {
    return {
      id: randomUUID(),
      customerId: customer.id,
      kind,
      amount,
      currency: customer.currency,
      runningBalance: customer.outstandingAmount,
      paymentId: null,
      reason,
      actorId,
      createdAt: customer.updatedAt,
    };
  }

  private async hasLedger(customer: Customer): Promise<boolean> {
    return (await this.customers.ledger(customer.id, 1, 1)).total > 0;
  }

  private async checkAssignee(assigneeId: string | null): Promise<void> {
    if (assigneeId === null) return;
    const user = await this.users.findById(assigneeId);
    if (!user?.active || user.role === 'viewer') {
      throw new ValidationFailedError([
        { field: 'assigneeId', message: 'must be an active agent or admin' },
      ]);
    }
  }
}

/** The members of `wanted` that are given and differ from `current`. */
function changedFields(
  current: EditableFields,
  wanted: { [K in keyof EditableFields]: EditableFields[K] | undefined },
): Partial<EditableFields> {
  const changes: Partial<EditableFields> = {};
  for (const key of Object.keys(wanted) as (keyof EditableFields)[]) {
    const value = wanted[key];
    if (value !== undefined && value !== current[key]) {
      (changes as Record<string, unknown>)[key] = value;
    }
  }
  return changes;
}

export function toFilter(query: CustomerFilterQuery): CustomerFilter {
  return {
    q: query.q,
    statuses: query.status,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    minOutstanding: query.minOutstanding,
    maxOutstanding: query.maxOutstanding,
    assigneeId: query.assignee,
    currency: query.currency,
    archived:
      query.archived === 'true' ? 'include' : query.archived === 'only' ? 'only' : 'exclude',
  };
}

/** The sort asked for; without one, a search ranks its best matches first. */
function toSort(query: CustomerFilterQuery): CustomerOrder {
  if (query.sort?.length) {
    return query.sort.map((token) => ({
      field: token.replace(/^-/, '') as CustomerSort['field'],
      direction: token.startsWith('-') ? 'desc' : 'asc',
    }));
  }
  return searchTerms(query.q ?? '').length > 0 ? 'relevance' : DEFAULT_SORT;
}
