import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';

import type {
  ImportRowFilter,
  ImportStatus,
  ImportSummary,
  Page,
} from '@collection-desk/contracts';

import { ImportRepository, type StoredImportRow } from '../../imports/import.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

const ROW_FILTERS: Record<ImportRowFilter, string> = {
  valid: 'AND valid = 1',
  invalid: 'AND valid = 0',
  create: "AND action = 'create'",
  update: "AND action = 'update'",
  warning: 'AND has_warnings = 1',
};

const filterSql = (filter: ImportRowFilter | undefined) => (filter ? ROW_FILTERS[filter] : '');

@Injectable()
export class SqliteImportRepository extends ImportRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  insert(summary: ImportSummary): Promise<void> {
    return Promise.try(() => {
      this.database.run(
        'INSERT INTO imports (id, status, created_at, expires_at, summary) VALUES (?, ?, ?, ?, ?)',
        summary.id,
        summary.status,
        summary.createdAt,
        summary.expiresAt,
        JSON.stringify(summary),
      );
    });
  }

  appendRows(importId: string, rows: readonly StoredImportRow[]): Promise<void> {
    return Promise.try(() =>
      this.database.transaction(() => {
        for (const row of rows) {
          this.database.run(
            `INSERT INTO import_rows (import_id, row_number, valid, action, has_warnings, document)
             VALUES (?, ?, ?, ?, ?, ?)`,
            importId,
            row.row,
            row.errors.length === 0 ? 1 : 0,
            row.action,
            row.warnings.length > 0 ? 1 : 0,
            JSON.stringify(row),
          );
        }
      }),
    );
  }

  discardRows(importId: string): Promise<void> {
    return Promise.try(() => {
      this.database.run('DELETE FROM import_rows WHERE import_id = ?', importId);
    });
  }

  discardUnclaimedRows(idsBelow: string): Promise<number> {
    return Promise.try(() =>
      this.database.transaction(() => {
        const unclaimed = this.database.all<{ import_id: string }>(
          `SELECT DISTINCT import_id FROM import_rows
           WHERE import_id < ? AND import_id NOT IN (SELECT id FROM imports)`,
          idsBelow,
        );
        for (const { import_id } of unclaimed) {
          this.database.run('DELETE FROM import_rows WHERE import_id = ?', import_id);
        }
        return unclaimed.length;
      }),
    );
  }

  find(id: string): Promise<ImportSummary | null> {
    return Promise.try(() => {
      const found = this.database.get<{ summary: string }>(
        'SELECT summary FROM imports WHERE id = ?',
        id,
      );
      return found ? (JSON.parse(found.summary) as ImportSummary) : null;
    });
  }

  list(page: number, pageSize: number): Promise<Page<ImportSummary>> {
    return Promise.try(() => {
      const items = this.database
        .all<{ summary: string }>(
          'SELECT summary FROM imports ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?',
          pageSize,
          (page - 1) * pageSize,
        )
        .map((row) => JSON.parse(row.summary) as ImportSummary);
      const total =
        this.database.get<{ total: number }>('SELECT count(*) AS total FROM imports')?.total ?? 0;
      return { items, total, page, pageSize };
    });
  }

  rows(
    importId: string,
    filter: ImportRowFilter | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<StoredImportRow>> {
    return Promise.try(() => {
      const where = `WHERE import_id = ? ${filterSql(filter)}`;
      const items = this.database
        .all<{ document: string }>(
          `SELECT document FROM import_rows ${where} ORDER BY row_number LIMIT ? OFFSET ?`,
          importId,
          pageSize,
          (page - 1) * pageSize,
        )
        .map((row) => JSON.parse(row.document) as StoredImportRow);
      const total =
        this.database.get<{ total: number }>(
          `SELECT count(*) AS total FROM import_rows ${where}`,
          importId,
        )?.total ?? 0;
      return { items, total, page, pageSize };
    });
  }

  async *allRows(
    importId: string,
    filter: ImportRowFilter | undefined,
    batchSize: number,
  ): AsyncIterable<StoredImportRow[]> {
    let after = 0;
    for (;;) {
      const batch = this.database.all<{ row_number: number; document: string }>(
        `SELECT row_number, document FROM import_rows
         WHERE import_id = ? AND row_number > ? ${filterSql(filter)}
         ORDER BY row_number LIMIT ?`,
        importId,
        after,
        batchSize,
      );
      if (batch.length === 0) return;
      after = batch[batch.length - 1].row_number;
      yield batch.map((row) => JSON.parse(row.document) as StoredImportRow);
      // Between batches, other requests get their turn on the event loop.
      await yieldToEventLoop();
    }
  }

  transition(next: ImportSummary, from: readonly ImportStatus[]): Promise<boolean> {
    return Promise.try(
      () =>
        this.database.run(
          `UPDATE imports SET status = ?, summary = ?
           WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
          next.status,
          JSON.stringify(next),
          next.id,
          ...from,
        ).changes > 0,
    );
  }

  staleCommits(startedBefore: string): Promise<ImportSummary[]> {
    return Promise.try(() =>
      this.database
        .all<{ summary: string }>("SELECT summary FROM imports WHERE status = 'committing'")
        .map((row) => JSON.parse(row.summary) as ImportSummary)
        .filter((summary) => (summary.committedAt ?? '') < startedBefore),
    );
  }

  expire(now: string): Promise<number> {
    return Promise.try(() =>
      this.database.transaction(() => {
        const due = this.database.all<{ id: string; summary: string }>(
          "SELECT id, summary FROM imports WHERE status = 'validated' AND expires_at < ?",
          now,
        );
        for (const { id, summary } of due) {
          this.database.run('DELETE FROM import_rows WHERE import_id = ?', id);
          const expired: ImportSummary = {
            ...(JSON.parse(summary) as ImportSummary),
            status: 'expired',
          };
          this.database.run(
            "UPDATE imports SET status = 'expired', summary = ? WHERE id = ?",
            JSON.stringify(expired),
            id,
          );
        }
        return due.length;
      }),
    );
  }
}
