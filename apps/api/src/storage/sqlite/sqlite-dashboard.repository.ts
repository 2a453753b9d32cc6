import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import { AGING_BUCKETS, type AgingBucket, type PaymentStatus } from '@collection-desk/contracts';

import {
  type DashboardFigures,
  type DashboardQuery,
  DashboardRepository,
} from '../../dashboard/dashboard.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

/** Sums in SQL; every amount is an integer column summed by SQLite's exact integer sum. */
@Injectable()
export class SqliteDashboardRepository extends DashboardRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  /** Every figure from one snapshot, read on the pool's connections, off the event loop. */
  async figures(query: DashboardQuery): Promise<DashboardFigures> {
    const customers = `archived_at IS NULL AND currency = :currency${query.assigneeId ? ' AND assignee_id = :assignee' : ''}`;
    const params: Record<string, SQLInputValue> = { currency: query.currency };
    if (query.assigneeId) params['assignee'] = query.assigneeId;

    // One range per day, each read through ledger_movements.
    const days = query.days.map((_, index) => `(${index}, :s${index}, :t${index})`).join(', ');
    const spans: Record<string, SQLInputValue> = {};
    query.days.forEach((day, index) => {
      spans[`s${index}`] = day.start;
      spans[`t${index}`] = day.end;
    });
    // Without an assignee, no join: archived customers (few) are left out by id.
    const inView = query.assigneeId
      ? `e.customer_id IN (SELECT id FROM customers WHERE ${customers})`
      : 'e.customer_id NOT IN (SELECT id FROM customers WHERE archived_at IS NOT NULL)';

    const [currencyRows, statuses, agingRows, topOverdue, perDay, charged] =
      (await this.database.reads.snapshot([
        {
          method: 'all',
          sql: 'SELECT DISTINCT currency FROM customer_counts WHERE archived = 0 AND n > 0 ORDER BY currency',
          params: [],
        },
        {
          method: 'all',
          sql: `SELECT payment_status AS status, count(*) AS count, coalesce(sum(outstanding_amount), 0) AS amount
                FROM customers INDEXED BY customers_dashboard
                WHERE ${customers} GROUP BY payment_status ORDER BY payment_status`,
          params,
        },
        {
          method: 'all',
          sql: `SELECT CASE
                         WHEN due_date >= :current THEN 'current'
                         WHEN due_date >= :days30 THEN '1-30'
                         WHEN due_date >= :days60 THEN '31-60'
                         WHEN due_date >= :days90 THEN '61-90'
                         ELSE '90+' END AS bucket,
                       count(*) AS count, coalesce(sum(outstanding_amount), 0) AS amount
                FROM customers INDEXED BY customers_dashboard
                WHERE ${customers} AND outstanding_amount > 0 GROUP BY bucket`,
          params: { ...params, ...query.aging },
        },
        {
          method: 'all',
          sql: `SELECT id, name, outstanding_amount AS outstandingAmount, due_date AS dueDate
                FROM customers INDEXED BY customers_overdue_amount
                WHERE ${customers} AND payment_status = 'overdue'
                ORDER BY outstanding_amount DESC, id LIMIT 10`,
          params,
        },
        {
          method: 'all',
          sql: `WITH days (day, start, end) AS (VALUES ${days})
                SELECT days.day AS day, -coalesce(sum(e.amount), 0) AS received
                FROM days JOIN ledger_entries e INDEXED BY ledger_movements
                  ON e.kind IN ('payment', 'reversal') AND e.created_at >= days.start
                    AND e.created_at < days.end
                WHERE e.currency = :currency AND ${inView}
                GROUP BY days.day`,
          params: { ...params, ...spans },
        },
        {
          method: 'get',
          sql: `SELECT coalesce(sum(e.amount), 0) AS charged
                FROM ledger_entries e INDEXED BY ledger_movements
                WHERE e.kind = 'charge' AND e.created_at >= :from AND e.created_at < :to
                  AND e.currency = :currency AND ${inView}`,
          params: { ...params, from: query.salesWindow.start, to: query.salesWindow.end },
        },
      ])) as [
        { currency: string }[],
        { status: PaymentStatus; count: number; amount: number }[],
        { bucket: AgingBucket; count: number; amount: number }[],
        { id: string; name: string; outstandingAmount: number; dueDate: string }[],
        { day: number; received: number }[],
        { charged: number } | undefined,
      ];

    const collectedPerDay = query.days.map(() => 0);
    for (const row of perDay) collectedPerDay[row.day] = row.received;
    return {
      currencies: currencyRows.map((row) => row.currency),
      statuses,
      aging: AGING_BUCKETS.map((bucket) => {
        const row = agingRows.find((one) => one.bucket === bucket);
        return { bucket, count: row?.count ?? 0, amount: row?.amount ?? 0 };
      }),
      topOverdue,
      collectedPerDay,
      charged: charged?.charged ?? 0,
    };
  }
}
