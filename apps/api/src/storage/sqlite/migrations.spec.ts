import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MIGRATIONS, runMigrations } from './migrations.js';
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

  it('refuses a database written by a newer release', () => {
    database.run("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00Z')");

    expect(() => runMigrations(database)).toThrow(
      /schema version 99, newer than this release knows/,
    );
  });
});
