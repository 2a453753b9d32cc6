import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Customer, matchesSearch } from '@collection-desk/contracts';

import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { aCustomer } from './customer-fixtures.js';

// The list reads a sorted search's first pages by checking `matchesSearch` row by row, and
// every other page through the full-text index: both must find the same customers.
describe('matchesSearch and the SQLite search index', () => {
  let folder: string;
  let database: SqliteDatabase;
  let repository: SqliteCustomerRepository;
  const customers: Customer[] = [
    aCustomer({ name: 'Κωνσταντίνος Παπαδόπουλος', email: 'kp@athens.test', phone: null }),
    aCustomer({ name: 'Søren Kierkegaard', email: 'soren@copenhagen.test' }),
    aCustomer({ name: 'Straße & Söhne GmbH', email: 'info@strasse.test' }),
    aCustomer({ name: 'Ångström Supplies', email: 'sales@angstrom.test' }),
    aCustomer({ name: "O'Neil-Smith Ltd", email: 'ap_team@oneil-smith.test' }),
    aCustomer({ name: 'İstanbul Tekstil', email: 'muhasebe@istanbul.test' }),
    aCustomer({ name: 'Œuvre SA', email: 'compta@oeuvre.test', phone: '+33 1 23 45 67 89' }),
    aCustomer({ name: 'Zoë Müller', email: 'zoe.mueller@example.test', phone: '+49 30 1234567' }),
  ];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cd-search-parity-'));
    database = SqliteDatabase.open(join(folder, 'parity.db'));
    repository = new SqliteCustomerRepository(database);
    for (const customer of customers) await repository.insert(customer, null);
  });

  afterAll(() => {
    database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    'ΚΩΝΣ',
    'κωνσταντινος παπα',
    'soren',
    'søren',
    'strasse',
    'straße söhne',
    'angstrom',
    'o neil',
    'neil smith',
    'ap team',
    'istanbul',
    'œuvre',
    'oeuvre',
    '2345',
    '49 30',
    'zoe mueller',
  ])('"%s" finds the same customers both ways', async (q) => {
    const page = await repository.list({ q, sort: [], page: 1, pageSize: 100 });
    const found = page.items.map((customer) => customer.name).sort();
    const expected = customers
      .filter((customer) => matchesSearch(customer, q))
      .map((customer) => customer.name)
      .sort();
    expect(found).toEqual(expected);
  });
});
