import type { estypes } from '@elastic/elasticsearch';

import {
  type CustomerSortField,
  LIST_TOTAL_EXACT_UP_TO,
  type TotalRelation,
} from '@collection-desk/contracts';

import {
  isDigitTerm,
  MAX_INDEXED_PREFIX,
  namePrefixOf,
  normalizeEmail,
  searchTerms,
} from '../../customers/customer-search.js';
import {
  BY_NAME,
  type CustomerFilter,
  type CustomerListCriteria,
  type CustomerOrder,
  type CustomerSort,
  sortKeysOf,
  tieBreakDirection,
} from '../../customers/customer.repository.js';

const SORT_FIELDS: Record<CustomerSortField, string> = {
  name: 'nameSort',
  email: 'emailNormalized',
  outstandingAmount: 'outstandingAmount',
  dueDate: 'dueDate',
  paymentStatus: 'paymentStatus',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** The filters of a customer list as an Elasticsearch bool query (filter context: no scoring). */
export function customerListQuery(criteria: CustomerFilter): { bool: estypes.QueryDslBoolQuery } {
  const filter: estypes.QueryDslQueryContainer[] = [];
  const mustNot: estypes.QueryDslQueryContainer[] = [];
  const archived = criteria.archived ?? 'exclude';
  if (archived === 'exclude') mustNot.push({ exists: { field: 'archivedAt' } });
  if (archived === 'only') filter.push({ exists: { field: 'archivedAt' } });
  if (criteria.statuses?.length) filter.push({ terms: { paymentStatus: criteria.statuses } });
  if (criteria.dueFrom !== undefined || criteria.dueTo !== undefined) {
    filter.push({ range: { dueDate: { gte: criteria.dueFrom, lte: criteria.dueTo } } });
  }
  if (criteria.minOutstanding !== undefined || criteria.maxOutstanding !== undefined) {
    filter.push({
      range: { outstandingAmount: { gte: criteria.minOutstanding, lte: criteria.maxOutstanding } },
    });
  }
  if (criteria.assigneeId !== undefined) filter.push({ term: { assigneeId: criteria.assigneeId } });
  if (criteria.currency !== undefined) filter.push({ term: { currency: criteria.currency } });
  for (const term of criteria.q === undefined ? [] : searchTerms(criteria.q)) {
    const wordStart: estypes.QueryDslQueryContainer = {
      term: { wordPrefixes: term.slice(0, MAX_INDEXED_PREFIX) },
    };
    filter.push(
      isDigitTerm(term)
        ? {
            bool: {
              should: [wordStart, { term: { phoneDigitRuns: term } }],
              minimum_should_match: 1,
            },
          }
        : wordStart,
    );
  }
  return { bool: { filter, must_not: mustNot } };
}

/** Requested order, then `id` so that equal values never swap places between pages. */
export function customerListSort(sort: CustomerSort[]): estypes.SortCombinations[] {
  return [
    ...sort.map(({ field, direction }) => ({ [SORT_FIELDS[field]]: { order: direction } })),
    { id: { order: tieBreakDirection(sort) } },
  ];
}

/**
 * The query and sort of a list in `order`. A relevance order scores each match by the group it
 * belongs to (the email is `q`: 2, the name starts with `q`: 1; filters score nothing), then
 * sorts by score, name and id, as the SQLite adapter orders its groups.
 */
export function customerSearch(
  filter: CustomerFilter,
  order: CustomerOrder,
): { query: estypes.QueryDslQueryContainer; sort: estypes.SortCombinations[] } {
  const query = customerListQuery(filter);
  const sort = sortKeysOf(order, filter.q);
  if (sort) return { query, sort: customerListSort(sort) };
  const q = filter.q ?? '';
  const groups: estypes.QueryDslQueryContainer[] = [
    { constant_score: { filter: { term: { emailNormalized: normalizeEmail(q) } }, boost: 2 } },
    { constant_score: { filter: { term: { namePrefixes: namePrefixOf(q) } }, boost: 1 } },
  ];
  return {
    query: { bool: { ...query.bool, should: groups } },
    sort: [{ _score: { order: 'desc' } }, ...customerListSort(BY_NAME)],
  };
}

/**
 * The whole search request for one page. The total is counted exactly up to
 * LIST_TOTAL_EXACT_UP_TO matches and reported as "at least" beyond (see the list contract).
 */
export function customerListRequest(
  index: string,
  criteria: CustomerListCriteria,
): estypes.SearchRequest {
  return {
    index,
    ...customerSearch(criteria, criteria.sort),
    from: (criteria.page - 1) * criteria.pageSize,
    size: criteria.pageSize,
    track_total_hits: LIST_TOTAL_EXACT_UP_TO,
  };
}

/** A search's total as the list contract states it. */
export function totalOf(total: number | estypes.SearchTotalHits | undefined): {
  total: number;
  totalRelation: TotalRelation;
} {
  if (typeof total === 'number') return { total, totalRelation: 'eq' };
  return {
    total: total?.value ?? 0,
    totalRelation: total?.relation === 'gte' ? 'gte' : 'eq',
  };
}

/** Pending, owing, not archived, due before `today`; in (dueDate, id) order after `after`. */
export function overdueCandidatesRequest(
  index: string,
  today: string,
  after: { dueDate: string; id: string } | null,
  limit: number,
): estypes.SearchRequest {
  return {
    index,
    query: {
      bool: {
        filter: [
          { term: { paymentStatus: 'pending' } },
          { range: { dueDate: { lt: today } } },
          { range: { outstandingAmount: { gt: 0 } } },
        ],
        must_not: [{ exists: { field: 'archivedAt' } }],
      },
    },
    sort: [{ dueDate: { order: 'asc' } }, { id: { order: 'asc' } }],
    ...(after ? { search_after: [after.dueDate, after.id] } : {}),
    size: limit,
    track_total_hits: false,
  };
}
