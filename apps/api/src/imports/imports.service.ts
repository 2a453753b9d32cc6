import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';

import type {
  CommitImportRequest,
  ImportDateFormat,
  ImportPhase,
  ImportRowFilter,
  ImportSummary,
  ImportTotals,
  Page,
} from '@collection-desk/contracts';

import type { Principal } from '../auth/principal.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { timeOrderedId, timeOrderedIdFloor } from '../common/ids/time-ordered-id.js';
import { runUntilAvailable } from '../common/retry/until-available.js';
import { Clock } from '../common/time/clock.js';
import { assertWithinWindow } from '../common/validation/page.query.js';
import { AppConfig } from '../config/app-config.js';
import {
  CustomerEmailTakenError,
  CustomerVersionConflictError,
} from '../customers/customer.errors.js';
import type { CustomerImportRow } from '../customers/customer-import.js';
import { CustomerRepository } from '../customers/customer.repository.js';
import { normalizeEmail } from '../customers/customer-search.js';
import { CustomersService } from '../customers/customers.service.js';
import { UserRepository } from '../users/user.repository.js';
import {
  ImportHasInvalidRowsError,
  ImportNotCommittableError,
  ImportNotFoundError,
  ImportStaleError,
} from './import.errors.js';
import { ImportRepository, type StoredImportRow } from './import.repository.js';
import { matchColumns } from './import-columns.js';
import type { CheckedRow } from './import-row-validation.js';
import { errorWorkbook, templateWorkbook } from './import-workbooks.js';
import { RowCheckerThread } from './row-checker-thread.js';
import { SheetUpload } from './sheet-upload.js';
import { SpreadsheetReader } from './spreadsheet/spreadsheet-reader.js';
import type { UploadTotals } from './upload-check.js';

/** Rows written to storage per write while an import is validated. */
const STORE_BATCH = 250;
/** Rows turned into customers at a time by a commit, while storage writes the batch before. */
const COMMIT_BATCH = 250;
const EXPIRY_MS = 24 * 60 * 60 * 1000;
/** Rows this old without an import belong to an upload cut short (reading takes seconds). */
const UNCLAIMED_AFTER_MS = 60 * 60 * 1000;
/** A commit still running after this long was interrupted (100,000 rows take seconds). */
const STALE_COMMIT_MS = 15 * 60 * 1000;
/** Below this many rows nobody watches a progress bar. */
const PROGRESS_FROM_ROWS = 2_000;

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface UploadOptions {
  dateFormat: ImportDateFormat;
  uploadToken: string | null;
}

/**
 * Imports customers from a spreadsheet in two steps: an upload that reads and checks every row
 * and writes nothing but the import itself, then a commit that writes the valid rows through
 * the customers service's rules. Announces each commit once (`import.finished`).
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly imports: ImportRepository,
    private readonly reader: SpreadsheetReader,
    private readonly customers: CustomersService,
    private readonly customerStore: CustomerRepository,
    private readonly users: UserRepository,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Reads, checks and stores the rows of an upload slice by slice as they are read, so a large
   * file is never held whole; on any refusal the rows stored so far go again.
   */
  async upload(
    file: UploadedFile,
    options: UploadOptions,
    actor: Principal,
  ): Promise<ImportSummary> {
    const progress = this.progressReporter(actor.user.id, null, options.uploadToken);
    const id = timeOrderedId();
    const assignees = await this.assigneesByEmail();
    // Set by the header; the closures below change it, hence no narrowing to `null` here.
    let sheet = null as SheetUpload | null;
    let format: ImportSummary['format'];
    let totals: ImportTotals;
    try {
      ({ format } = await this.reader.read(file.bytes, {
        header: (header) => {
          const { positions, columns } = matchColumns(header.cells);
          const checker = new RowCheckerThread({
            positions,
            dateFormat: options.dateFormat,
            defaultCurrency: this.config.defaultCurrency,
            today: this.clock.today(),
            assignees,
          });
          sheet = new SheetUpload(columns, checker, async (rows, counted) => {
            await this.storeChecked(id, counted, rows);
            // How many rows the file has is known only at its end.
            progress('validating', counted.totals.rows, 0);
          });
        },
        rows: (rows) => sheet!.add(rows),
        reset: async () => {
          await sheet?.abandon();
          sheet = null;
          await this.imports.discardRows(id);
        },
      }));
      totals = await sheet!.finish();
    } catch (error) {
      await sheet?.abandon();
      await this.discardQuietly(id);
      throw error;
    }
    const { columns } = sheet!;
    progress('validating', totals.rows, totals.rows);
    const now = this.clock.now();
    const summary: ImportSummary = {
      id,
      status: 'validated',
      fileName: file.fileName,
      format,
      dateFormat: options.dateFormat,
      totals,
      columns,
      createdBy: actor.user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + EXPIRY_MS).toISOString(),
      committedAt: null,
      mode: null,
      onInvalid: null,
      result: null,
    };
    await this.imports.insert(summary);
    this.logger.log(
      { importId: id, format, rows: totals.rows, invalid: totals.invalid },
      'Import validated',
    );
    return summary;
  }

  async get(id: string): Promise<ImportSummary> {
    const found = await this.imports.find(id);
    if (!found) throw new ImportNotFoundError(id);
    return found;
  }

  list(page: number, pageSize: number): Promise<Page<ImportSummary>> {
    assertWithinWindow(page, pageSize);
    return this.imports.list(page, pageSize);
  }

  async rows(
    id: string,
    filter: ImportRowFilter | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<StoredImportRow>> {
    assertWithinWindow(page, pageSize);
    await this.get(id);
    return this.imports.rows(id, filter, page, pageSize);
  }

  /**
   * Writes the valid rows: all of them or none on SQLite. Only a validated import can be
   * committed, once; `abort` refuses while any row is invalid, and then nothing changes.
   */
  async commit(id: string, request: CommitImportRequest, actor: Principal): Promise<ImportSummary> {
    const summary = await this.get(id);
    if (summary.status !== 'validated') throw new ImportNotCommittableError(id, summary.status);
    if (request.onInvalid === 'abort' && summary.totals.invalid > 0) {
      throw new ImportHasInvalidRowsError(summary.totals.invalid);
    }
    const committing: ImportSummary = {
      ...summary,
      status: 'committing',
      ...request,
      committedAt: this.clock.now().toISOString(),
    };
    if (!(await this.imports.transition(committing, ['validated']))) {
      throw new ImportNotCommittableError(id, (await this.get(id)).status);
    }
    const progress = this.progressReporter(actor.user.id, id, null);
    try {
      const outcome = await this.customers.importCustomers({
        batches: this.rowsToWrite(id, (written) =>
          progress('committing', written, summary.totals.valid),
        ),
        mode: request.mode,
        actorId: actor.user.id,
        reason: `Imported from ${summary.fileName}`,
      });
      const committed: ImportSummary = {
        ...committing,
        status: 'committed',
        committedAt: this.clock.now().toISOString(),
        result: {
          created: outcome.created,
          updated: outcome.updated,
          skipped: outcome.skipped + summary.totals.invalid,
          failed: outcome.failed.length,
        },
      };
      await this.imports.transition(committed, ['committing']);
      progress('committing', summary.totals.valid, summary.totals.valid);
      this.events.publish('import.finished', { import: committed, actorId: actor.user.id });
      return committed;
    } catch (error) {
      // SQLite wrote nothing; Elasticsearch completes an interrupted commit on the next one.
      // The commit is offered again at once, or as soon as storage is free (a commit refused
      // as busy met another import's writer, whose lock also refuses this reset for a while).
      await runUntilAvailable(
        () => this.imports.transition(summary, ['committing']),
        (failure) =>
          this.logger.warn({ importId: id, err: failure }, 'A failed commit could not be reopened'),
      );
      if (error instanceof CustomerVersionConflictError) {
        throw new ImportStaleError('A customer in the file was changed while it was imported.');
      }
      if (error instanceof CustomerEmailTakenError) {
        throw new ImportStaleError(`${error.message} It was added while the import was written.`);
      }
      throw error;
    }
  }

  /**
   * The valid rows of an import, a batch at a time in spreadsheet order, with the key their ids
   * derive from; reports how many were handed on so far.
   */
  private async *rowsToWrite(
    id: string,
    onProgress: (written: number) => void,
  ): AsyncIterable<CustomerImportRow[]> {
    let written = 0;
    for await (const batch of this.imports.allRows(id, 'valid', COMMIT_BATCH)) {
      yield batch.map((row) => ({ key: `import:${id}:row:${row.row}`, customer: row.customer! }));
      written += batch.length;
      onProgress(written);
    }
  }

  /** The invalid rows as an .xlsx to fix and upload again. */
  async errorFile(id: string): Promise<{ fileName: string; content: Buffer }> {
    const summary = await this.get(id);
    const content = await errorWorkbook(
      summary.columns,
      this.imports.allRows(id, 'invalid', 1_000),
    );
    const base = summary.fileName.replace(/\.[^.]+$/, '');
    return { fileName: `${base}-errors.xlsx`, content };
  }

  async template(): Promise<Buffer> {
    const assignees = await this.assigneesByEmail();
    return templateWorkbook({
      currencies: [...new Set([this.config.defaultCurrency, ...COMMON_CURRENCIES])],
      assigneeEmails: [...assignees.keys()],
      defaultCurrency: this.config.defaultCurrency,
      today: this.clock.today(),
    });
  }

  /**
   * Validated imports never committed go after a day, rows and all. A commit that began long
   * ago and never ended was cut short by a crash: SQLite wrote nothing of it, Elasticsearch
   * completes it on the next commit (same ids), so it is offered again. Rows of an upload cut
   * short by a crash (no import was ever stored for them) go after an hour.
   */
  @Interval('import-expiry', 15 * 60 * 1000)
  async expire(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - STALE_COMMIT_MS).toISOString();
    for (const stale of await this.imports.staleCommits(cutoff)) {
      const reopened: ImportSummary = { ...stale, status: 'validated', committedAt: null };
      if (await this.imports.transition(reopened, ['committing'])) {
        this.logger.warn({ importId: stale.id }, 'An interrupted commit was reopened');
      }
    }
    const expired = await this.imports.expire(now.toISOString());
    if (expired > 0) this.logger.log({ expired }, 'Uncommitted imports expired');
    const unclaimed = await this.imports.discardUnclaimedRows(
      timeOrderedIdFloor(new Date(now.getTime() - UNCLAIMED_AFTER_MS)),
    );
    if (unclaimed > 0) {
      this.logger.warn({ uploads: unclaimed }, 'Rows of uploads cut short were deleted');
    }
    return expired;
  }

  private async assigneesByEmail(): Promise<Map<string, string>> {
    const users = await this.users.list();
    return new Map(
      users
        .filter((user) => user.active && user.role !== 'viewer')
        .map((user) => [normalizeEmail(user.email), user.id] as const),
    );
  }

  /**
   * Deletes a refused upload's rows, now or as soon as storage is free; a failure here must not
   * hide why the upload failed (the expiry job deletes what is left after an hour).
   */
  private async discardQuietly(id: string): Promise<void> {
    await runUntilAvailable(
      () => this.imports.discardRows(id),
      (failure) =>
        this.logger.warn(
          { importId: id, err: failure },
          'The rows of a refused upload stay stored',
        ),
    );
  }

  /** Marks which checked rows update an existing customer, and stores them. */
  private async storeChecked(id: string, totals: UploadTotals, rows: CheckedRow[]): Promise<void> {
    const emails = rows.flatMap((row) => (row.customer ? [row.customer.email] : []));
    const existing = await this.customerStore.findByEmails(emails);
    const existingEmails = new Set(existing.map((customer) => normalizeEmail(customer.email)));
    const stored = totals.toStore(rows, existingEmails);
    for (let start = 0; start < stored.length; start += STORE_BATCH) {
      await this.imports.appendRows(id, stored.slice(start, start + STORE_BATCH));
      await yieldToEventLoop();
    }
  }

  /**
   * Progress for large files, to the importing user's sockets, at most every 2% or so, or every
   * thousand rows while the total is unknown (0).
   */
  private progressReporter(userId: string, importId: string | null, uploadToken: string | null) {
    let lastShare = -1;
    return (phase: ImportPhase, done: number, total: number) => {
      if (Math.max(done, total) < PROGRESS_FROM_ROWS) return;
      const share = total > 0 ? Math.floor((done / total) * 50) : Math.floor(done / 1_000);
      if (share === lastShare && done !== total) return;
      lastShare = share;
      this.events.publish('import.progress-of', {
        userId,
        progress: { importId, uploadToken, phase, done, total },
      });
    };
  }
}

/** Offered in the template's currency list after the default one. */
const COMMON_CURRENCIES = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'JPY',
  'CAD',
  'AUD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
];
