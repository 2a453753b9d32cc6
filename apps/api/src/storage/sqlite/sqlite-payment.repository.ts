import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import type {
  Page,
  Payment,
  PaymentMethod,
  PaymentSortField,
  PaymentState,
} from '@collection-desk/contracts';

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
import { SqliteCustomerRows } from './sqlite-customer-rows.js';
import { SqliteDatabase } from './sqlite-database.js';

interface PaymentRow {
  seq: number;
  id: string;
  customer_id: string;
  customer_name: string;
  amount: number;
  currency: string;
  method: PaymentMethod;
  reference: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  status: PaymentState;
  failure_reason: string | null;
  idempotency_scope: string;
  idempotency_key: string;
  request_fingerprint: string;
  first_response: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  settled_at: string | null;
  version: number;
}

const SORT_COLUMNS: Record<PaymentSortField, string> = {
  createdAt: 'created_at',
  amount: 'amount',
  status: 'status',
  settledAt: 'settled_at',
};

const KEY_TAKEN = 'UNIQUE constraint failed: payments.idempotency_scope, payments.idempotency_key';

/** Payments on SQLite: each write and the customer change it causes commit in one transaction. */
@Injectable()
export class SqlitePaymentRepository extends PaymentRepository {
  private readonly customers: SqliteCustomerRows;

  constructor(private readonly database: SqliteDatabase) {
    super();
    this.customers = new SqliteCustomerRows(database);
  }

  insert(
    payment: Payment,
    idempotency: IdempotencyRecord,
    customer: CustomerChange,
  ): Promise<void> {
    return Promise.try(() =>
      this.database.transaction(() => {
        try {
          this.database.run(
            `INSERT INTO payments (id, customer_id, customer_name, amount, currency, method, reference, card_brand,
               card_last4, card_exp_month, card_exp_year, status, failure_reason,
               idempotency_scope, idempotency_key, request_fingerprint, first_response,
               created_by, created_at, updated_at, settled_at, version)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            payment.id,
            payment.customerId,
            payment.customerName,
            payment.amount,
            payment.currency,
            payment.method,
            payment.reference,
            payment.card?.brand ?? null,
            payment.card?.last4 ?? null,
            payment.card?.expMonth ?? null,
            payment.card?.expYear ?? null,
            payment.status,
            payment.failureReason,
            idempotency.scope,
            idempotency.key,
            idempotency.fingerprint,
            idempotency.firstResponse,
            payment.createdBy,
            payment.createdAt,
            payment.updatedAt,
            payment.settledAt,
            payment.version,
          );
        } catch (error) {
          if (error instanceof Error && error.message.includes(KEY_TAKEN)) {
            throw new PaymentIdempotencyKeyTakenError('This idempotency key was used already.');
          }
          throw error;
        }
        this.customers.replace(customer.next, customer.expectedVersion, customer.entry);
      }),
    );
  }

  findById(id: string): Promise<Payment | null> {
    return Promise.try(() => {
      const row = this.database.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', id);
      return row ? toPayment(row) : null;
    });
  }

  findByIdempotencyKey(
    scope: string,
    key: string,
  ): Promise<{ payment: Payment; idempotency: IdempotencyRecord } | null> {
    return Promise.try(() => {
      const row = this.database.get<PaymentRow>(
        'SELECT * FROM payments WHERE idempotency_scope = ? AND idempotency_key = ?',
        scope,
        key,
      );
      return row ? { payment: toPayment(row), idempotency: toIdempotency(row) } : null;
    });
  }

  update(next: Payment, expectedVersion: number, customer: CustomerChange): Promise<void> {
    return Promise.try(() =>
      this.database.transaction(() => {
        const current = this.database.get<{ version: number }>(
          'SELECT version FROM payments WHERE id = ?',
          next.id,
        );
        if (!current) throw new PaymentNotFoundError(next.id);
        if (current.version !== expectedVersion) throw new PaymentVersionConflictError(next.id);
        this.database.run(
          `UPDATE payments SET status = ?, failure_reason = ?, updated_at = ?, settled_at = ?,
             version = ?
           WHERE id = ?`,
          next.status,
          next.failureReason,
          next.updatedAt,
          next.settledAt,
          next.version,
          next.id,
        );
        this.customers.replace(customer.next, customer.expectedVersion, customer.entry);
      }),
    );
  }

  list(criteria: PaymentListCriteria): Promise<Page<Payment>> {
    return Promise.try(() => {
      const { where, params } = whereOf(criteria);
      const total =
        this.database.get<{ total: number }>(
          `SELECT count(*) AS total FROM payments ${where}`,
          ...params,
        )?.total ?? 0;
      const order = [
        ...criteria.sort.map(
          ({ field, direction }) =>
            `${SORT_COLUMNS[field]} ${direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`,
        ),
        'id DESC',
      ].join(', ');
      const rows = this.database.all<PaymentRow>(
        `SELECT * FROM payments ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
        ...params,
        criteria.pageSize,
        (criteria.page - 1) * criteria.pageSize,
      );
      return {
        items: rows.map(toPayment),
        total,
        page: criteria.page,
        pageSize: criteria.pageSize,
      };
    });
  }

  pending(methods: readonly PaymentMethod[], limit: number): Promise<Payment[]> {
    return Promise.try(() => {
      if (methods.length === 0) return [];
      return this.database
        .all<PaymentRow>(
          `SELECT * FROM payments WHERE status = 'pending'
             AND method IN (${methods.map(() => '?').join(', ')})
           ORDER BY created_at, seq LIMIT ?`,
          ...methods,
          limit,
        )
        .map(toPayment);
    });
  }
}

function whereOf(criteria: PaymentListCriteria): { where: string; params: SQLInputValue[] } {
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    conditions.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (criteria.customerId) {
    conditions.push('customer_id = ?');
    params.push(criteria.customerId);
  }
  anyOf('status', criteria.statuses);
  anyOf('method', criteria.methods);
  if (criteria.createdFrom) {
    conditions.push('created_at >= ?');
    params.push(criteria.createdFrom);
  }
  if (criteria.createdBefore) {
    conditions.push('created_at < ?');
    params.push(criteria.createdBefore);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    amount: row.amount,
    currency: row.currency,
    method: row.method,
    reference: row.reference,
    card:
      row.card_last4 === null
        ? null
        : {
            brand: row.card_brand ?? 'card',
            last4: row.card_last4,
            expMonth: row.card_exp_month ?? 0,
            expYear: row.card_exp_year ?? 0,
          },
    status: row.status,
    failureReason: row.failure_reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    settledAt: row.settled_at,
    version: row.version,
  };
}

function toIdempotency(row: PaymentRow): IdempotencyRecord {
  return {
    scope: row.idempotency_scope,
    key: row.idempotency_key,
    fingerprint: row.request_fingerprint,
    firstResponse: row.first_response,
  };
}
