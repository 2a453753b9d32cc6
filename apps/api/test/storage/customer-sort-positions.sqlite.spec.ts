import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Customer } from '@collection-desk/contracts';

import {
  CustomerSortPositions,
  type FirstMatches,
  MOST_CHANGED_PER_ORDER,
} from '../../src/storage/sqlite/customer-sort-positions.js';
import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { aVariedSet, changed, nextTimestamp, openingOf } from './customer-fixtures.js';

const BY_DUE = 'SELECT seq FROM customers WHERE archived_at IS NULL ORDER BY due_date, id';

describe('CustomerSortPositions', () => {
  let folder: string;
  let database: SqliteDatabase;
  let repository: SqliteCustomerRepository;
  let reader: DatabaseSync;
  let positions: CustomerSortPositions;
  let customers: Customer[];

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cd-positions-'));
    database = SqliteDatabase.open(join(folder, 'positions.db'));
    repository = new SqliteCustomerRepository(database);
    customers = aVariedSet(120);
    for (const customer of customers) await repository.insert(customer, openingOf(customer));
    reader = new DatabaseSync(database.path, { readOnly: true });
    const statements = new Map<string, StatementSync>();
    positions = new CustomerSortPositions((sql) => {
      if (!statements.has(sql)) statements.set(sql, reader.prepare(sql));
      return statements.get(sql)!;
    });
  });

  afterEach(() => {
    reader.close();
    database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Every third customer "matches" (customers[2], [5], ...): a search's answer, as seqs. */
  function matches(): number[] {
    return database
      .all<{ seq: number }>('SELECT seq FROM customers WHERE seq % 3 = 0')
      .map(({ seq }) => seq);
  }

  /** The positions' answer, read in one snapshot as the read pool does. */
  function firstMatches(take: number, descending = false): FirstMatches {
    reader.exec('BEGIN');
    try {
      return positions.firstMatches(BY_DUE, matches(), take, descending);
    } finally {
      reader.exec('COMMIT');
    }
  }

  /** What the repository then reads: the real first `take` among the answer's seqs. */
  function pageFrom(answer: FirstMatches, take: number, descending = false): number[] {
    const direction = descending ? 'DESC' : 'ASC';
    return database
      .all<{ seq: number }>(
        `SELECT seq FROM customers WHERE seq IN (SELECT value FROM json_each(?))
         AND archived_at IS NULL ORDER BY due_date ${direction}, id ${direction} LIMIT ?`,
        JSON.stringify([...answer.first, ...answer.changed]),
        take,
      )
      .map(({ seq }) => seq);
  }

  /** An independent computation: every active match sorted, the first `take`. */
  function expectedFirst(take: number, descending = false): number[] {
    const direction = descending ? 'DESC' : 'ASC';
    return database
      .all<{ seq: number }>(
        `SELECT seq FROM customers WHERE seq % 3 = 0 AND archived_at IS NULL
         ORDER BY due_date ${direction}, id ${direction} LIMIT ?`,
        take,
      )
      .map(({ seq }) => seq);
  }

  function activeMatches(): number {
    return database.get<{ total: number }>(
      'SELECT count(*) AS total FROM customers WHERE seq % 3 = 0 AND archived_at IS NULL',
    )!.total;
  }

  function activeAmong(seqs: number[]): number {
    return database.get<{ total: number }>(
      `SELECT count(*) AS total FROM customers
       WHERE seq IN (SELECT value FROM json_each(?)) AND archived_at IS NULL`,
      JSON.stringify(seqs),
    )!.total;
  }

  async function change(index: number, changes: Partial<Customer>): Promise<void> {
    const current = (await repository.findById(customers[index].id))!;
    await repository.replace(changed(current, changes), current.version);
  }

  function expectRightAnswers(): void {
    for (const [take, descending] of [
      [5, false],
      [12, true],
      [40, false],
    ] as const) {
      const answer = firstMatches(take, descending);
      expect(pageFrom(answer, take, descending)).toEqual(expectedFirst(take, descending));
      expect(answer.unchangedInOrder + activeAmong(answer.changed)).toBe(activeMatches());
    }
  }

  it('gives the first matches in order, either way, from positions read once', () => {
    const answer = firstMatches(7);
    expect(answer.changed).toEqual([]);
    expect(answer.first).toEqual(expectedFirst(7));
    expect(answer.unchangedInOrder).toBe(activeMatches());
    expect(firstMatches(7, true).first).toEqual(expectedFirst(7, true));
  });

  it('stays right through moves, archives, restores and new customers after its positions were read', async () => {
    expectRightAnswers();
    // Matches moved to the very start and the very end of the order, and a customer that
    // does not match.
    for (const index of [2, 29, 59, 3]) await change(index, { dueDate: '2025-01-01' });
    for (const index of [5, 32]) await change(index, { dueDate: '2099-12-31' });
    expectRightAnswers();
    for (const index of [8, 11, 14]) await change(index, { archivedAt: nextTimestamp() });
    expectRightAnswers();
    await change(11, { archivedAt: null, dueDate: '2024-06-01' });
    for (const customer of aVariedSet(9)) {
      await repository.insert(
        { ...customer, email: `new.${customer.id}@positions.test`, dueDate: '2025-02-02' },
        null,
      );
    }
    expectRightAnswers();
    // The changed customers are read as they are, not by their stale places.
    expect(firstMatches(5).changed.length).toBeGreaterThan(0);
  });

  it('reads its positions again when more changed than it tracks', async () => {
    expectRightAnswers();
    await change(2, { dueDate: '2025-01-01' });
    const { seq } = database.get<{ seq: number }>('SELECT seq FROM customers LIMIT 1')!;
    database.transaction(() => {
      for (let count = 0; count <= MOST_CHANGED_PER_ORDER; count += 1) {
        database.run('INSERT INTO customer_changes (seq) VALUES (?)', seq);
      }
    });
    const answer = firstMatches(5);
    expect(answer.changed).toEqual([]);
    expect(answer.first).toEqual(expectedFirst(5));
  });

  it('reads its positions again when more customers were created than it tracks', async () => {
    expectRightAnswers();
    await repository.insert({ ...customers[0], id: randomUUID(), email: 'new@p.test' }, null);
    const { last } = database.get<{ last: number }>('SELECT max(seq) AS last FROM customers')!;
    const firstOfNewest = () => {
      reader.exec('BEGIN');
      try {
        return positions.firstMatches(BY_DUE, [last], 1, false);
      } finally {
        reader.exec('COMMIT');
      }
    };
    expect(firstOfNewest().changed).toEqual([last]);
    // Changes to customers created later still, taken in a few at a time, as the log grows.
    let next = last + 1;
    for (const step of [MOST_CHANGED_PER_ORDER / 2, MOST_CHANGED_PER_ORDER / 2]) {
      database.transaction(() => {
        for (let count = 0; count < step; count += 1) {
          database.run('INSERT INTO customer_changes (seq) VALUES (?)', next);
          next += 1;
        }
      });
      firstOfNewest();
    }
    // Read again: the new customer has its place.
    expect(firstOfNewest()).toEqual({ first: [last], changed: [], unchangedInOrder: 1 });
  });

  it('reads its positions again when the changes it missed were pruned', async () => {
    expectRightAnswers();
    await change(5, { dueDate: '2025-01-01' });
    await change(8, { dueDate: '2025-01-02' });
    // As the writer prunes the oldest changes (never the newest): the reader never saw these.
    database.run(
      'DELETE FROM customer_changes WHERE change_no < (SELECT max(change_no) FROM customer_changes)',
    );
    await change(11, { dueDate: '2099-01-01' });
    const answer = firstMatches(5);
    expect(answer.changed).toEqual([]);
    expect(answer.first).toEqual(expectedFirst(5));
  });
});
