import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';

import type { ImportSummary } from '@collection-desk/contracts';

import { timeOrderedIdFloor } from '../../src/common/ids/time-ordered-id.js';
import type { ImportRepository, StoredImportRow } from '../../src/imports/import.repository.js';

export interface ImportStoreUnderTest {
  imports: ImportRepository;
  close(): Promise<void>;
}

function aSummary(overrides: Partial<ImportSummary> = {}): ImportSummary {
  const createdAt = new Date().toISOString();
  return {
    id: uuidv7(),
    status: 'validated',
    fileName: 'customers.xlsx',
    format: 'xlsx',
    dateFormat: 'YYYY-MM-DD',
    totals: {
      rows: 0,
      valid: 0,
      invalid: 0,
      toCreate: 0,
      toUpdate: 0,
      duplicatesInFile: 0,
      withWarnings: 0,
    },
    columns: { matched: [{ header: 'Name', column: 'name' }], unknown: [], missing: [] },
    createdBy: 'u-1',
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + 86_400_000).toISOString(),
    committedAt: null,
    mode: null,
    onInvalid: null,
    result: null,
    ...overrides,
  };
}

/** Row `n`: invalid when n % 3 === 0, an update when n % 4 === 0, a warning when n % 5 === 0. */
function aRow(row: number): StoredImportRow {
  const invalid = row % 3 === 0;
  return {
    row,
    action: invalid ? null : row % 4 === 0 ? 'update' : 'create',
    values: { name: `Customer ${row}` },
    errors: invalid ? [{ column: 'email', message: 'is required' }] : [],
    warnings: !invalid && row % 5 === 0 ? [{ column: 'paymentStatus', message: 'differs' }] : [],
    customer: invalid
      ? null
      : {
          name: `Customer ${row}`,
          email: `c${row}@import.test`,
          outstandingAmount: row,
          currency: 'EUR',
          dueDate: '2027-01-01',
        },
  };
}

/** What every import store must do. `setup` must return an empty store. */
export function describeImportRepositoryContract(
  adapterName: string,
  setup: () => Promise<ImportStoreUnderTest>,
): void {
  describe(`Import repository contract: ${adapterName}`, () => {
    let subject: ImportStoreUnderTest;

    beforeEach(async () => {
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('stores a summary and reads it back; lists newest first', async () => {
      const older = aSummary({ createdAt: '2026-01-01T00:00:00.000Z' });
      const newer = aSummary({ createdAt: '2026-02-01T00:00:00.000Z' });
      await subject.imports.insert(older);
      await subject.imports.insert(newer);

      expect(await subject.imports.find(older.id)).toEqual(older);
      expect(await subject.imports.find(uuidv7())).toBeNull();
      expect(await subject.imports.list(1, 10)).toEqual({
        items: [newer, older],
        total: 2,
        page: 1,
        pageSize: 10,
      });
      expect((await subject.imports.list(2, 1)).items).toEqual([older]);
    });

    it('keeps rows in spreadsheet order whatever the order of the batches, filtered and paged', async () => {
      const summary = aSummary();
      const rows = Array.from({ length: 30 }, (_, index) => aRow(index + 2));
      await subject.imports.appendRows(summary.id, rows.slice(15));
      await subject.imports.appendRows(summary.id, rows.slice(0, 15));
      await subject.imports.insert(summary);

      const page = await subject.imports.rows(summary.id, undefined, 2, 10);
      expect(page).toEqual({ items: rows.slice(10, 20), total: 30, page: 2, pageSize: 10 });
      const oracle = {
        valid: rows.filter((row) => row.errors.length === 0),
        invalid: rows.filter((row) => row.errors.length > 0),
        create: rows.filter((row) => row.action === 'create'),
        update: rows.filter((row) => row.action === 'update'),
        warning: rows.filter((row) => row.warnings.length > 0),
      };
      for (const [filter, expected] of Object.entries(oracle)) {
        const found = await subject.imports.rows(summary.id, filter as keyof typeof oracle, 1, 100);
        expect(found.items, filter).toEqual(expected);
        expect(found.total, filter).toBe(expected.length);
      }
      const batches: StoredImportRow[][] = [];
      for await (const batch of subject.imports.allRows(summary.id, 'valid', 7))
        batches.push(batch);
      expect(batches.flat()).toEqual(oracle.valid);
      expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(7);
      expect((await subject.imports.rows(uuidv7(), undefined, 1, 10)).total).toBe(0);
    });

    it("discards an import's rows, and only its own, before the import itself is stored", async () => {
      const refused = uuidv7();
      const kept = aSummary();
      await subject.imports.appendRows(refused, [aRow(2), aRow(3)]);
      await subject.imports.appendRows(kept.id, [aRow(2), aRow(4)]);
      await subject.imports.insert(kept);

      await subject.imports.discardRows(refused);
      await subject.imports.discardRows(uuidv7());

      expect((await subject.imports.rows(refused, undefined, 1, 10)).total).toBe(0);
      expect((await subject.imports.rows(kept.id, undefined, 1, 10)).items).toEqual([
        aRow(2),
        aRow(4),
      ]);
    });

    it('discards the rows of old uploads that never became an import, and only those', async () => {
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      const cutShort = timeOrderedIdFloor(twoHoursAgo);
      const claimed = aSummary({ id: timeOrderedIdFloor(new Date(twoHoursAgo.getTime() + 1)) });
      const reading = uuidv7();
      await subject.imports.appendRows(cutShort, [aRow(2), aRow(3)]);
      await subject.imports.appendRows(claimed.id, [aRow(2)]);
      await subject.imports.insert(claimed);
      await subject.imports.appendRows(reading, [aRow(2)]);

      const hourAgo = timeOrderedIdFloor(new Date(Date.now() - 60 * 60 * 1000));
      expect(await subject.imports.discardUnclaimedRows(hourAgo)).toBe(1);

      expect((await subject.imports.rows(cutShort, undefined, 1, 10)).total).toBe(0);
      expect((await subject.imports.rows(claimed.id, undefined, 1, 10)).total).toBe(1);
      expect((await subject.imports.rows(reading, undefined, 1, 10)).total).toBe(1);
      expect(await subject.imports.discardUnclaimedRows(hourAgo)).toBe(0);
    });

    it('moves status only from the one its caller saw: one of two racing commits starts', async () => {
      const summary = aSummary();
      await subject.imports.insert(summary);
      const committing = {
        ...summary,
        status: 'committing' as const,
        mode: 'upsert' as const,
        onInvalid: 'skip' as const,
      };

      const outcomes = await Promise.all([
        subject.imports.transition(committing, ['validated']),
        subject.imports.transition(committing, ['validated']),
      ]);

      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await subject.imports.find(summary.id)).toEqual(committing);
      expect(
        await subject.imports.transition({ ...committing, status: 'committed' }, ['validated']),
      ).toBe(false);
      expect(await subject.imports.transition(aSummary(), ['validated'])).toBe(false);
    });

    it('finds commits that began before a time and never ended', async () => {
      const cut = aSummary({ status: 'committing', committedAt: '2026-01-01T00:00:00.000Z' });
      const running = aSummary({ status: 'committing', committedAt: '2026-01-01T00:20:00.000Z' });
      const done = aSummary({ status: 'committed', committedAt: '2025-12-31T00:00:00.000Z' });
      for (const summary of [cut, running, done]) await subject.imports.insert(summary);

      expect(await subject.imports.staleCommits('2026-01-01T00:10:00.000Z')).toEqual([cut]);
    });

    it('expires validated imports past their time with their rows, and nothing else', async () => {
      const now = new Date();
      const past = new Date(now.getTime() - 1000).toISOString();
      const due = aSummary({ expiresAt: past });
      const committed = aSummary({ expiresAt: past, status: 'committed' });
      const fresh = aSummary();
      for (const summary of [due, committed, fresh]) {
        await subject.imports.insert(summary);
        await subject.imports.appendRows(summary.id, [aRow(2), aRow(3)]);
      }

      expect(await subject.imports.expire(now.toISOString())).toBe(1);

      expect((await subject.imports.find(due.id))?.status).toBe('expired');
      expect((await subject.imports.rows(due.id, undefined, 1, 10)).total).toBe(0);
      expect((await subject.imports.find(committed.id))?.status).toBe('committed');
      expect((await subject.imports.rows(fresh.id, undefined, 1, 10)).total).toBe(2);
      expect(await subject.imports.expire(now.toISOString())).toBe(0);
    });
  });
}
