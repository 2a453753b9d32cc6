import { Injectable } from '@nestjs/common';

import {
  type AgingBucket,
  type Customer,
  DASHBOARD_WINDOW_DAYS,
  type DashboardSummary,
} from '@collection-desk/contracts';

import { OnDomainEvent } from '../common/events/domain-events.js';
import { Clock } from '../common/time/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CustomerRepository } from '../customers/customer.repository.js';
import { DashboardRepository, type DashboardQuery, type Span } from './dashboard.repository.js';

/** A computed dashboard is reused until something changes, and never for longer than this. */
const CACHE_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The dashboard's rules: which dates split the aging buckets, which instants make a day in TZ,
 * what DSO is. Storage sums; this assembles. A computed answer is kept until a customer or
 * payment changes on this instance (their events clear it), at most CACHE_MS.
 */
@Injectable()
export class DashboardService {
  private readonly cache = new Map<string, { at: number; summary: Promise<DashboardSummary> }>();

  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly customers: CustomerRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  summary(currency: string | undefined, assigneeId: string | undefined): Promise<DashboardSummary> {
    const wanted = currency ?? this.config.defaultCurrency;
    const today = this.clock.today();
    const key = `${wanted}|${assigneeId ?? ''}|${today}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.summary;
    const summary = this.compute(wanted, assigneeId, today);
    this.cache.set(key, { at: Date.now(), summary });
    summary.catch(() => this.cache.delete(key));
    return summary;
  }

  @OnDomainEvent('customer.created')
  @OnDomainEvent('customer.updated')
  @OnDomainEvent('payment.updated')
  @OnDomainEvent('overdue.scan-finished')
  @OnDomainEvent('import.finished')
  forget(): void {
    this.cache.clear();
  }

  /** Days past due on `today`: 0 while not yet due. */
  static daysPastDue(dueDate: string, today: string): number {
    return Math.max(0, Math.round((Date.parse(today) - Date.parse(dueDate)) / DAY_MS));
  }

  static bucketOf(dueDate: string, today: string): AgingBucket {
    const days = DashboardService.daysPastDue(dueDate, today);
    if (days === 0) return 'current';
    if (days <= 30) return '1-30';
    if (days <= 60) return '31-60';
    if (days <= 90) return '61-90';
    return '90+';
  }

  /** Every customer owing money in one currency, oldest due first, for the aging export. */
  agingBatches(currency: string | undefined): AsyncIterable<Customer[]> {
    return this.customers.scan(
      { currency: currency ?? this.config.defaultCurrency, minOutstanding: 1, archived: 'exclude' },
      [{ field: 'dueDate', direction: 'asc' }],
      1000,
    );
  }

  today(): string {
    return this.clock.today();
  }

  private async compute(
    currency: string,
    assigneeId: string | undefined,
    today: string,
  ): Promise<DashboardSummary> {
    const days = this.lastDays(today, DASHBOARD_WINDOW_DAYS);
    const query: DashboardQuery = {
      currency,
      assigneeId,
      aging: {
        current: today,
        days30: Clock.addDays(today, -30),
        days60: Clock.addDays(today, -60),
        days90: Clock.addDays(today, -90),
      },
      days,
      salesWindow: { start: days[0].start, end: days.at(-1)!.end },
      timeZone: this.clock.timeZone,
    };
    const figures = await this.dashboard.figures(query);
    const statusOf = (status: string) =>
      figures.statuses.find((row) => row.status === status) ?? { count: 0, amount: 0 };
    const outstanding = {
      count: figures.aging.reduce((sum, row) => sum + row.count, 0),
      amount: figures.aging.reduce((sum, row) => sum + row.amount, 0),
    };
    const overdue = statusOf('overdue');
    const perDay = figures.collectedPerDay;
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    return {
      currency,
      currencies: figures.currencies.includes(currency)
        ? figures.currencies
        : [...figures.currencies, currency].sort(),
      asOf: today,
      outstanding,
      overdue: { count: overdue.count, amount: overdue.amount },
      collected: {
        last30Days: sum(perDay.slice(-30)),
        previous30Days: sum(perDay.slice(-60, -30)),
      },
      statuses: (['pending', 'overdue', 'completed'] as const).map((status) => ({
        status,
        ...(({ count, amount }) => ({ count, amount }))(statusOf(status)),
      })),
      aging: figures.aging,
      // DSO = outstanding receivables ÷ amounts charged in the last 90 days × 90.
      dso:
        figures.charged > 0
          ? Math.round((outstanding.amount / figures.charged) * DASHBOARD_WINDOW_DAYS * 10) / 10
          : null,
      topOverdue: figures.topOverdue.map((row) => ({
        ...row,
        daysPastDue: DashboardService.daysPastDue(row.dueDate, today),
      })),
      collectedPerDay: days.map((day, index) => ({ date: day.date, amount: perDay[index] ?? 0 })),
    };
  }

  /** The last `count` days in TZ, today included, each as its span of instants. */
  private lastDays(today: string, count: number): (Span & { date: string })[] {
    return Array.from({ length: count }, (_, index) => {
      const date = Clock.addDays(today, index - count + 1);
      return {
        date,
        start: this.clock.startOfDay(date).toISOString(),
        end: this.clock.startOfDay(Clock.addDays(date, 1)).toISOString(),
      };
    });
  }
}
