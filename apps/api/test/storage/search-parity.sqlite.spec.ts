import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Customer, matchesSearch } from '@collection-desk/contracts';

import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { migration015SearchWords } from '../../src/storage/sqlite/migrations/015-search-words.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { aCustomer } from './customer-fixtures.js';

// The list reads a sorted search's first pages by checking `matchesSearch` row by row, and
// every other page through the full-text index, its words as prefixes or, where search_words
// says no other word starts with one, whole: all must find the same customers.
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
    // A private-use character, which the index's tokenizer keeps inside a word, and words that
    // start with others ("globex" and "globexcorp", "ar" and "ar2").
    aCustomer({ name: 'Globex\uE000Corp Holdings', email: 'ar2@globexcorp.test' }),
    aCustomer({ name: 'Globex Logistics', email: 'ar@globex.test' }),
    // Where the index's tokenizer and JavaScript split words differently: it splits at an en
    // dash, and keeps an emoji newer than its Unicode tables inside a word.
    aCustomer({ name: 'Stark–Industries', email: 'ap@stark.test' }),
    aCustomer({ name: 'Acme\u{1F951}Avocados', email: 'ap@avocados.test' }),
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
    'globex',
    'globex holdings',
    'corp',
    'ar',
    'industries',
    'acme',
  ])('"%s" finds the same customers both ways', async (q) => {
    const expected = customers
      .filter((customer) => matchesSearch(customer, q))
      .map((customer) => customer.name)
      .sort();
    // The search index read with every word a prefix, and read with whole words where
    // search_words allows (a search alone sorted by a field).
    for (const sort of [[], [{ field: 'dueDate', direction: 'asc' }]] as const) {
      const page = await repository.list({ q, sort: [...sort], page: 1, pageSize: 100 });
      expect(page.items.map((customer) => customer.name).sort()).toEqual(expected);
    }
  });

  it('keeps, for every word of the index with a letter, a word that starts with it', () => {
    database.exec("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, customer_search, 'row')");
    const unkept = database.all<{ term: string }>(
      `SELECT term FROM temp.terms WHERE term GLOB '*[^0-9]*' AND NOT EXISTS (
         SELECT 1 FROM search_words WHERE word >= term AND word < term || char(1114111))`,
    );
    database.exec('DROP TABLE temp.terms');
    expect(unkept).toEqual([]);
  });

  it('fills the kept words from the index when upgrading (migration 015)', () => {
    const kept = database.all('SELECT word FROM search_words ORDER BY word');
    database.exec('DROP TABLE search_words');
    database.exec(migration015SearchWords.sql);
    const filled = database.all<{ word: string }>('SELECT word FROM search_words ORDER BY word');
    // The index's own words; the writes keep more (the rest of a word after a character
    // outside ASCII), never fewer.
    expect(filled.length).toBeGreaterThan(0);
    expect(kept).toEqual(expect.arrayContaining(filled));
  });
});
