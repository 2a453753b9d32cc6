import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import { AGING_BUCKETS, type AgingBucket, type PaymentStatus } from '@collection-desk/contracts';

import {
  type DashboardFigures,
  type DashboardQuery,
  DashboardRepository,
} from '../../dashboard/dashboard.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

/**
 * Sums in SQL; every amount is an integer column summed by SQLite's exact integer sum. Balances
 * come from customer_balances and money movements from the ledger's quarter hours, all kept by
 * every write (see migration 012): thousands of rows read instead of millions.
 */
@Injectable()
export class SqliteDashboardRepository extends DashboardRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  /** Every figure from one snapshot, read on the pool's connections, off the event loop. */
  async figures(query: DashboardQuery): Promise<DashboardFigures> {
    const inView = `currency = :currency${query.assigneeId ? ' AND assignee_id = :assignee' : ''}`;
    const params: Record<string, SQLInputValue> = { currency: query.currency };
    if (query.assigneeId) params['assignee'] = query.assigneeId;
    // A day in TZ starts on a quarter hour in every zone in use today, so it is a range of the
    // kept quarter hours: the team's, or the assignee's customers'.
    const movements = query.assigneeId ? 'ledger_assignee_quarter_hours' : 'ledger_quarter_hours';
    const days = query.days.map((_, index) => `(${index}, :s${index}, :t${index})`).join(', ');
    const spans: Record<string, string> = {};
    query.days.forEach((day, index) => {
      spans[`s${index}`] = day.start;
      spans[`t${index}`] = day.end;
    });

    const [currencyRows, statuses, agingRows, topOverdue, perDayRows, charged] =
      (await this.database.reads.snapshot([
        {
          method: 'all',
          sql: 'SELECT DISTINCT currency FROM customer_counts WHERE archived = 0 AND n > 0 ORDER BY currency',
          params: [],
        },
        {
          method: 'all',
          sql: `SELECT payment_status AS status, sum(customers) AS count, sum(outstanding) AS amount
                FROM customer_balances WHERE ${inView}
                GROUP BY payment_status HAVING sum(customers) > 0 ORDER BY payment_status`,
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
                       sum(owing) AS count, sum(outstanding) AS amount
                FROM customer_balances WHERE ${inView} AND owing > 0 GROUP BY bucket`,
          params: { ...params, ...query.aging },
        },
        {
          method: 'all',
          sql: `SELECT id, name, outstanding_amount AS outstandingAmount, due_date AS dueDate
                FROM customers INDEXED BY customers_overdue_amount
                WHERE archived_at IS NULL AND ${inView} AND payment_status = 'overdue'
                ORDER BY outstanding_amount DESC, id LIMIT 10`,
          params,
        },
        {
          method: 'all',
          sql: `WITH days (day, start, end) AS (VALUES ${days})
                SELECT day, -sum(amount) AS received
                FROM days JOIN ${movements}
                  ON kind IN ('payment', 'reversal') AND starts_at >= start AND starts_at < end
                WHERE ${inView}
                GROUP BY day`,
          params: { ...params, ...spans },
        },
        {
          method: 'get',
          sql: `SELECT coalesce(sum(amount), 0) AS charged FROM ${movements}
                WHERE ${inView} AND kind = 'charge' AND starts_at >= :from AND starts_at < :to`,
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
    for (const row of perDayRows) collectedPerDay[row.day] = row.received;
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
