import type {
  Customer,
  CustomerPage,
  CustomerSortField,
  LedgerEntry,
  Page,
  PaymentStatus,
} from '@collection-desk/contracts';

import { searchTerms } from './customer-search.js';

export interface CustomerSort {
  field: CustomerSortField;
  direction: 'asc' | 'desc';
}

/** `exclude` (the default view) hides archived customers, `only` shows nothing else. */
export type ArchivedFilter = 'exclude' | 'include' | 'only';

/** The filters of a customer list; every one is optional and they combine with AND. */
export interface CustomerFilter {
  q?: string;
  statuses?: PaymentStatus[];
  dueFrom?: string;
  dueTo?: string;
  minOutstanding?: number;
  maxOutstanding?: number;
  assigneeId?: string;
  currency?: string;
  archived?: ArchivedFilter;
}

/**
 * The order of a list: sort keys, or `relevance`, a search's best matches first — the customer
 * whose email is `q`, then those whose name starts with `q` (case and accents ignored, see
 * `namePrefixOf`), then every other match; by name, then id, within each group. Without words
 * in `q`, `relevance` is the name order.
 */
export type CustomerOrder = CustomerSort[] | 'relevance';

export const BY_NAME: CustomerSort[] = [{ field: 'name', direction: 'asc' }];

/** The sort keys of an order, or null for a relevance order of a search that has words. */
export function sortKeysOf(order: CustomerOrder, q: string | undefined): CustomerSort[] | null {
  if (order !== 'relevance') return order;
  return searchTerms(q ?? '').length === 0 ? BY_NAME : null;
}

/** The direction `id` breaks ties in: the last key's, so one index walk serves the whole order. */
export function tieBreakDirection(sort: readonly CustomerSort[]): CustomerSort['direction'] {
  return sort.at(-1)?.direction ?? 'asc';
}

/**
 * One page of a customer list.
 *
 * `q` is split into words (case and accents ignored); each word must be the start of a word of
 * the name or the email, or, when it is all digits, appear anywhere in the phone number.
 * Sorting always ends with `id`, in the direction of the last key (ascending without one), so
 * that pages never overlap or skip a row and an index on (key, id) serves the order either way.
 */
export interface CustomerListCriteria extends CustomerFilter {
  sort: CustomerOrder;
  page: number;
  pageSize: number;
}

export interface CustomerCreation {
  customer: Customer;
  opening: LedgerEntry | null;
}

export interface CustomerChange {
  next: Customer;
  expectedVersion: number;
  entry?: LedgerEntry;
}

/** A slice of an import's writes: it arrives while the next one is still being prepared. */
export interface CustomerImportBatch {
  creates: readonly CustomerCreation[];
  updates: readonly CustomerChange[];
}

/**
 * The customers' storage port: it stores what the service decided and nothing more. Ids,
 * timestamps, versions, statuses and ledger entries all arrive fully formed.
 *
 * Atomicity promised by every adapter: a customer and the ledger entry written with it are
 * stored together or not at all, and a replace only happens over the version it was based on.
 *
 * Errors: `CustomerNotFoundError`, `CustomerVersionConflictError` (the stored version is not the
 * expected one) and `CustomerEmailTakenError` (email already used, compared case-insensitively,
 * archived customers included).
 */
export abstract class CustomerRepository {
  /** Stores a new customer with its opening `charge` entry, if it opens owing money. */
  abstract insert(customer: Customer, opening: LedgerEntry | null): Promise<void>;

  /** Archived customers are returned too: a link to one must still open. */
  abstract findById(id: string): Promise<Customer | null>;

  /**
   * Stores `next` in place of the customer whose stored version is `expectedVersion`, and
   * appends `entry` to its ledger in the same atomic write.
   */
  abstract replace(next: Customer, expectedVersion: number, entry?: LedgerEntry): Promise<void>;

  /** One page; the total is exact up to LIST_TOTAL_EXACT_UP_TO, then `gte` that number. */
  abstract list(criteria: CustomerListCriteria): Promise<CustomerPage>;

  /**
   * Every matching customer in `sort` order, `batchSize` at a time, read from one consistent
   * view of the data: rows changed meanwhile are neither skipped nor repeated. For exports.
   */
  abstract scan(
    filter: CustomerFilter,
    sort: CustomerOrder,
    batchSize: number,
  ): AsyncIterable<Customer[]>;

  /**
   * Customers not archived, `pending`, owing money, with a due date before `today`, in (dueDate,
   * id) order after `after`: the overdue scan's candidates, read through an index.
   */
  abstract overdueCandidates(
    today: string,
    after: { dueDate: string; id: string } | null,
    limit: number,
  ): Promise<Customer[]>;

  /**
   * Stores each `next` over `previous`, the customer as the caller read it (no ledger entries),
   * in as few writes as the store allows; one that changed since (another version) or went is
   * skipped. Returns the ids stored.
   */
  abstract replaceMany(
    changes: readonly { previous: Customer; next: Customer }[],
  ): Promise<string[]>;

  /**
   * An import's writes, batch by batch as the caller prepares them (an import is never held
   * whole): new customers with their opening charges, and changes over expected versions with
   * their adjustments. SQLite stores all batches or none, also when the batches themselves stop
   * with an error. Elasticsearch has no such transaction: it writes one by one, and a retry of
   * the same writes (same ids) completes what an interrupted attempt began without duplicating
   * anything.
   */
  abstract importMany(
    batches: AsyncIterable<CustomerImportBatch> | Iterable<CustomerImportBatch>,
  ): Promise<void>;

  /** Customers whose email matches one of `emails`, case-insensitively, archived included. */
  abstract findByEmails(emails: readonly string[]): Promise<Customer[]>;

  /** A customer's ledger, newest first. */
  abstract ledger(customerId: string, page: number, pageSize: number): Promise<Page<LedgerEntry>>;

  /**
   * The sum of a customer's ledger, after storage has finished any write it left half-done
   * (Elasticsearch copies entries still waiting in the customer's outbox). The service compares
   * it with the balance and repairs a difference.
   */
  abstract ledgerBalance(customerId: string): Promise<number>;
}
