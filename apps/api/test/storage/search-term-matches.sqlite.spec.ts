import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Customer } from '@collection-desk/contracts';

import {
  MOST_CHANGES_TO_LOOK_UP,
  MOST_KEPT_BYTES,
  SearchTermMatches,
} from '../../src/storage/sqlite/search-term-matches.js';
import { SEARCH_MATCHES } from '../../src/storage/sqlite/sqlite-customer-queries.js';
import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { aCustomer, aVariedSet, changed, nextTimestamp, openingOf } from './customer-fixtures.js';

/** Terms of searches as the read pool writes them: whole words and prefixes, common and rare. */
const SEARCHES = [
  ['"contact"'],
  ['"delta"', '"foods"'],
  ['"acme"*'],
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
  /** How many times the search index was read for whole searches or terms. */
  let indexReads: number;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cd-term-matches-'));
    database = SqliteDatabase.open(join(folder, 'terms.db'));
    repository = new SqliteCustomerRepository(database);
    customers = aVariedSet(120);
    for (const customer of customers) await repository.insert(customer, openingOf(customer));
    reader = new DatabaseSync(database.path, { readOnly: true });
    indexReads = 0;
    termMatches = keptUpTo(MOST_KEPT_BYTES);
  });

  function keptUpTo(bytes: number): SearchTermMatches {
    const statements = new Map<string, StatementSync>();
    return new SearchTermMatches((sql) => {
      if (sql === SEARCH_MATCHES) indexReads += 1;
      if (!statements.has(sql)) statements.set(sql, reader.prepare(sql));
      return statements.get(sql)!;
    }, bytes);
  }

  afterEach(() => {
    reader.close();
    database.close();
    rmSync(folder, { recursive: true, force: true });
  });

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
    for (const terms of SEARCHES)
      expect({ terms, seqs: matching(terms) }).toEqual({ terms, seqs: fromTheIndex(terms) });
  }

  async function change(index: number, changes: Partial<Customer>): Promise<void> {
    const current = (await repository.findById(customers[index].id))!;
    await repository.replace(changed(current, changes), current.version);
  }

  it('answers as the search index does, and reads a kept term no more', () => {
    expectEverySearchRight();
    // Rare enough to be kept as a sorted array rather than a bitset (under 1 in 32).
    expect(fromTheIndex(['"117"']).length).toBeLessThan(120 / 32);
    const readsBefore = indexReads;
    expectEverySearchRight();
    expect(indexReads).toBe(readsBefore);
  });

  it('lets the least recently used terms go past its bound, and reads them again', () => {
    // Room for about one term of this data set at a time.
    termMatches = keptUpTo(24);
    expectEverySearchRight();
    const readsBefore = indexReads;
    expectEverySearchRight();
    expect(indexReads).toBeGreaterThan(readsBefore);
  });

  it('stays right through renames, archives and new customers, looking up only those', async () => {
    expectEverySearchRight();
    const readsBefore = indexReads;
    const deltas = customers.flatMap(({ name }, index) => (name === 'Delta Foods' ? [index] : []));
    await change(deltas[0], { name: 'Acme Foods' });
    await change(deltas[1], { email: 'billing@elsewhere.test' });
    await change(
      customers.findIndex(({ name }) => name === 'Zoë Müller'),
      { name: 'Delta Foods GmbH' },
    );
    await change(deltas[2], { archivedAt: nextTimestamp() });
    // Into and out of a rare term (seqs before, between and after the one it had).
    await change(3, { email: 'billing.117@elsewhere.test' });
    await change(4, { email: 'billing.117@another.test' });
    expectEverySearchRight();
    await change(3, { email: 'billing.3@elsewhere.test' });
    await change(117, { email: 'contact.moved@moved.test' });
    // Past the end of every kept set.
    for (let count = 0; count < 40; count += 1) {
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
    expect(indexReads).toBe(readsBefore);
  });

  it('reads its terms again past the changes it looks up one by one', async () => {
    expectEverySearchRight();
    const { seq } = database.get<{ seq: number }>('SELECT seq FROM customers LIMIT 1')!;
    database.transaction(() => {
      for (let count = 0; count <= MOST_CHANGES_TO_LOOK_UP; count += 1) {
        database.run('INSERT INTO customer_changes (seq) VALUES (?)', seq);
      }
    });
    await change(
      customers.findIndex(({ name }) => name === 'Delta Foods'),
      { name: 'Initech' },
    );
    const readsBefore = indexReads;
    expectEverySearchRight();
    expect(indexReads).toBeGreaterThan(readsBefore);
  });

  it('reads its terms again when the changes it missed were pruned', async () => {
    expectEverySearchRight();
    await change(
      customers.findIndex(({ name }) => name === 'Delta Foods'),
      { name: 'Initech' },
    );
    await change(
      customers.findIndex(({ name }) => name === 'Acme Trading'),
      { name: 'Umbrella' },
    );
    // As the writer prunes the oldest changes (never the newest): the reader never saw these.
    database.run(
      'DELETE FROM customer_changes WHERE change_no < (SELECT max(change_no) FROM customer_changes)',
    );
    await change(
      customers.findIndex(({ name }) => name === 'Beta Logistics'),
      { name: 'Delta Foods' },
    );
    expectEverySearchRight();
  });
});
