import type { estypes } from '@elastic/elasticsearch';

import type { IndexName } from './index-names.js';

export type IndexDefinition = Pick<estypes.IndicesCreateRequest, 'mappings' | 'settings'>;

const keyword = { type: 'keyword' } as const;
const date = { type: 'date', format: 'strict_date_optional_time' } as const;
const calendarDate = { type: 'date', format: 'strict_date' } as const;
const money = { type: 'long' } as const;
const unindexedText = { type: 'keyword', index: false, doc_values: false } as const;
/** Kept in _source for the adapter, never searched. */
const storedOnly = { type: 'object', enabled: false } as const;

/** Only the fields below may be written: a typo fails loudly instead of growing the mapping. */
const strict = { dynamic: 'strict' } as const;

/** Indices read only by id: one shard, and no refresh needed for the reads to see writes. */
const byIdOnly = { number_of_shards: 1 } as const;

/**
 * The mappings of every index. Adding a field is additive: start-up puts the mapping on the
 * existing index. Changing or removing one needs a new version in INDEX_VERSIONS.
 */
export const INDEX_DEFINITIONS: Record<IndexName, IndexDefinition> = {
  customers: {
    settings: {
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
        pendingPaymentsAmount: money,
        currency: keyword,
        dueDate: calendarDate,
        paymentStatus: keyword,
        assigneeId: keyword,
        notes: { type: 'text' },
        createdAt: date,
        updatedAt: date,
        version: { type: 'integer' },
        archivedAt: date,
        // Written by the first release; kept so its documents stay valid. Search uses the two below.
        searchWords: keyword,
        phoneSuffixes: keyword,
        // Every prefix of every folded word of name and email, and every digit run of the phone:
        // `q` is answered with term lookups (see customer-query.ts), never a prefix query.
        wordPrefixes: keyword,
        phoneDigitRuns: keyword,
        // Every prefix of nameSort: "the name starts with q" ranks a search (a term lookup).
        namePrefixes: keyword,
        // Ledger entries committed with this version, not yet copied to the ledger index, and how
        // many entries the customer's ledger has (the next entry's sequence is one more).
        outbox: storedOnly,
        ledgerCount: { type: 'long', index: false },
        // Payments changed with this version, not yet copied to the payments index.
        paymentOutbox: storedOnly,
      },
    },
  },
  'customer-emails': {
    settings: byIdOnly,
    mappings: { ...strict, properties: { customerId: keyword, reservedAt: date } },
  },
  ledger: {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        customerId: keyword,
        kind: keyword,
        amount: money,
        currency: keyword,
        runningBalance: money,
        paymentId: keyword,
        reason: { type: 'text' },
        actorId: keyword,
        createdAt: date,
        // Position in the customer's ledger, so listing newest first is exact within a millisecond.
        sequence: { type: 'long' },
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
        version: { type: 'integer' },
      },
    },
  },
  'user-emails': {
    settings: byIdOnly,
    mappings: { ...strict, properties: { userId: keyword, reservedAt: date } },
  },
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
    settings: byIdOnly,
    mappings: {
      ...strict,
      properties: { familyId: keyword, issuedAt: date, usedAt: date, expiresAt: date },
    },
  },
  payments: {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        customerId: keyword,
        customerName: { type: 'keyword', index: false },
        amount: money,
        currency: keyword,
        method: keyword,
        reference: { type: 'keyword', index: false },
        card: storedOnly,
        status: keyword,
        failureReason: { type: 'keyword', index: false },
        createdBy: keyword,
        createdAt: date,
        updatedAt: date,
        settledAt: date,
        version: { type: 'integer' },
      },
    },
  },
  // One per (sender, Idempotency-Key), by a digest of both: creating it claims the key.
  'payment-keys': {
    settings: byIdOnly,
    mappings: {
      ...strict,
      properties: {
        paymentId: keyword,
        customerId: keyword,
        fingerprint: { type: 'keyword', index: false },
        firstResponse: { type: 'keyword', index: false, doc_values: false },
        reservedAt: date,
      },
    },
  },
  notifications: {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        kind: keyword,
        title: { type: 'keyword', index: false },
        message: { type: 'keyword', index: false },
        customerId: keyword,
        paymentId: keyword,
        actorId: keyword,
        assigneeId: keyword,
        dedupeKey: keyword,
        createdAt: date,
      },
    },
  },
  // A user's read-all mark (id `mark:<user>`) and single reads above it (`<user>:<notification>`).
  'notification-reads': {
    mappings: {
      ...strict,
      properties: { userId: keyword, notificationId: keyword, readUpTo: keyword },
    },
  },
  // An import's summary is kept whole; only what it is looked up by is indexed.
  imports: {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        status: keyword,
        createdAt: date,
        expiresAt: date,
        summary: storedOnly,
      },
    },
  },
  'import-rows': {
    mappings: {
      ...strict,
      properties: {
        importId: keyword,
        row: { type: 'integer' },
        valid: { type: 'boolean' },
        action: keyword,
        hasWarnings: { type: 'boolean' },
        document: storedOnly,
      },
    },
  },
  'overdue-runs': {
    mappings: {
      ...strict,
      properties: {
        id: keyword,
        trigger: keyword,
        startedAt: date,
        durationMs: { type: 'long' },
        checked: { type: 'long' },
        markedOverdue: { type: 'long' },
        notified: { type: 'long' },
        error: { type: 'keyword', index: false },
      },
    },
  },
  // Single documents that several instances agree through: the first-user marker, the roster of
  // active admins, leases of scheduled jobs, the migration lock.
  coordination: {
    settings: byIdOnly,
    mappings: {
      ...strict,
      properties: {
        kind: keyword,
        userId: keyword,
        adminIds: keyword,
        holder: keyword,
        acquiredAt: date,
        expiresAt: date,
      },
    },
  },
};
