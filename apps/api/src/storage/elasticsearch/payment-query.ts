import type { estypes } from '@elastic/elasticsearch';

import type { PaymentListCriteria } from '../../payments/payment.repository.js';

/** The filters of a payment list as a bool query of exact terms and ranges. */
export function paymentListQuery(criteria: PaymentListCriteria): estypes.QueryDslQueryContainer {
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (criteria.customerId) filter.push({ term: { customerId: criteria.customerId } });
  if (criteria.statuses?.length) filter.push({ terms: { status: criteria.statuses } });
  if (criteria.methods?.length) filter.push({ terms: { method: criteria.methods } });
  if (criteria.createdFrom || criteria.createdBefore) {
    filter.push({
      range: {
        createdAt: {
          ...(criteria.createdFrom ? { gte: criteria.createdFrom } : {}),
          ...(criteria.createdBefore ? { lt: criteria.createdBefore } : {}),
        },
      },
    });
  }
  return filter.length ? { bool: { filter } } : { match_all: {} };
}

/** The requested order, missing values last, ties broken by id so pages never overlap. */
export function paymentListSort(criteria: PaymentListCriteria): estypes.SortCombinations[] {
  return [
    ...criteria.sort.map(({ field, direction }) => ({
      [field]: { order: direction, missing: '_last' as const },
    })),
    { id: { order: 'desc' as const } },
  ];
}

export function paymentListRequest(
  index: string,
  criteria: PaymentListCriteria,
): estypes.SearchRequest {
  return {
    index,
    query: paymentListQuery(criteria),
    sort: paymentListSort(criteria),
    from: (criteria.page - 1) * criteria.pageSize,
    size: criteria.pageSize,
    track_total_hits: true,
  };
}
