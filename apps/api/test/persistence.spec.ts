import { afterEach, describe, expect, it } from 'vitest';

import { CustomerRepository } from '../src/customers/customer.repository.js';
import { MIGRATIONS } from '../src/storage/sqlite/migrations.js';
import { SqliteDatabase } from '../src/storage/sqlite/sqlite-database.js';
import { aCustomer, openingOf } from './storage/customer-fixtures.js';
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
});
