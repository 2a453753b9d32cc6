import type { PaymentStatus } from './customer.js';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Days of history behind DSO and the collected-per-day line. */
export const DASHBOARD_WINDOW_DAYS = 90;

export interface AmountAndCount {
  count: number;
  /** Integer minor units. */
  amount: number;
}

export interface StatusFigure extends AmountAndCount {
  status: PaymentStatus;
}

export interface AgingFigure extends AmountAndCount {
  bucket: AgingBucket;
}

export interface DashboardSummary {
  currency: string;
  /** Every currency customers owe in, for the switch. */
  currencies: string[];
  /** Today in TZ: what "days past due" counts from. */
  asOf: string;
  /** Not archived, owing money. */
  outstanding: AmountAndCount;
  overdue: AmountAndCount;
  /** Net money received (payments less reversals) in the last 30 days, and the 30 before. */
  collected: { last30Days: number; previous30Days: number };
  statuses: StatusFigure[];
  aging: AgingFigure[];
  /** Days sales outstanding over the last 90 days; null when nothing was charged then. */
  dso: number | null;
  topOverdue: {
    id: string;
    name: string;
    outstandingAmount: number;
    dueDate: string;
    daysPastDue: number;
  }[];
  /** Oldest first, one entry per day of the last 90 (today included), zero-filled. */
  collectedPerDay: { date: string; amount: number }[];
}
