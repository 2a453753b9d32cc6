import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import { AGING_BUCKETS, type PaymentStatus } from '@collection-desk/contracts';

import {
  type DashboardFigures,
  type DashboardQuery,
  DashboardRepository,
} from '../../dashboard/dashboard.repository.js';
import {
  currenciesRequest,
  dashboardCustomersRequest,
  dashboardLedgerRequest,
  topOverdueRequest,
} from './dashboard-query.js';
import { TranslatesElasticsearchErrors } from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';

/** How many customer ids a ledger filter may name (assignee's customers, archived ones). */
const MAX_IDS = 10_000;

interface Sum {
  value?: number | null;
}

/** The dashboard from Elasticsearch aggregations: nothing is loaded customer by customer. */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchDashboardRepository extends DashboardRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async figures(query: DashboardQuery): Promise<DashboardFigures> {
    const customersIndex = this.indices.alias('customers');
    const [customers, currencies, top, scope] = await Promise.all([
      this.elasticsearch.search(dashboardCustomersRequest(customersIndex, query)),
      this.elasticsearch.search(currenciesRequest(customersIndex)),
      this.elasticsearch.search<{
        id: string;
        name: string;
        outstandingAmount: number;
        dueDate: string;
      }>(topOverdueRequest(customersIndex, query)),
      this.ledgerScope(query),
    ]);
    const ledger = await this.elasticsearch.search(
      dashboardLedgerRequest(this.indices.alias('ledger'), query, scope),
    );
    const aggs = customers.aggregations as unknown as {
      statuses: { buckets: { key: PaymentStatus; doc_count: number; amount: Sum }[] };
      aging: { buckets: { buckets: Record<string, { doc_count: number; amount: Sum }> } };
    };
    const ledgerAggs = ledger.aggregations as unknown as {
      received: { days: { buckets: { key_as_string: string; amount: Sum }[] } };
      charged: { amount: Sum };
    };
    const exact = (sum: Sum) => Math.round(sum.value ?? 0);
    const perDay = new Map(
      ledgerAggs.received.days.buckets.map((bucket) => [
        bucket.key_as_string,
        -exact(bucket.amount),
      ]),
    );
    return {
      currencies: (
        currencies.aggregations as unknown as { currencies: { buckets: { key: string }[] } }
      ).currencies.buckets.map((bucket) => bucket.key),
      statuses: aggs.statuses.buckets.map((bucket) => ({
        status: bucket.key,
        count: bucket.doc_count,
        amount: exact(bucket.amount),
      })),
      aging: AGING_BUCKETS.map((bucket) => {
        const found = aggs.aging.buckets.buckets[bucket];
        return { bucket, count: found?.doc_count ?? 0, amount: found ? exact(found.amount) : 0 };
      }),
      topOverdue: top.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : [])),
      collectedPerDay: query.days.map((day) => perDay.get(day.date) ?? 0),
      charged: exact(ledgerAggs.charged.amount),
    };
  }

  /** Which customers' ledger entries count: the assignee's, less the archived. */
  private async ledgerScope(
    query: DashboardQuery,
  ): Promise<{ only?: string[]; excluded: string[] }> {
    const ids = async (filter: object) =>
      (
        await this.elasticsearch.search<{ id: string }>({
          index: this.indices.alias('customers'),
          query: filter,
          size: MAX_IDS,
          _source: ['id'],
        })
      ).hits.hits.flatMap((hit) => (hit._source ? [hit._source.id] : []));
    const [only, excluded] = await Promise.all([
      query.assigneeId
        ? ids({ term: { assigneeId: query.assigneeId } })
        : Promise.resolve(undefined),
      ids({ exists: { field: 'archivedAt' } }),
    ]);
    return { only, excluded };
  }
}
