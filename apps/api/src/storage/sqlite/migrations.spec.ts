import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MIGRATIONS, runMigrations } from './migrations.js';
import { migration013OverdueKeysByDueDate } from './migrations/013-overdue-keys-by-due-date.js';
import { SqliteDatabase } from './sqlite-database.js';

describe('SQLite migrations', () => {
  let folder: string;
  let database: SqliteDatabase;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'cd-migrations-'));
    database = SqliteDatabase.open(join(folder, 'test.db'));
  });

  afterEach(() => {
    database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('records each applied migration once, however often they run', () => {
    runMigrations(database);
    runMigrations(database);

    expect(database.all('SELECT version, name FROM schema_migrations')).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });

  it('rolls a failing migration back entirely and leaves the version where it was', () => {
    const latest = MIGRATIONS.at(-1)!.version;
    const broken = {
      version: latest + 1,
      name: 'broken',
      sql: 'CREATE TABLE half (id INTEGER); SELECT * FROM missing_table;',
    };

    expect(() => runMigrations(database, [...MIGRATIONS, broken])).toThrow(/missing_table/);
    expect(database.get("SELECT name FROM sqlite_master WHERE name = 'half'")).toBeUndefined();
    expect(database.get('SELECT max(version) AS version FROM schema_migrations')).toEqual({
      version: latest,
    });
  });

  it('rewrites overdue notification keys to lead with the due date, once', () => {
    const customerId = '0b7e2c4e-93d1-4f0a-9c61-5f1f6a3d2e10';
    const insert = (id: string, kind: string, key: string | null) =>
      database.run(
        `INSERT INTO notifications (id, kind, title, message, customer_id, dedupe_key, created_at)
         VALUES (?, ?, 'Title', 'Message', ?, ?, '2026-11-01T00:00:00.000Z')`,
        id,
        kind,
        customerId,
        key,
      );
    insert('n1', 'payment_overdue', `overdue:${customerId}:2026-10-31`);
    insert('n2', 'payment_overdue', `overdue:2026-11-30:${customerId}`);
    insert('n3', 'customer_created', null);

    database.exec(migration013OverdueKeysByDueDate.sql);
    database.exec(migration013OverdueKeysByDueDate.sql);

    expect(database.all('SELECT id, dedupe_key FROM notifications ORDER BY id')).toEqual([
      { id: 'n1', dedupe_key: `overdue:2026-10-31:${customerId}` },
      { id: 'n2', dedupe_key: `overdue:2026-11-30:${customerId}` },
      { id: 'n3', dedupe_key: null },
    ]);
  });

  it('refuses a database written by a newer release', () => {
    database.run("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00Z')");

    expect(() => runMigrations(database)).toThrow(
      /schema version 99, newer than this release knows/,
    );
  });
});
