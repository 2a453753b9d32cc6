import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import { AGING_BUCKETS, type AgingBucket, type PaymentStatus } from '@collection-desk/contracts';

import {
  type DashboardFigures,
  type DashboardQuery,
  DashboardRepository,
} from '../../dashboard/dashboard.repository.js';
import type { ReadQuery } from './read-pool.worker.js';
import { quarterHourOf } from './sqlite-customer-rows.js';
import { SqliteDatabase } from './sqlite-database.js';

type DayRows = { day: number; amount: number }[];
type Amount = { amount: number } | undefined;

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
    const movements = keptMovementsApply(query)
      ? keptMovements(query, params)
      : ledgerMovements(query, params);

    const [currencyRows, statuses, agingRows, topOverdue, ...movementRows] =
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
        ...movements.queries,
      ])) as [
        { currency: string }[],
        { status: PaymentStatus; count: number; amount: number }[],
        { bucket: AgingBucket; count: number; amount: number }[],
        { id: string; name: string; outstandingAmount: number; dueDate: string }[],
        ...unknown[],
      ];

    const { perDay, charged } = movements.read(movementRows);
    return {
      currencies: currencyRows.map((row) => row.currency),
      statuses,
      aging: AGING_BUCKETS.map((bucket) => {
        const row = agingRows.find((one) => one.bucket === bucket);
        return { bucket, count: row?.count ?? 0, amount: row?.amount ?? 0 };
      }),
      topOverdue,
      collectedPerDay: perDay,
      charged,
    };
  }
}

interface MovementQueries {
  queries: ReadQuery[];
  /** Money received per day (positive) and charged in the sales window, from the answers. */
  read(rows: unknown[]): { perDay: number[]; charged: number };
}

/** The kept quarter hours serve when every day starts on a quarter hour (in every real TZ). */
function keptMovementsApply(query: DashboardQuery): boolean {
  const instants = query.days.flatMap((day) => [day.start, day.end]);
  instants.push(query.salesWindow.start, query.salesWindow.end);
  return instants.every((instant) => quarterHourOf(instant) === instant);
}

/** The (day index, start, end) rows of a `days` CTE, and their parameters. */
function daySpans(query: DashboardQuery): { values: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  query.days.forEach((day, index) => {
    params[`s${index}`] = day.start;
    params[`t${index}`] = day.end;
  });
  return {
    values: query.days.map((_, index) => `(${index}, :s${index}, :t${index})`).join(', '),
    params,
  };
}

/** Movements summed from the kept quarter hours (the team's, or the assignee's). */
function keptMovements(query: DashboardQuery, params: Record<string, SQLInputValue>) {
  const days = daySpans(query);
  const [table, inView] = query.assigneeId
    ? ['ledger_assignee_quarter_hours', 'q.currency = :currency AND q.assignee_id = :assignee']
    : ['ledger_quarter_hours', 'q.currency = :currency'];
  const queries: ReadQuery[] = [
    {
      method: 'all',
      sql: `WITH days (day, start, end) AS (VALUES ${days.values})
            SELECT days.day AS day, coalesce(sum(q.amount), 0) AS amount
            FROM days JOIN ${table} q
              ON ${inView} AND q.kind IN ('payment', 'reversal')
                AND q.starts_at >= days.start AND q.starts_at < days.end
            GROUP BY days.day`,
      params: { ...params, ...days.params },
    },
    {
      method: 'get',
      sql: `SELECT coalesce(sum(q.amount), 0) AS amount FROM ${table} q
            WHERE ${inView} AND q.kind = 'charge' AND q.starts_at >= :from AND q.starts_at < :to`,
      params: { ...params, from: query.salesWindow.start, to: query.salesWindow.end },
    },
  ];
  return {
    queries,
    read(rows: unknown[]) {
      const [perDayRows, charged] = rows as [DayRows, Amount];
      const perDay = query.days.map(() => 0);
      for (const row of perDayRows) perDay[row.day] = -row.amount;
      return { perDay, charged: charged?.amount ?? 0 };
    },
  } satisfies MovementQueries;
}

/** Movements summed from the ledger itself: for days that do not start on a quarter hour. */
function ledgerMovements(query: DashboardQuery, params: Record<string, SQLInputValue>) {
  const days = daySpans(query);
  // Without an assignee, no join: archived customers (few) are left out by id.
  const inView = query.assigneeId
    ? `e.customer_id IN (SELECT id FROM customers
         WHERE archived_at IS NULL AND currency = :currency AND assignee_id = :assignee)`
    : 'e.customer_id NOT IN (SELECT id FROM customers WHERE archived_at IS NOT NULL)';
  const queries: ReadQuery[] = [
    {
      method: 'all',
      sql: `WITH days (day, start, end) AS (VALUES ${days.values})
            SELECT days.day AS day, coalesce(sum(e.amount), 0) AS amount
            FROM days JOIN ledger_entries e INDEXED BY ledger_movements
              ON e.kind IN ('payment', 'reversal') AND e.created_at >= days.start
                AND e.created_at < days.end
            WHERE e.currency = :currency AND ${inView}
            GROUP BY days.day`,
      params: { ...params, ...days.params },
    },
    {
      method: 'get',
      sql: `SELECT coalesce(sum(e.amount), 0) AS amount
            FROM ledger_entries e INDEXED BY ledger_movements
            WHERE e.kind = 'charge' AND e.created_at >= :from AND e.created_at < :to
              AND e.currency = :currency AND ${inView}`,
      params: { ...params, from: query.salesWindow.start, to: query.salesWindow.end },
    },
  ];
  return {
    queries,
    read(rows: unknown[]) {
      const [perDayRows, charged] = rows as [DayRows, Amount];
      const perDay = query.days.map(() => 0);
      for (const row of perDayRows) perDay[row.day] = -row.amount;
      return { perDay, charged: charged?.amount ?? 0 };
    },
  } satisfies MovementQueries;
}
