import type { estypes } from '@elastic/elasticsearch';

import type { IndexName } from './index-names.js';

type Definition = Pick<estypes.IndicesCreateRequest, 'mappings' | 'settings'>;

const keyword = { type: 'keyword' } as const;
const date = { type: 'date', format: 'strict_date_optional_time' } as const;
const calendarDate = { type: 'date', format: 'strict_date' } as const;
const money = { type: 'long' } as const;
const unindexedText = { type: 'keyword', index: false, doc_values: false } as const;

/** Only the fields below may be written: a typo fails loudly instead of growing the mapping. */
const strict = { dynamic: 'strict' } as const;

/**
 * Lists page with from/size; the default window (10,000 hits) would stop at page 500 of 20.
 * Deeper pages cost more heap on each shard: keep the window bounded.
 */
const MAX_RESULT_WINDOW = 200_000;

export const INDEX_DEFINITIONS: Record<IndexName, Definition> = {
  customers: {
    settings: {
      max_result_window: MAX_RESULT_WINDOW,
      analysis: {
        normalizer: { folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] } },
      },
    },
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        name: { type: 'text', fields: { keyword: { type: 'keyword', normalizer: 'folded' } } },
        // Same key as the SQLite adapter (customer-search.ts), so both sort names alike.
        nameSort: keyword,
        email: { type: 'keyword', index: false },
        emailNormalized: keyword,
        phone: keyword,
        address: { type: 'text' },
        outstandingAmount: money,
        currency: keyword,
        dueDate: calendarDate,
        paymentStatus: keyword,
        assigneeId: keyword,
        notes: { type: 'text' },
        createdAt: date,
        updatedAt: date,
        version: { type: 'integer' },
        archivedAt: date,
        // Folded words of name and email: `q` matches their prefixes (see customer-query.ts).
        searchWords: keyword,
        // Every suffix of the phone's digits: a prefix query on them finds any digit run.
        phoneSuffixes: keyword,
      },
    },
  },
  'customer-emails': { mappings: { ...strict, properties: { customerId: keyword } } },
  'customer-adjustments': {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        customerId: keyword,
        previousAmount: money,
        newAmount: money,
        currency: keyword,
        reason: { type: 'text' },
        actorId: keyword,
        createdAt: date,
      },
    },
  },
  users: {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        email: { type: 'keyword', index: false },
        emailNormalized: keyword,
        name: { type: 'text' },
        role: keyword,
        active: { type: 'boolean' },
        passwordHash: unindexedText,
        createdAt: date,
        updatedAt: date,
      },
    },
  },
  'user-emails': { mappings: { ...strict, properties: { userId: keyword } } },
  sessions: {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        userId: keyword,
        createdAt: date,
        expiresAt: date,
        revokedAt: date,
        revokedReason: keyword,
      },
    },
  },
  'refresh-tokens': {
    mappings: { ...strict, properties: { familyId: keyword, issuedAt: date, usedAt: date } },
  },
};
