import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { parsePhoneNumberWithError } from 'libphonenumber-js';

import type { BalanceAdjustment, Customer, Page } from '@collection-desk/contracts';

import { ValidationFailedError } from '../common/errors/domain-error.js';
import { Clock } from '../common/time/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UserRepository } from '../users/user.repository.js';
import { CustomerNotFoundError, CustomerVersionConflictError } from './customer.errors.js';
import { CUSTOMER_CREATED, CUSTOMER_UPDATED, type CustomerEvent } from './customer.events.js';
import {
  type CustomerChanges,
  type CustomerListCriteria,
  CustomerRepository,
  type CustomerSort,
} from './customer.repository.js';
import type { CreateCustomerDto } from './dto/create-customer.dto.js';
import type { CustomerFilterQuery, ListCustomersQuery } from './dto/list-customers.query.js';
import type { UpdateCustomerDto } from './dto/update-customer.dto.js';
import { derivePaymentStatus } from './payment-status.js';

/** The default order: the most urgent money first. */
const DEFAULT_SORT: CustomerSort[] = [{ field: 'dueDate', direction: 'asc' }];

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
  ) {}

  async create(input: CreateCustomerDto, actorId: string): Promise<Customer> {
    await this.checkAssignee(input.assigneeId);
    const customer = await this.customers.create({
      name: input.name,
      email: input.email,
      phone: normalizePhone(input.phone),
      address: input.address || null,
      outstandingAmount: input.outstandingAmount,
      currency: input.currency ?? this.config.defaultCurrency,
      dueDate: input.dueDate,
      paymentStatus: derivePaymentStatus(
        input.outstandingAmount,
        input.dueDate,
        this.clock.today(),
      ),
      assigneeId: input.assigneeId ?? null,
      notes: input.notes || null,
    });
    this.publish(CUSTOMER_CREATED, customer, actorId);
    return customer;
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.customers.findById(id);
    if (!customer) throw new CustomerNotFoundError(id);
    return customer;
  }

  async update(
    id: string,
    expectedVersion: number,
    input: UpdateCustomerDto,
    actorId: string,
  ): Promise<Customer> {
    const current = await this.get(id);
    if (current.version !== expectedVersion) {
      throw new CustomerVersionConflictError(id, expectedVersion, current.version);
    }
    const { reason, ...fields } = input;
    const amountChanges =
      fields.outstandingAmount !== undefined &&
      fields.outstandingAmount !== current.outstandingAmount;
    if (amountChanges && !reason) {
      throw new ValidationFailedError([
        { field: 'reason', message: 'is required when the outstanding amount changes' },
      ]);
    }
    if (fields.assigneeId !== undefined) await this.checkAssignee(fields.assigneeId);
    const changes: CustomerChanges = {
      ...fields,
      ...(fields.phone !== undefined ? { phone: normalizePhone(fields.phone) } : {}),
      ...(fields.address !== undefined ? { address: fields.address || null } : {}),
      ...(fields.notes !== undefined ? { notes: fields.notes || null } : {}),
    };
    const amount = changes.outstandingAmount ?? current.outstandingAmount;
    const dueDate = changes.dueDate ?? current.dueDate;
    changes.paymentStatus = derivePaymentStatus(amount, dueDate, this.clock.today());
    const customer = await this.customers.update(
      id,
      expectedVersion,
      changes,
      amountChanges && reason ? { reason, actorId } : undefined,
    );
    this.publish(CUSTOMER_UPDATED, customer, actorId);
    return customer;
  }

  async archive(id: string, actorId: string): Promise<Customer> {
    const customer = await this.customers.archive(id);
    this.publish(CUSTOMER_UPDATED, customer, actorId);
    return customer;
  }

  async restore(id: string, actorId: string): Promise<Customer> {
    const customer = await this.customers.restore(id);
    this.publish(CUSTOMER_UPDATED, customer, actorId);
    return customer;
  }

  list(query: ListCustomersQuery): Promise<Page<Customer>> {
    return this.customers.list({
      ...toCriteria(query),
      page: query.page,
      pageSize: query.pageSize,
    });
  }

  /** Every matching customer, a page at a time, so a large export never holds all of them. */
  async *iterate(query: CustomerFilterQuery, batchSize = 500): AsyncGenerator<Customer> {
    const criteria = toCriteria(query);
    for (let page = 1; ; page += 1) {
      const { items } = await this.customers.list({ ...criteria, page, pageSize: batchSize });
      yield* items;
      if (items.length < batchSize) return;
    }
  }

  async adjustments(id: string): Promise<BalanceAdjustment[]> {
    await this.get(id);
    return this.customers.listAdjustments(id);
  }

  private async checkAssignee(assigneeId: string | null | undefined): Promise<void> {
    if (!assigneeId) return;
    const user = await this.users.findById(assigneeId);
    if (!user?.active || user.role === 'viewer') {
      throw new ValidationFailedError([
        { field: 'assigneeId', message: 'must be an active agent or admin' },
      ]);
    }
  }

  private publish(name: string, customer: Customer, actorId: string): void {
    this.events.emit(name, { customer, actorId } satisfies CustomerEvent);
  }
}

function toCriteria(query: CustomerFilterQuery): Omit<CustomerListCriteria, 'page' | 'pageSize'> {
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
    sort: query.sort?.length
      ? query.sort.map((token) => ({
          field: token.replace(/^-/, '') as CustomerSort['field'],
          direction: token.startsWith('-') ? 'desc' : 'asc',
        }))
      : DEFAULT_SORT,
  };
}

/** Validated upstream; stored as E.164 so the same number is always written the same way. */
function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return parsePhoneNumberWithError(phone).format('E.164');
}
