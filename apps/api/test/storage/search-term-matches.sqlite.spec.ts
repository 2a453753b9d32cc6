import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Customer } from '@collection-desk/contracts';

import {
  MOST_KEPT_BYTES,
  SearchTermMatches,
  type SearchTermMatchesOptions,
} from '../../src/storage/sqlite/search-term-matches.js';
import { SEARCH_MATCHES } from '../../src/storage/sqlite/sqlite-customer-queries.js';
import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { aCustomer, aVariedSet, changed, nextTimestamp, openingOf } from './customer-fixtures.js';

/**
 * Terms of searches as the read pool writes them: whole words, a prefix the index's prefix
 * tables hold, a longer one, and a rare word.
 */
const SEARCHES = [
  ['"contact"'],
  ['"delta"', '"foods"'],
  ['"ac"*'],
  ['"acme"*', '"contact"'],
  ['"117"'],
  ['"contact"', '"117"'],
];

describe('SearchTermMatches', () => {
  let folder: string;
  let database: SqliteDatabase;
  let repository: SqliteCustomerRepository;
  let reader: DatabaseSync;
  let termMatches: SearchTermMatches;
  let customers: Customer[];
  /** How many times the search index was read for a term. */
  let indexReads: number;
  /** How many single customers were looked up in the search index. */
  let lookUps: number;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cd-term-matches-'));
    database = SqliteDatabase.open(join(folder, 'terms.db'));
    repository = new SqliteCustomerRepository(database);
    customers = aVariedSet(120);
    for (const customer of customers) await repository.insert(customer, openingOf(customer));
    reader = new DatabaseSync(database.path, { readOnly: true });
    // Every term with a match is kept.
    termMatches = keeping({ keepFromMatches: 1, mostKeptBytes: MOST_KEPT_BYTES });
  });

  afterEach(() => {
    reader.close();
    database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function keeping(options: SearchTermMatchesOptions): SearchTermMatches {
    indexReads = 0;
    lookUps = 0;
    const statements = new Map<string, StatementSync>();
    return new SearchTermMatches((sql) => {
      if (sql === SEARCH_MATCHES) indexReads += 1;
      if (!statements.has(sql)) statements.set(sql, reader.prepare(sql));
      const statement = statements.get(sql)!;
      if (!sql.includes('rowid = ?')) return statement;
      return new Proxy(statement, {
        get: (target, property) =>
          property === 'get'
            ? (...params: never[]) => {
                lookUps += 1;
                return target.get(...params);
              }
            : (Reflect.get(target, property, target) as unknown),
      });
    }, options);
  }

  /** The kept answer, read in one snapshot as the read pool does. */
  function matching(terms: string[]): number[] {
    reader.exec('BEGIN');
    try {
      return termMatches.matching(terms);
    } finally {
      reader.exec('COMMIT');
    }
  }

  /** The search index's own answer now. */
  function fromTheIndex(terms: string[]): number[] {
    return database
      .all<{ seq: number }>(
        'SELECT rowid AS seq FROM customer_search WHERE customer_search MATCH ? ORDER BY rowid',
        terms.join(' '),
      )
      .map(({ seq }) => seq);
  }

  function expectEverySearchRight(): void {
    for (const terms of SEARCHES) {
      expect({ terms, seqs: matching(terms) }).toEqual({ terms, seqs: fromTheIndex(terms) });
    }
  }

  function indexOf(name: string): number {
    return customers.findIndex((customer) => customer.name === name);
  }

  async function change(index: number, changes: Partial<Customer>): Promise<void> {
    const current = (await repository.findById(customers[index].id))!;
    await repository.replace(changed(current, changes), current.version);
  }

  it('answers as the search index does, and reads a kept term no more', () => {
    expect(matching([])).toEqual([]);
    expectEverySearchRight();
    // Rare enough to be kept as a sorted array rather than a bitset (under 1 in 32).
    expect(fromTheIndex(['"117"']).length).toBeLessThan(120 / 32);
    const readsBefore = indexReads;
    expectEverySearchRight();
    expect(indexReads).toBe(readsBefore);
  });

  it('reads a term with few matches every time', () => {
    termMatches = keeping({ keepFromMatches: 5, mostKeptBytes: MOST_KEPT_BYTES });
    const rare = ['"contact"', '"117"'];
    expect(fromTheIndex(['"117"']).length).toBeLessThan(5);
    expect(matching(rare)).toEqual(fromTheIndex(rare));
    expect(indexReads).toBe(2);
    expect(matching(rare)).toEqual(fromTheIndex(rare));
    expect(indexReads).toBe(3);
  });

  it('lets the least recently used terms go past its bound, and reads them again', () => {
    // Room for two terms of this data set (a few bytes of bits and what a term holds besides).
    termMatches = keeping({ keepFromMatches: 1, mostKeptBytes: 1_100 });
    const [contact, delta, acme] = [['"contact"'], ['"delta"'], ['"ac"*']];
    for (const terms of [contact, delta, contact, acme]) matching(terms);
    expect(indexReads).toBe(3);
    // "delta" went (the least recently used), "contact" stayed.
    expect(matching(contact)).toEqual(fromTheIndex(contact));
    expect(indexReads).toBe(3);
    expect(matching(delta)).toEqual(fromTheIndex(delta));
    expect(indexReads).toBe(4);
    expectEverySearchRight();
  });

  it('stays right through renames, archives and new customers, looking up only those', async () => {
    expectEverySearchRight();
    const readsBefore = indexReads;
    const deltas = customers.flatMap(({ name }, index) => (name === 'Delta Foods' ? [index] : []));
    await change(deltas[0], { name: 'Acme Foods' });
    await change(deltas[1], { email: 'billing@elsewhere.test' });
    await change(indexOf('Zoë Müller'), { name: 'Delta Foods GmbH' });
    await change(deltas[2], { archivedAt: nextTimestamp() });
    // Seqs 31 and 63: the last bit of a word.
    await change(30, { email: 'billing.30@elsewhere.test' });
    await change(62, { email: 'billing.62@elsewhere.test' });
    // Into and out of a rare term (seqs before, between and after the one it had).
    await change(3, { email: 'billing.117@elsewhere.test' });
    await change(4, { email: 'billing.117@another.test' });
    expectEverySearchRight();
    await change(3, { email: 'billing.3@elsewhere.test' });
    await change(117, { email: 'contact.moved@moved.test' });
    expectEverySearchRight();
    // Past the end of every kept set.
    for (let count = 0; count < 10; count += 1) {
      await repository.insert(
        aCustomer({
          id: randomUUID(),
          name: `Acme Delta Foods ${count}`,
          email: `contact.new${count}@x.test`,
        }),
        null,
      );
    }
    expectEverySearchRight();
    // Only the longer prefix ("acme"*, three times) was read again: the others looked changes up.
    expect(indexReads).toBe(readsBefore + 3);
  });

  it('looks up each change once', async () => {
    expectEverySearchRight();
    await change(indexOf('Delta Foods'), { name: 'Initech' });
    await change(indexOf('Acme Trading'), { name: 'Umbrella' });
    matching(['"delta"']);
    expect(lookUps).toBe(2);
    matching(['"delta"']);
    expect(lookUps).toBe(2);
  });

  it('reads its terms again past the changes worth looking up one by one', async () => {
    expectEverySearchRight();
    const { seq } = database.get<{ seq: number }>('SELECT seq FROM customers LIMIT 1')!;
    database.transaction(() => {
      for (let count = 0; count < 100; count += 1) {
        database.run('INSERT INTO customer_changes (seq) VALUES (?)', seq);
      }
    });
    await change(indexOf('Delta Foods'), { name: 'Initech' });
    const readsBefore = indexReads;
    expectEverySearchRight();
    expect(indexReads).toBe(readsBefore + 6);
    expect(lookUps).toBe(0);
  });

  it('reads its terms again when the changes it missed were pruned', async () => {
    expectEverySearchRight();
    await change(indexOf('Delta Foods'), { name: 'Initech' });
    await change(indexOf('Acme Trading'), { name: 'Umbrella' });
    // As the writer prunes the oldest changes (never the newest): the reader never saw these.
    database.run(
      'DELETE FROM customer_changes WHERE change_no < (SELECT max(change_no) FROM customer_changes)',
    );
    await change(indexOf('Beta Logistics'), { name: 'Delta Foods' });
    const readsBefore = indexReads;
    expectEverySearchRight();
    expect(indexReads).toBe(readsBefore + 6);
  });

  it('reads its terms again when the change log started over', async () => {
    expectEverySearchRight();
    database.run('DELETE FROM customer_changes');
    await change(indexOf('Delta Foods'), { name: 'Initech' });
    const readsBefore = indexReads;
    expectEverySearchRight();
    expect(indexReads).toBe(readsBefore + 6);
  });
});
