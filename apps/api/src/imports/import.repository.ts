import type {
  ImportRow,
  ImportRowFilter,
  ImportStatus,
  ImportSummary,
  Page,
} from '@collection-desk/contracts';

import type { ImportedCustomer } from '../customers/customer-import.js';

/** A row as kept between validation and commit: what it will write, when it is valid. */
export interface StoredImportRow extends ImportRow {
  customer: ImportedCustomer | null;
}

/**
 * Storage of imports and their checked rows. Rows are appended in batches while an import is
 * validated and read back in spreadsheet order; an import moves between statuses only from the
 * status its caller saw, so two commits can never both start.
 */
export abstract class ImportRepository {
  abstract insert(summary: ImportSummary): Promise<void>;

  /** Appends rows to an import (the service writes them in batches). */
  abstract appendRows(importId: string, rows: readonly StoredImportRow[]): Promise<void>;

  /** Deletes every row of an import (an upload refused part way); nothing when it has none. */
  abstract discardRows(importId: string): Promise<void>;

  /**
   * Deletes the rows of uploads that never became an import (the process stopped while one was
   * read) whose time-ordered id sorts below `idsBelow`; returns how many such uploads there were.
   * Rows of an upload still being read have a recent id and stay.
   */
  abstract discardUnclaimedRows(idsBelow: string): Promise<number>;

  abstract find(id: string): Promise<ImportSummary | null>;

  /** Newest first. */
  abstract list(page: number, pageSize: number): Promise<Page<ImportSummary>>;

  /** One page of rows in spreadsheet order, filtered. */
  abstract rows(
    importId: string,
    filter: ImportRowFilter | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<StoredImportRow>>;

  /** Every row matching `filter`, in spreadsheet order, `batchSize` at a time. */
  abstract allRows(
    importId: string,
    filter: ImportRowFilter | undefined,
    batchSize: number,
  ): AsyncIterable<StoredImportRow[]>;

  /**
   * Stores `next` if the import's stored status is one of `from`; false (and nothing stored)
   * otherwise.
   */
  abstract transition(next: ImportSummary, from: readonly ImportStatus[]): Promise<boolean>;

  /** Imports still `committing` whose commit began before `startedBefore` (a crashed commit). */
  abstract staleCommits(startedBefore: string): Promise<ImportSummary[]>;

  /**
   * Deletes the rows of imports still `validated` whose `expiresAt` is before `now` and marks
   * them `expired`; returns how many.
   */
  abstract expire(now: string): Promise<number>;
}
