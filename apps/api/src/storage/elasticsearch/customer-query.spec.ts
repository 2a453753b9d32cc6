import { describe, expect, it } from 'vitest';

import type { CustomerListCriteria } from '../../customers/customer.repository.js';
import {
  customerListQuery,
  customerListRequest,
  customerListSort,
  overdueCandidatesRequest,
  totalOf,
} from './customer-query.js';

const base: CustomerListCriteria = { sort: [], page: 1, pageSize: 20 };

describe('Elasticsearch customer list request', () => {
  it('hides archived customers by default and counts hits exactly up to 10,000', () => {
    expect(customerListRequest('cd-customers', base)).toEqual({
      index: 'cd-customers',
      query: { bool: { filter: [], must_not: [{ exists: { field: 'archivedAt' } }] } },
      sort: [{ id: { order: 'asc' } }],
      from: 0,
      size: 20,
      track_total_hits: 10_000,
    });
  });

  it('shows archived customers alongside or alone', () => {
    expect(customerListQuery({ archived: 'include' })).toEqual({
      bool: { filter: [], must_not: [] },
    });
    expect(customerListQuery({ archived: 'only' })).toEqual({
      bool: { filter: [{ exists: { field: 'archivedAt' } }], must_not: [] },
    });
  });

  it('turns every filter into a non-scoring clause, bounds included', () => {
    const query = customerListQuery({
      archived: 'include',
      statuses: ['pending', 'overdue'],
      dueFrom: '2026-01-01',
      dueTo: '2026-03-31',
      minOutstanding: 100,
      maxOutstanding: 5000,
      assigneeId: 'agent-1',
      currency: 'EUR',
    });

    expect(query).toEqual({
      bool: {
        filter: [
          { terms: { paymentStatus: ['pending', 'overdue'] } },
          { range: { dueDate: { gte: '2026-01-01', lte: '2026-03-31' } } },
          { range: { outstandingAmount: { gte: 100, lte: 5000 } } },
          { term: { assigneeId: 'agent-1' } },
          { term: { currency: 'EUR' } },
        ],
        must_not: [],
      },
    });
  });

  it('keeps a one-sided range one-sided', () => {
    expect(customerListQuery({ archived: 'include', dueFrom: '2026-05-01' })).toEqual({
      bool: {
        filter: [{ range: { dueDate: { gte: '2026-05-01', lte: undefined } } }],
        must_not: [],
      },
    });
    expect(customerListQuery({ archived: 'include', maxOutstanding: 0 })).toEqual({
      bool: {
        filter: [{ range: { outstandingAmount: { gte: undefined, lte: 0 } } }],
        must_not: [],
      },
    });
  });

  it('requires every search word to start a word, folded, by term lookups only (no prefix query); digits may also match inside the phone', () => {
    const query = customerListQuery({ archived: 'include', q: '  José ÁLVAREZ, 4155 ' });

    expect(query).toEqual({
      bool: {
        filter: [
          { term: { wordPrefixes: 'jose' } },
          { term: { wordPrefixes: 'alvarez' } },
          {
            bool: {
              should: [{ term: { wordPrefixes: '4155' } }, { term: { phoneDigitRuns: '4155' } }],
              minimum_should_match: 1,
            },
          },
        ],
        must_not: [],
      },
    });
    expect(JSON.stringify(query)).not.toContain('prefix"');
  });

  it('looks a very long word up by its first 20 characters, the longest prefix stored', () => {
    expect(
      customerListQuery({ archived: 'include', q: 'Donaudampfschifffahrtsgesellschaft' }),
    ).toEqual({
      bool: { filter: [{ term: { wordPrefixes: 'donaudampfschifffahr' } }], must_not: [] },
    });
  });

  it('reads a capped total as "at least"', () => {
    expect(totalOf({ value: 10_000, relation: 'gte' })).toEqual({
      total: 10_000,
      totalRelation: 'gte',
    });
    expect(totalOf({ value: 42, relation: 'eq' })).toEqual({ total: 42, totalRelation: 'eq' });
  });

  it('ignores a search made only of punctuation', () => {
    expect(customerListQuery({ archived: 'include', q: ' ,.- ' })).toEqual({
      bool: { filter: [], must_not: [] },
    });
  });

  it('sorts on the stored sort keys in the asked order, then by id', () => {
    expect(
      customerListSort([
        { field: 'name', direction: 'desc' },
        { field: 'email', direction: 'asc' },
        { field: 'outstandingAmount', direction: 'desc' },
        { field: 'dueDate', direction: 'asc' },
      ]),
    ).toEqual([
      { nameSort: { order: 'desc' } },
      { emailNormalized: { order: 'asc' } },
      { outstandingAmount: { order: 'desc' } },
      { dueDate: { order: 'asc' } },
      { id: { order: 'asc' } },
    ]);
  });

  it('ranks a search by score (email typed: 2, name starts with it: 1), then name, then id', () => {
    const request = customerListRequest('cd-customers', {
      ...base,
      q: '  Globex Logistics ',
      statuses: ['pending'],
      sort: 'relevance',
    });

    expect(request.query).toEqual({
      bool: {
        filter: [
          { terms: { paymentStatus: ['pending'] } },
          { term: { wordPrefixes: 'globex' } },
          { term: { wordPrefixes: 'logistics' } },
        ],
        must_not: [{ exists: { field: 'archivedAt' } }],
        should: [
          {
            constant_score: {
              filter: { term: { emailNormalized: 'globex logistics' } },
              boost: 2,
            },
          },
          { constant_score: { filter: { term: { namePrefixes: 'globex logistics' } }, boost: 1 } },
        ],
      },
    });
    expect(request.sort).toEqual([
      { _score: { order: 'desc' } },
      { nameSort: { order: 'asc' } },
      { id: { order: 'asc' } },
    ]);
  });

  it('orders a relevance list without search words by name', () => {
    const request = customerListRequest('cd-customers', { ...base, q: ' - ', sort: 'relevance' });
    expect(request.query).toEqual(customerListQuery({ q: ' - ' }));
    expect(request.sort).toEqual([{ nameSort: { order: 'asc' } }, { id: { order: 'asc' } }]);
  });

  it('turns a page number into an offset', () => {
    expect(customerListRequest('i', { ...base, page: 500, pageSize: 20 })).toMatchObject({
      from: 9980,
      size: 20,
    });
    expect(customerListRequest('i', { ...base, page: 3, pageSize: 100 })).toMatchObject({
      from: 200,
      size: 100,
    });
  });

  it('finds overdue candidates through filters alone, walking (dueDate, id) with search_after', () => {
    expect(
      overdueCandidatesRequest(
        'cd-customers',
        '2026-11-25',
        { dueDate: '2026-11-01', id: 'c-9' },
        500,
      ),
    ).toEqual({
      index: 'cd-customers',
      query: {
        bool: {
          filter: [
            { term: { paymentStatus: 'pending' } },
            { range: { dueDate: { lt: '2026-11-25' } } },
            { range: { outstandingAmount: { gt: 0 } } },
          ],
          must_not: [{ exists: { field: 'archivedAt' } }],
        },
      },
      sort: [{ dueDate: { order: 'asc' } }, { id: { order: 'asc' } }],
      search_after: ['2026-11-01', 'c-9'],
      size: 500,
      track_total_hits: false,
    });
  });
});
