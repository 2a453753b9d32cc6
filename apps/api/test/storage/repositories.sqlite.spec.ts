import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Customer, LedgerEntry } from '@collection-desk/contracts';

import type { CustomerListCriteria } from '../../src/customers/customer.repository.js';
import { CustomerEmailTakenError } from '../../src/customers/customer.errors.js';
import { KEEP_TERMS_FROM_MATCHES } from '../../src/storage/sqlite/search-term-matches.js';
import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { SqliteImportRepository } from '../../src/storage/sqlite/sqlite-import.repository.js';
import { SqliteNotificationRepository } from '../../src/storage/sqlite/sqlite-notification.repository.js';
import {
  SqliteJobLeaseRepository,
  SqliteOverdueRunRepository,
} from '../../src/storage/sqlite/sqlite-overdue.repository.js';
import { SqlitePaymentRepository } from '../../src/storage/sqlite/sqlite-payment.repository.js';
import { SqliteSessionRepository } from '../../src/storage/sqlite/sqlite-session.repository.js';
import { SqliteUserRepository } from '../../src/storage/sqlite/sqlite-user.repository.js';
import { describeCustomerRepositoryContract } from './customer-repository.contract.js';
import { describeImportRepositoryContract } from './import-repository.contract.js';
import { describeNotificationRepositoryContract } from './notification-repository.contract.js';
import { describePaymentRepositoryContract } from './payment-repository.contract.js';
import { describeSessionRepositoryContract } from './session-repository.contract.js';
import { describeUserRepositoryContract } from './user-repository.contract.js';
import {
  aCustomer,
  anEntry,
  aVariedSet,
  changed,
  nextTimestamp,
  openingOf,
} from './customer-fixtures.js';
import { expectedPage } from './customer-list.oracle.js';

describeCustomerRepositoryContract('SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-contract-'));
  const database = SqliteDatabase.open(join(folder, 'contract.db'));
  return Promise.resolve({
    repository: new SqliteCustomerRepository(database),
    close: () => {
      database.close();
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

/**
 * A customer repository on a fresh SQLite file holding `customers`, written in one transaction
 * (a failed insert fails the set-up), and how to remove it.
 */
async function seededRepository(
  customers: Customer[],
  opening: (customer: Customer) => LedgerEntry | null,
): Promise<{ repository: SqliteCustomerRepository; close: () => void }> {
  const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-seeded-'));
  const database = SqliteDatabase.open(join(folder, 'customers.db'));
  const repository = new SqliteCustomerRepository(database);
  const inserts = database.transaction(() =>
    customers.map((customer) => repository.insert(customer, opening(customer))),
  );
  await Promise.all(inserts);
  return {
    repository,
    close: () => {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

describe('SQLite customer lists past the few-matches threshold', () => {
  // Above ~2,000 matches the adapter lets the sort order's index drive the query (see
  // buildWhere); the results must not change.
  let repository: SqliteCustomerRepository;
  let close: () => void;
  let all: Customer[];

  beforeAll(async () => {
    // Enough name matches of "globex logistics" to fill the first pages, and other matches after.
    const globex = Array.from({ length: 2400 }, (_, index) =>
      aCustomer({
        name: index < 2100 ? `Globex Logistics ${index}` : `Old Globex Logistics ${index}`,
        email: `ops.${index}@globex.test`,
      }),
    );
    // And past RANKED_SORT_LIMIT (10,000) matches of "contact" and of "c".
    all = [...aVariedSet(10_500), ...globex];
    ({ repository, close } = await seededRepository(all, openingOf));
  });

  afterAll(() => close());

  const cases: [string, Partial<CustomerListCriteria>][] = [
    [
      'two statuses by amount',
      {
        statuses: ['pending', 'overdue'],
        sort: [{ field: 'outstandingAmount', direction: 'desc' }],
      },
    ],
    [
      'one status by due date',
      { statuses: ['overdue'], sort: [{ field: 'dueDate', direction: 'asc' }] },
    ],
    [
      'a due range by name',
      { dueFrom: '2026-02-01', dueTo: '2026-09-30', sort: [{ field: 'name', direction: 'asc' }] },
    ],
    [
      'an amount range by due date, page 7',
      { minOutstanding: 25_000, sort: [{ field: 'dueDate', direction: 'desc' }], page: 7 },
    ],
    [
      'a broad search by email',
      { q: 'contact', sort: [{ field: 'email', direction: 'asc' }], page: 3 },
    ],
    [
      'a currency and an assignee',
      { currency: 'USD', assigneeId: 'agent-a', sort: [{ field: 'updatedAt', direction: 'desc' }] },
    ],

    // A common word sorted by a field fills its first pages from the first rows of the order.
    [
      'a broad search by due date',
      { q: 'contact', sort: [{ field: 'dueDate', direction: 'asc' }] },
    ],
    [
      'a broad search with a status by amount, page 3',
      {
        q: 'contact',
        statuses: ['pending'],
        sort: [{ field: 'outstandingAmount', direction: 'desc' }],
        page: 3,
      },
    ],
    // Every "globex" customer is due last: the first rows hold none of them.
    [
      'matches at the end of the order',
      { q: 'globex', sort: [{ field: 'dueDate', direction: 'asc' }] },
    ],
    [
      'matches at the start of the order, page 4',
      { q: 'globex', sort: [{ field: 'dueDate', direction: 'desc' }], page: 4 },
    ],
    ['a broad search by relevance, deep', { q: 'contact', sort: 'relevance', page: 40 }],
    ['a one-letter search by relevance', { q: 'c', sort: 'relevance' }],
    ['a one-letter search by relevance, deep', { q: 'c', sort: 'relevance', page: 60 }],
    ['name matches filling the page', { q: 'globex logistics', sort: 'relevance', page: 2 }],
    [
      'the page after the name matches',
      { q: 'globex logistics', sort: 'relevance', page: 85, pageSize: 25 },
    ],
    ['an exact email among many', { q: 'ops.7@globex.test', sort: 'relevance' }],
    ['relevance with a status', { q: 'globex', statuses: ['pending'], sort: 'relevance' }],
  ];

  it('reports "10,000 or more" past the exact-total threshold, and exact totals below it', async () => {
    const everyone = await repository.list({ sort: [], page: 1, pageSize: 5 });
    expect(everyone).toMatchObject({ total: 10_000, totalRelation: 'gte' });
    const search = await repository.list({ q: 'contact', sort: 'relevance', page: 1, pageSize: 5 });
    expect(search).toMatchObject({ total: 10_000, totalRelation: 'gte' });
    const fewer = await repository.list({ q: 'globex', sort: [], page: 1, pageSize: 5 });
    expect(fewer).toMatchObject({ total: 2_400, totalRelation: 'eq' });
  });

  it.each(cases)('%s gives the same page as an independent computation', async (_, criteria) => {
    const wanted: CustomerListCriteria = { sort: [], page: 1, pageSize: 25, ...criteria };
    const result = await repository.list(wanted);
    expect(result.total).toBeGreaterThan(0);
    expect(result).toEqual(expectedPage(all, wanted));
  });
});

describe('SQLite search totals past the threshold from the names alone', () => {
  // 10,001 active names start with "northwind", one past the exact-total threshold: the count stops
  // there without the search index. Archived ones are counted apart.
  let repository: SqliteCustomerRepository;
  let close: () => void;
  let all: Customer[];

  beforeAll(async () => {
    all = Array.from({ length: 10_006 }, (_, index) =>
      aCustomer({
        name: `Northwind ${index}`,
        email: `ap.${index}@northwind.test`,
        archivedAt: index % 2500 === 1 ? '2026-02-01T00:00:00.000Z' : null,
      }),
    );
    ({ repository, close } = await seededRepository(all, () => null));
  });

  afterAll(() => close());

  const cases: [string, Partial<CustomerListCriteria>][] = [
    ['active names past the threshold', { q: 'northwind' }],
    ['archived included', { q: 'northwind', archived: 'include' }],
    ['archived only', { q: 'northwind', archived: 'only' }],
    ['names that fall short of the threshold', { q: 'northwind 1' }],
    ['by due date', { q: 'northwind', sort: [{ field: 'dueDate', direction: 'asc' }] }],
  ];

  it.each(cases)('%s: the total and page of an independent computation', async (_, filters) => {
    const wanted: CustomerListCriteria = { sort: 'relevance', page: 1, pageSize: 5, ...filters };
    expect(await repository.list(wanted)).toEqual(expectedPage(all, wanted));
  });

  it('reports "10,000 or more" for a word more than 10,000 active names start with', async () => {
    const { total, totalRelation } = await repository.list({
      q: 'northwind',
      sort: 'relevance',
      page: 1,
      pageSize: 5,
    });
    expect({ total, totalRelation }).toEqual({ total: 10_000, totalRelation: 'gte' });
  });
});

describe("SQLite searches ordered by the read pool's positions, through writes", () => {
  // A search alone is ordered by each customer's position, read once per order by the read
  // pool's threads; customers written afterwards must be read as they are now.
  let repository: SqliteCustomerRepository;
  let close: () => void;
  let seeded: Customer[];

  beforeAll(async () => {
    const globex = Array.from({ length: 60 }, (_, index) =>
      aCustomer({
        name: index % 2 ? `Globex Logistics ${index}` : `Initech ${index}`,
        email: `ops.${index}@globex.test`,
        dueDate: `2026-0${1 + (index % 9)}-1${index % 10}`,
        outstandingAmount: index * 1000,
      }),
    );
    // Two words many share, and a prefix: terms the read pool's threads keep.
    const hooli = Array.from({ length: KEEP_TERMS_FROM_MATCHES + 400 }, (_, index) =>
      aCustomer({
        name: index % 5 ? `Hooli Freight ${index}` : `Hooli Media ${index}`,
        email: `billing.${index}@hooli.test`,
        dueDate: `2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
        outstandingAmount: (index * 7919) % 100_000,
      }),
    );
    seeded = [...aVariedSet(400), ...globex, ...hooli];
    ({ repository, close } = await seededRepository(seeded, openingOf));
  });

  afterAll(() => close());

  const cases: [string, Partial<CustomerListCriteria>][] = [
    ['by due date', { q: 'contact', sort: [{ field: 'dueDate', direction: 'asc' }] }],
    [
      'by due date, last first, page 3',
      { q: 'contact', sort: [{ field: 'dueDate', direction: 'desc' }], page: 3 },
    ],
    [
      'two words by amount',
      { q: 'globex logistics', sort: [{ field: 'outstandingAmount', direction: 'desc' }] },
    ],
    ['by name, page 2', { q: 'globex', sort: [{ field: 'name', direction: 'asc' }], page: 2 }],
    ['by creation', { q: 'delta', sort: [{ field: 'createdAt', direction: 'desc' }] }],
    // Past the pages a first look serves.
    [
      'by due date, page 11',
      { q: 'contact', sort: [{ field: 'dueDate', direction: 'asc' }], page: 11 },
    ],
    [
      'one word by amount, page 12',
      {
        q: 'delta',
        sort: [{ field: 'outstandingAmount', direction: 'asc' }],
        page: 12,
        pageSize: 5,
      },
    ],
    // 30 names start with "globex": the other matches come after them, on page 4.
    ['ranked, past the names', { q: 'globex', sort: 'relevance', page: 4 }],
    ['ranked, the other matches by name', { q: 'globex', sort: 'relevance' }],
    ['ranked, deep', { q: 'contact', sort: 'relevance', page: 9 }],
    ['ranked, names first then others', { q: 'delta', sort: 'relevance', page: 2 }],
    [
      'common words by due date',
      { q: 'hooli freight', sort: [{ field: 'dueDate', direction: 'asc' }] },
    ],
    ['common words ranked, deep', { q: 'hooli freight', sort: 'relevance', page: 30 }],
    [
      'a common word and a prefix by amount',
      { q: 'hooli bill', sort: [{ field: 'outstandingAmount', direction: 'desc' }], page: 2 },
    ],
  ];

  async function everyone(): Promise<Customer[]> {
    const all: Customer[] = [];
    for await (const batch of repository.scan({ archived: 'include' }, [], 500)) all.push(...batch);
    return all;
  }

  async function expectEveryCaseRight(): Promise<void> {
    const all = await everyone();
    for (const [label, criteria] of cases) {
      const wanted: CustomerListCriteria = { sort: [], page: 1, pageSize: 10, ...criteria };
      const result = await repository.list(wanted);
      expect({ label, ...result }).toEqual({ label, ...expectedPage(all, wanted) });
    }
  }

  async function change(customer: Customer, changes: Partial<Customer>): Promise<void> {
    const current = (await repository.findById(customer.id))!;
    await repository.replace(changed(current, changes), current.version);
  }

  it('give the pages of an independent computation before and after customers change', async () => {
    await expectEveryCaseRight();
    const [first, second, third, fourth, fifth] = seeded.filter(({ email }) =>
      email.startsWith('Contact.'),
    );
    // Moved to the start and the end of the orders, renamed into and out of a search, archived.
    await change(first, { dueDate: '2020-01-01', outstandingAmount: 999_999 });
    await change(second, { dueDate: '2099-12-31', name: 'Globex Logistics Late' });
    await change(seeded[400 + 1], { name: 'Umbrella Corp', email: 'ops.moved@umbrella.test' });
    await change(third, { archivedAt: nextTimestamp() });
    await change(seeded[400 + 3], { archivedAt: nextTimestamp() });
    await expectEveryCaseRight();
    await change(third, { archivedAt: null, dueDate: '2021-06-01' });
    await change(fourth, { name: 'Delta Foods Prime', outstandingAmount: 1 });
    await repository.insert(
      aCustomer({
        name: 'Globex Logistics Newest',
        email: 'new@globex.test',
        dueDate: '2020-02-02',
      }),
      null,
    );
    await repository.importMany([
      {
        creates: [
          aCustomer({
            name: 'Delta Imported',
            email: 'contact.imported@delta.test',
            dueDate: '2019-01-01',
          }),
        ].map((customer) => ({ customer, opening: null })),
        updates: [],
      },
    ]);
    await change(fifth, { dueDate: '2019-05-05' });
    await expectEveryCaseRight();
    // Into, out of and within the common words' matches, few enough to be looked up one by one.
    const hoolis = seeded.filter(({ email }) => email.endsWith('@hooli.test'));
    await change(hoolis[1], { name: 'Initech Freight' });
    await change(hoolis[2], { email: 'ap.2@initech.test', dueDate: '2018-03-03' });
    await change(hoolis[3], { name: 'Hooli Media 3' });
    await change(hoolis[4], { archivedAt: nextTimestamp() });
    await change(hoolis[6], { name: 'Initech 6', email: 'ap.6@initech.test' });
    await change(seeded[400 + 5], {
      name: 'Hooli Freight Acquired',
      email: 'billing.x@hooli.test',
    });
    await change(hoolis[7], { dueDate: '2017-07-07', outstandingAmount: 99_999_999 });
    await repository.insert(
      aCustomer({
        name: 'Hooli Freight Newest',
        email: 'billing.new@hooli.test',
        dueDate: '2017-01-01',
      }),
      null,
    );
    await expectEveryCaseRight();
    // "globex" stops being the only word that starts with "globex": no longer looked up whole.
    await repository.insert(
      aCustomer({ name: 'Globexcorp Trading', email: 'ap@globexcorp.test', dueDate: '2018-01-01' }),
      null,
    );
    await expectEveryCaseRight();
  });
});

describe('SQLite search words', () => {
  it('are stored again after a failed transaction took them back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-words-'));
    const database = SqliteDatabase.open(join(folder, 'words.db'));
    const repository = new SqliteCustomerRepository(database);
    try {
      const storedWord = () => database.get("SELECT word FROM search_words WHERE word = 'quuxly'");
      expect(() =>
        database.transaction(() => {
          void repository.insert(aCustomer({ name: 'Quuxly Trading', email: 'a@q.test' }), null);
          throw new Error('a later step of the same transaction failed');
        }),
      ).toThrow(/later step/);
      expect(storedWord()).toBeUndefined();
      await repository.insert(aCustomer({ name: 'Quuxly Holdings', email: 'b@q.test' }), null);
      expect(storedWord()).toEqual({ word: 'quuxly' });
    } finally {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('SQLite kept sums (list counts, dashboard balances and ledger quarter hours)', () => {
  it('stay equal to a recomputation through creates, changes, archives, restores, batches and imports', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-counts-'));
    const database = SqliteDatabase.open(join(folder, 'counts.db'));
    const repository = new SqliteCustomerRepository(database);
    try {
      const created = aVariedSet(60);
      for (const customer of created) await repository.insert(customer, openingOf(customer));
      const change = async (index: number, changes: Partial<Customer>, amount?: number) => {
        const current = (await repository.findById(created[index].id))!;
        const next = changed(current, changes);
        const entry = amount === undefined ? undefined : anEntry(next, amount);
        await repository.replace(next, current.version, entry);
      };
      for (let index = 0; index < 20; index += 1) {
        await change(index, { paymentStatus: 'completed', currency: 'GBP', assigneeId: 'agent-z' });
      }
      // Balances moved with ledger entries, one of them to nothing owed.
      for (let index = 50; index < 56; index += 1) {
        const current = (await repository.findById(created[index].id))!;
        await change(
          index,
          { outstandingAmount: 5000 - index * 20 },
          5000 - index * 20 - current.outstandingAmount,
        );
      }
      await change(
        56,
        { dueDate: '2026-01-02', outstandingAmount: 0 },
        -created[56].outstandingAmount,
      );
      for (let index = 10; index < 30; index += 1)
        await change(index, { archivedAt: nextTimestamp() });
      for (let index = 25; index < 30; index += 1) await change(index, { archivedAt: null });
      // Many at once, as the overdue scan stores them: the counts move in one step.
      const batch = await Promise.all(
        created.slice(30, 50).map(async (customer) => (await repository.findById(customer.id))!),
      );
      await repository.replaceMany(
        batch.map((current) => ({
          previous: current,
          next: changed(current, { paymentStatus: 'overdue' }),
        })),
      );

      // An import: new customers with their charges, changes with their adjustments, in one go.
      const imported = aVariedSet(8).map((customer, index) => ({
        ...customer,
        id: randomUUID(),
        email: `imported.${index}@sums.test`,
      }));
      const raised = changed((await repository.findById(created[57].id))!, {
        outstandingAmount: 123_456,
      });
      await repository.importMany([
        {
          creates: imported.map((customer) => ({ customer, opening: openingOf(customer) })),
          updates: [
            {
              next: raised,
              expectedVersion: raised.version - 1,
              entry: anEntry(raised, 123_456 - created[57].outstandingAmount),
            },
          ],
        },
      ]);

      const kept = database.all(
        'SELECT archived, payment_status, currency, assignee_id, n FROM customer_counts WHERE n > 0 ORDER BY 1, 2, 3, 4',
      );
      const recounted = database.all(
        `SELECT archived_at IS NOT NULL AS archived, payment_status, currency, coalesce(assignee_id, '') AS assignee_id, count(*) AS n
         FROM customers GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      );
      expect(kept).toEqual(recounted);

      // The dashboard's sums, recomputed here in plain code from every row.
      const customers = database.all<{
        currency: string;
        assignee_id: string | null;
        payment_status: string;
        due_date: string;
        outstanding_amount: number;
        archived_at: string | null;
      }>('SELECT * FROM customers');
      const balances = new Map<string, number[]>();
      for (const customer of customers.filter((one) => one.archived_at === null)) {
        const key = [
          customer.currency,
          customer.assignee_id ?? '',
          customer.payment_status,
          customer.due_date,
        ].join('|');
        const sums = balances.get(key) ?? [0, 0, 0];
        sums[0] += 1;
        sums[1] += customer.outstanding_amount;
        sums[2] += customer.outstanding_amount > 0 ? 1 : 0;
        balances.set(key, sums);
      }
      const keptBalances = database.all<Record<string, string | number>>(
        'SELECT * FROM customer_balances WHERE customers <> 0 OR outstanding <> 0 OR owing <> 0',
      );
      expect(
        new Map(
          keptBalances.map((row) => [
            [row['currency'], row['assignee_id'], row['payment_status'], row['due_date']].join('|'),
            [row['customers'], row['outstanding'], row['owing']],
          ]),
        ),
      ).toEqual(balances);
      expect(keptBalances.some((row) => row['owing'] !== row['customers'])).toBe(true);

      // Ledger amounts of active customers by quarter hour: in all, and per current assignee.
      const entries = database.all<{
        currency: string;
        kind: string;
        created_at: string;
        amount: number;
        assignee_id: string | null;
      }>(
        `SELECT e.*, c.assignee_id FROM ledger_entries e JOIN customers c ON c.id = e.customer_id
         WHERE c.archived_at IS NULL`,
      );
      const quarterHours = new Map<string, number>();
      const byAssignee = new Map<string, number>();
      for (const entry of entries) {
        const [date, time] = entry.created_at.split('T');
        const [hours, minutes] = time.split(':');
        const start = `${date}T${hours}:${String(Math.floor(Number(minutes) / 15) * 15).padStart(2, '0')}:00.000Z`;
        const key = [entry.currency, entry.kind, start].join('|');
        quarterHours.set(key, (quarterHours.get(key) ?? 0) + entry.amount);
        if (entry.assignee_id === null) continue;
        const assigned = [entry.currency, entry.assignee_id, entry.kind, start].join('|');
        byAssignee.set(assigned, (byAssignee.get(assigned) ?? 0) + entry.amount);
      }
      const nonZero = (sums: Map<string, number>) =>
        new Map([...sums].filter(([, amount]) => amount !== 0));
      const keptSums = (sql: string, columns: string[]) =>
        new Map(
          database
            .all<Record<string, string | number>>(sql)
            .map((row) => [columns.map((column) => row[column]).join('|'), row['amount']]),
        );
      expect(entries.length).toBeGreaterThan(40);
      expect(
        keptSums('SELECT * FROM ledger_quarter_hours WHERE amount <> 0', [
          'currency',
          'kind',
          'starts_at',
        ]),
      ).toEqual(nonZero(quarterHours));
      expect(
        keptSums('SELECT * FROM ledger_assignee_quarter_hours WHERE amount <> 0', [
          'currency',
          'assignee_id',
          'kind',
          'starts_at',
        ]),
      ).toEqual(nonZero(byAssignee));
      expect(byAssignee.size).toBeGreaterThan(0);
    } finally {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

function sqliteStore<T>(make: (database: SqliteDatabase) => T) {
  return () => {
    const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-contract-'));
    const database = SqliteDatabase.open(join(folder, 'contract.db'));
    const users = new SqliteUserRepository(database);
    return Promise.resolve({
      repository: make(database),
      newUserId: async () => {
        const id = randomUUID();
        await users.insert({
          id,
          email: `${id}@desk.test`,
          name: 'Session Owner',
          role: 'agent',
          active: true,
          passwordHash: 'x',
          createdAt: '2026-11-25T00:00:00.000Z',
          updatedAt: '2026-11-25T00:00:00.000Z',
          version: 1,
        });
        return id;
      },
      close: () => {
        database.close();
        rmSync(folder, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  };
}

describeUserRepositoryContract(
  'SQLite',
  sqliteStore((database) => new SqliteUserRepository(database)),
);
describeSessionRepositoryContract(
  'SQLite',
  sqliteStore((database) => new SqliteSessionRepository(database)),
);

describePaymentRepositoryContract('SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-payments-'));
  const database = SqliteDatabase.open(join(folder, 'contract.db'));
  return Promise.resolve({
    payments: new SqlitePaymentRepository(database),
    customers: new SqliteCustomerRepository(database),
    close: () => {
      database.close();
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeNotificationRepositoryContract('SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-notifications-'));
  const database = SqliteDatabase.open(join(folder, 'contract.db'));
  return Promise.resolve({
    notifications: new SqliteNotificationRepository(database),
    leases: new SqliteJobLeaseRepository(database),
    runs: new SqliteOverdueRunRepository(database),
    close: () => {
      database.close();
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describeImportRepositoryContract('SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-imports-'));
  const database = SqliteDatabase.open(join(folder, 'contract.db'));
  return Promise.resolve({
    imports: new SqliteImportRepository(database),
    close: () => {
      database.close();
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

describe('SQLite imports', () => {
  it('store none of an import that fails in a later batch than the first, ledger included', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-import-batches-'));
    const database = SqliteDatabase.open(join(folder, 'batches.db'));
    try {
      const repository = new SqliteCustomerRepository(database);
      const taken = aCustomer({ email: 'taken@batches.test' });
      await repository.insert(taken, openingOf(taken));
      const creationsOf = (customers: Customer[]) =>
        customers.map((customer) => ({ customer, opening: openingOf(customer) }));
      const fresh = Array.from({ length: 2_500 }, (_, index) =>
        aCustomer({ id: randomUUID(), email: `fresh-${index}@batches.test` }),
      );
      const clash = aCustomer({ id: randomUUID(), email: 'TAKEN@batches.test' });

      await expect(
        repository.importMany([
          { creates: creationsOf(fresh.slice(0, 2_000)), updates: [] },
          { creates: creationsOf([...fresh.slice(2_000), clash]), updates: [] },
          { creates: creationsOf([aCustomer({ email: 'after@batches.test' })]), updates: [] },
        ]),
      ).rejects.toBeInstanceOf(CustomerEmailTakenError);

      expect(database.get('SELECT count(*) AS n FROM customers')).toEqual({ n: 1 });
      expect(database.get('SELECT count(*) AS n FROM ledger_entries')).toEqual({
        n: openingOf(taken) ? 1 : 0,
      });
    } finally {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('store none of an import whose batches stop with an error, and write again afterwards', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-import-broken-'));
    const database = SqliteDatabase.open(join(folder, 'broken.db'));
    try {
      const repository = new SqliteCustomerRepository(database);
      const written = aCustomer({ email: 'written@broken.test', outstandingAmount: 100 });
      async function* batches() {
        yield { creates: [{ customer: written, opening: openingOf(written) }], updates: [] };
        await setImmediate();
        throw new Error('The rows could not be read back.');
      }

      await expect(repository.importMany(batches())).rejects.toThrow(
        'The rows could not be read back.',
      );

      expect(database.get('SELECT count(*) AS n FROM customers')).toEqual({ n: 0 });
      expect(database.get('SELECT count(*) AS n FROM ledger_entries')).toEqual({ n: 0 });
      // The writer's transaction is gone with it: the API's connection writes at once.
      await repository.insert(written, openingOf(written));
      expect(await repository.findById(written.id)).toEqual(written);
    } finally {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('store all of an import or none of it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-import-atomic-'));
    const database = SqliteDatabase.open(join(folder, 'atomic.db'));
    try {
      const repository = new SqliteCustomerRepository(database);
      const taken = aVariedSet(1)[0];
      await repository.insert(taken, openingOf(taken));
      const fresh = aVariedSet(3)
        .slice(1)
        .map((customer) => ({
          ...customer,
          id: randomUUID(),
          email: `${randomUUID()}@atomic.test`,
        }));
      const clash = { ...fresh[0], id: randomUUID(), email: taken.email.toUpperCase() };

      await expect(
        repository.importMany([
          {
            creates: [...fresh, clash].map((customer) => ({
              customer,
              opening: openingOf(customer),
            })),
            updates: [],
          },
        ]),
      ).rejects.toThrow();

      expect(await repository.findByEmails(fresh.map((customer) => customer.email))).toEqual([]);
      const ledger = database.get<{ n: number }>('SELECT count(*) AS n FROM ledger_entries');
      expect(ledger?.n).toBe(openingOf(taken) ? 1 : 0);
    } finally {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
