import type { AgingFigure, StatusFigure } from '@collection-desk/contracts';

/** A span of time as instants: [start, end). */
export interface Span {
  start: string;
  end: string;
}

export interface DashboardQuery {
  currency: string;
  assigneeId?: string;
  /** Calendar dates (TZ) that split the aging buckets: due on or after `current` is current;
   * 1–30 days past due is due on or after `days30`, and so on. */
  aging: { current: string; days30: string; days60: string; days90: string };
  /** One span per calendar day (TZ) of the collected line, oldest first. */
  days: (Span & { date: string })[];
  /** Charges in this span are the sales behind DSO. */
  salesWindow: Span;
  /** IANA zone of the day spans (for engines that bucket by calendar day themselves). */
  timeZone: string;
}

/** What storage sums; the service turns it into the dashboard. Archived customers never count. */
export interface DashboardFigures {
  currencies: string[];
  statuses: StatusFigure[];
  aging: AgingFigure[];
  topOverdue: { id: string; name: string; outstandingAmount: number; dueDate: string }[];
  /** Net of payment and reversal entries per day span, as money received (positive). */
  collectedPerDay: number[];
  /** Charges (opening amounts) in the sales window. */
  charged: number;
}

/** Aggregates computed by the storage engine (SQL, Elasticsearch aggregations): never row by row. */
export abstract class DashboardRepository {
  abstract figures(query: DashboardQuery): Promise<DashboardFigures>;
}
