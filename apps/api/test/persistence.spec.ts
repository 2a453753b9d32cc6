import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { CustomerRepository } from '../src/customers/customer.repository.js';
import { MIGRATIONS } from '../src/storage/sqlite/migrations.js';
import { DATABASE_FILE_NAME, SqliteDatabase } from '../src/storage/sqlite/sqlite-database.js';
import { aCustomer, openingOf, storeBulkyCustomers } from './storage/customer-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('embedded storage across restarts', () => {
  const started: TestApp[] = [];

  afterEach(async () => {
    for (const subject of started.splice(0)) await subject.dispose();
  });

  it('keeps every customer and applies each migration once', async () => {
    const first = await startTestApp();
    const created = aCustomer();
    await first.app.get(CustomerRepository).insert(created, openingOf(created));
    await first.close();

    const second = await startTestApp({}, { dataDir: first.dataDir });
    started.push(second);

    expect(await second.app.get(CustomerRepository).findById(created.id)).toEqual(created);
    const database = second.app.get(SqliteDatabase);
    expect(database.all('SELECT version FROM schema_migrations ORDER BY version')).toEqual(
      MIGRATIONS.map(({ version }) => ({ version })),
    );
    expect(database.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(database.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
  });

  it('folds the write-ahead log into the database file beside the API, and empties it on shutdown', async () => {
    const subject = await startTestApp();
    started.push(subject);
    const database = subject.app.get(SqliteDatabase);
    const file = join(subject.dataDir, DATABASE_FILE_NAME);
    // The API's own commits checkpoint only past a backstop (the log stays bounded under
    // back-to-back writes), far above what this test writes: a background thread does the rest.
    expect(database.get('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 25_000 });
    const sizeBefore = statSync(file).size;

    await storeBulkyCustomers(subject.app.get(CustomerRepository), {
      count: 300,
      noteBytes: 4_000,
      prefix: 'wal',
    });

    // Over a megabyte of new pages reach the database file without any commit copying them.
    await expect
      .poll(() => statSync(file).size, { timeout: 10_000 })
      .toBeGreaterThan(sizeBefore + 1_000_000);
    await subject.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
