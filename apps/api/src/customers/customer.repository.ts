import type {
  BalanceAdjustment,
  Customer,
  CustomerSortField,
  Page,
  PaymentStatus,
} from '@collection-desk/contracts';

/** What a caller supplies to create a customer; the repository assigns id, timestamps and version. */
export interface NewCustomer {
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  outstandingAmount: number;
  currency: string;
  dueDate: string;
  paymentStatus: PaymentStatus;
  assigneeId: string | null;
  notes: string | null;
}

export type CustomerChanges = Partial<NewCustomer>;

/** Why and by whom the outstanding amount was changed by hand; amounts are taken from the change. */
export interface AdjustmentNote {
  reason: string;
  actorId: string;
}

export interface CustomerSort {
  field: CustomerSortField;
  direction: 'asc' | 'desc';
}

/** `exclude` (the default view) hides archived customers, `only` shows nothing else. */
export type ArchivedFilter = 'exclude' | 'include' | 'only';

/**
 * One page of a customer list. Every filter is optional and they combine with AND.
 *
 * `q` is split into words (case and accents ignored); each word must be the start of a word of
 * the name or the email, or, when it is all digits, appear anywhere in the phone number.
 * Sorting always ends with `id` ascending so that pages never overlap or skip a row.
 */
export interface CustomerListCriteria {
  q?: string;
  statuses?: PaymentStatus[];
  dueFrom?: string;
  dueTo?: string;
  minOutstanding?: number;
  maxOutstanding?: number;
  assigneeId?: string;
  currency?: string;
  archived?: ArchivedFilter;
  sort: CustomerSort[];
  page: number;
  pageSize: number;
}

/**
 * The customers' storage port. Adapters live in `storage/` and are bound in StorageModule.
 *
 * Errors: `CustomerNotFoundError`, `CustomerVersionConflictError` (expected version is stale) and
 * `CustomerEmailTakenError` (email already used, compared case-insensitively, archived included).
 */
export abstract class CustomerRepository {
  abstract create(input: NewCustomer): Promise<Customer>;

  /** Archived customers are returned too: a link to one must still open. */
  abstract findById(id: string): Promise<Customer | null>;

  /**
   * Applies `changes` only if the stored version is `expectedVersion`; bumps the version. With
   * `adjustment`, a change of `outstandingAmount` is recorded in the same atomic write.
   */
  abstract update(
    id: string,
    expectedVersion: number,
    changes: CustomerChanges,
    adjustment?: AdjustmentNote,
  ): Promise<Customer>;

  /** Hand-made changes of the outstanding amount, newest first. */
  abstract listAdjustments(customerId: string): Promise<BalanceAdjustment[]>;

  /** Sets `archivedAt`; archiving an archived customer changes nothing. */
  abstract archive(id: string): Promise<Customer>;

  /** Clears `archivedAt`; restoring an active customer changes nothing. */
  abstract restore(id: string): Promise<Customer>;

  abstract list(criteria: CustomerListCriteria): Promise<Page<Customer>>;

  /** Customers whose email matches one of `emails`, case-insensitively, archived included. */
  abstract findByEmails(emails: readonly string[]): Promise<Customer[]>;
}
