import { setImmediate } from 'node:timers/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Customer } from '@collection-desk/contracts';

import {
  CustomerEmailTakenError,
  CustomerNotFoundError,
  CustomerVersionConflictError,
} from '../../src/customers/customer.errors.js';
import type {
  CustomerListCriteria,
  CustomerRepository,
} from '../../src/customers/customer.repository.js';
import { aCustomer, anEntry, aVariedSet, changed, openingOf } from './customer-fixtures.js';
import { expectedOrder, expectedPage } from './customer-list.oracle.js';

export interface RepositoryUnderTest {
  repository: CustomerRepository;
  close(): Promise<void>;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function criteria(overrides: Partial<CustomerListCriteria> = {}): CustomerListCriteria {
  return { sort: [], page: 1, pageSize: 100, ...overrides };
}

/**
 * What every CustomerRepository adapter must do. `setup` must return an empty store.
 */
export function describeCustomerRepositoryContract(
  adapterName: string,
  setup: () => Promise<RepositoryUnderTest>,
): void {
  describe(`CustomerRepository contract: ${adapterName}`, () => {
    let subject: RepositoryUnderTest;
    let repository: CustomerRepository;

    beforeEach(async () => {
      subject = await setup();
      repository = subject.repository;
    });

    afterEach(async () => {
      await subject.close();
    });

    /** Stores a new customer the way the service does: with its opening charge. */
    async function stored(overrides: Partial<Customer> = {}): Promise<Customer> {
      const customer = aCustomer(overrides);
      await repository.insert(customer, openingOf(customer));
      return customer;
    }

    describe('insert and read', () => {
      it('stores exactly the customer it is given and reads it back', async () => {
        const customer = await stored({ notes: 'Prefers email' });

        expect(await repository.findById(customer.id)).toEqual(customer);
      });

      it('answers null for an unknown id', async () => {
        expect(await repository.findById(UNKNOWN_ID)).toBeNull();
      });

      it('refuses a second customer with the same email, whatever its case, and keeps no entry of it', async () => {
        await stored({ email: 'billing@acme.test' });
        const duplicate = aCustomer({ email: 'Billing@ACME.test' });

        await expect(repository.insert(duplicate, openingOf(duplicate))).rejects.toBeInstanceOf(
          CustomerEmailTakenError,
        );
        expect(await repository.findById(duplicate.id)).toBeNull();
        expect((await repository.ledger(duplicate.id, 1, 10)).total).toBe(0);
        expect((await repository.list(criteria({ archived: 'include' }))).total).toBe(1);
      });

      it('keeps the email of an archived customer reserved', async () => {
        const archived = await stored({ email: 'old@acme.test' });
        await repository.replace(changed(archived, { archivedAt: archived.updatedAt }), 1);

        await expect(
          repository.insert(aCustomer({ email: 'old@acme.test' }), null),
        ).rejects.toBeInstanceOf(CustomerEmailTakenError);
      });

      it('stores the opening charge as the first ledger entry', async () => {
        const customer = aCustomer({ outstandingAmount: 125_000 });
        const opening = openingOf(customer);
        await repository.insert(customer, opening);

        expect(await repository.ledger(customer.id, 1, 10)).toEqual({
          items: [opening],
          total: 1,
          page: 1,
          pageSize: 10,
        });
        expect(await repository.ledgerBalance(customer.id)).toBe(125_000);
      });
    });

    describe('replace', () => {
      it('stores the next version over the one it was based on', async () => {
        const customer = await stored();
        const next = changed(customer, { notes: 'Promised to pay Friday', phone: null });

        await repository.replace(next, 1);

        expect(await repository.findById(customer.id)).toEqual(next);
      });

      it('refuses a stale version, reports the current one and changes nothing', async () => {
        const customer = await stored();
        const first = changed(customer, { name: 'First Writer' });
        await repository.replace(first, 1);

        const stale = repository.replace(changed(customer, { name: 'Second Writer' }), 1);

        await expect(stale).rejects.toBeInstanceOf(CustomerVersionConflictError);
        await expect(stale).rejects.toMatchObject({ currentVersion: 2, expectedVersion: 1 });
        expect(await repository.findById(customer.id)).toEqual(first);
      });

      it('reports an unknown customer', async () => {
        await expect(
          repository.replace(changed(aCustomer({ id: UNKNOWN_ID })), 1),
        ).rejects.toBeInstanceOf(CustomerNotFoundError);
      });

      it("refuses another customer's email and frees the old email after a change", async () => {
        const first = await stored({ email: 'first@acme.test' });
        await stored({ email: 'second@acme.test' });

        await expect(
          repository.replace(changed(first, { email: 'SECOND@acme.test' }), 1),
        ).rejects.toBeInstanceOf(CustomerEmailTakenError);
        expect(await repository.findById(first.id)).toEqual(first);

        await repository.replace(changed(first, { email: 'renamed@acme.test' }), 1);
        const reuse = aCustomer({ email: 'first@acme.test' });
        await repository.insert(reuse, null);
        expect(await repository.findById(reuse.id)).toEqual(reuse);
      });

      it('finds a customer by its new name and email, not by the old ones', async () => {
        const customer = await stored({ name: 'Old Name', email: 'old@name.test' });
        await repository.replace(
          changed(customer, { name: 'Fresh Brand', email: 'hello@fresh.test' }),
          1,
        );

        expect((await repository.list(criteria({ q: 'fresh' }))).items.map((c) => c.id)).toEqual([
          customer.id,
        ]);
        expect((await repository.list(criteria({ q: 'old' }))).total).toBe(0);
      });
    });

    describe('ledger', () => {
      it('appends an entry in the same write as the balance, newest first, paged', async () => {
        const customer = await stored({ outstandingAmount: 100_00 });
        const lowered = changed(customer, { outstandingAmount: 80_00 });
        const credit = anEntry(lowered, -20_00, { reason: 'Credit note 17', actorId: 'user-1' });
        await repository.replace(lowered, 1, credit);
        const raised = changed(lowered, { outstandingAmount: 95_00 });
        const fee = anEntry(raised, 15_00, { reason: 'Late fee', actorId: 'user-2' });
        await repository.replace(raised, 2, fee);

        const firstPage = await repository.ledger(customer.id, 1, 2);
        expect(firstPage).toMatchObject({ total: 3, page: 1, pageSize: 2 });
        expect(firstPage.items).toEqual([fee, credit]);
        expect((await repository.ledger(customer.id, 2, 2)).items).toEqual([
          expect.objectContaining({ kind: 'charge', amount: 100_00, runningBalance: 100_00 }),
        ]);
        expect(await repository.ledgerBalance(customer.id)).toBe(95_00);
      });

      it('writes no entry when the replace is refused', async () => {
        const customer = await stored({ outstandingAmount: 100_00 });
        await repository.replace(changed(customer, { notes: 'Called' }), 1);
        const stale = changed(customer, { outstandingAmount: 1 });

        await expect(repository.replace(stale, 1, anEntry(stale, -99_99))).rejects.toBeInstanceOf(
          CustomerVersionConflictError,
        );

        expect((await repository.ledger(customer.id, 1, 10)).total).toBe(1);
        expect(await repository.ledgerBalance(customer.id)).toBe(100_00);
      });

      it('keeps the balance equal to the sum of its ledger when many change it at once', async () => {
        const customer = await stored({ outstandingAmount: 50_00 });
        const payOne = async (): Promise<void> => {
          for (;;) {
            const current = (await repository.findById(customer.id))!;
            const next = changed(current, { outstandingAmount: current.outstandingAmount - 1_00 });
            try {
              await repository.replace(
                next,
                current.version,
                anEntry(next, -1_00, { kind: 'payment' }),
              );
              return;
            } catch (error) {
              if (!(error instanceof CustomerVersionConflictError)) throw error;
            }
          }
        };

        await Promise.all(Array.from({ length: 20 }, payOne));

        const final = (await repository.findById(customer.id))!;
        expect(final.outstandingAmount).toBe(30_00);
        expect(await repository.ledgerBalance(customer.id)).toBe(30_00);
        const { items, total } = await repository.ledger(customer.id, 1, 100);
        expect(total).toBe(21);
        expect(items.map((entry) => entry.runningBalance)).toEqual(
          Array.from({ length: 21 }, (_, index) => 30_00 + index * 1_00),
        );
      });
    });

    describe('overdue candidates', () => {
      it('finds pending, owing, active customers due before today, in (dueDate, id) chunks', async () => {
        const due = async (dueDate: string, overrides: Partial<Customer> = {}) =>
          stored({ email: `${dueDate}.${Math.random()}@due.test`, dueDate, ...overrides });
        const candidates = [
          await due('2026-11-01'),
          await due('2026-11-01'),
          await due('2026-11-24'),
        ];
        await due('2026-11-25');
        await due('2026-11-02', { paymentStatus: 'overdue' });
        await due('2026-11-02', { outstandingAmount: 0, paymentStatus: 'completed' });
        await due('2026-11-02', { archivedAt: '2026-11-03T00:00:00.000Z' });
        const ordered = [...candidates].sort(
          (left, right) =>
            left.dueDate.localeCompare(right.dueDate) || left.id.localeCompare(right.id),
        );

        const first = await repository.overdueCandidates('2026-11-25', null, 2);
        const last = first.at(-1)!;
        const rest = await repository.overdueCandidates(
          '2026-11-25',
          { dueDate: last.dueDate, id: last.id },
          2,
        );

        expect([...first, ...rest]).toEqual(ordered);
      });

      it('stores many changes at once, skipping one that changed meanwhile', async () => {
        const one = await stored({ email: 'one@many.test' });
        const two = await stored({ email: 'two@many.test' });
        await repository.replace(changed(two, { notes: 'Moved on' }), two.version);
        const overdueOne = changed(one, { paymentStatus: 'overdue' });

        const storedIds = await repository.replaceMany([
          { previous: one, next: overdueOne },
          { previous: two, next: changed(two, { paymentStatus: 'overdue' }) },
        ]);

        expect(storedIds).toEqual([one.id]);
        expect(await repository.findById(one.id)).toEqual(overdueOne);
        expect((await repository.findById(two.id))?.notes).toBe('Moved on');
        expect(await repository.replaceMany([])).toEqual([]);
      });

      it('skips a customer that was never stored, and keeps search in step with a renamed one', async () => {
        const renamed = await stored({ name: 'Oldname Trading', email: 'rename@many.test' });
        const never = aCustomer({ email: 'never@many.test' });

        const storedIds = await repository.replaceMany([
          { previous: never, next: changed(never, { paymentStatus: 'overdue' }) },
          { previous: renamed, next: changed(renamed, { name: 'Newname Trading' }) },
        ]);

        expect(storedIds).toEqual([renamed.id]);
        expect(await repository.findById(never.id)).toBeNull();
        expect((await repository.list(criteria({ q: 'newname' }))).items.map((c) => c.id)).toEqual([
          renamed.id,
        ]);
        expect((await repository.list(criteria({ q: 'oldname' }))).total).toBe(0);
      });
    });

    describe('importMany', () => {
      it('stores new customers with their charges and changes with their adjustments', async () => {
        const existing = await stored({ email: 'existing@import.test', outstandingAmount: 1000 });
        const fresh = aCustomer({ email: 'fresh@import.test', outstandingAmount: 500 });
        const raised = changed(existing, { outstandingAmount: 1500 });

        await repository.importMany([
          {
            creates: [{ customer: fresh, opening: openingOf(fresh) }],
            updates: [
              { next: raised, expectedVersion: existing.version, entry: anEntry(raised, 500) },
            ],
          },
        ]);

        expect(await repository.findById(fresh.id)).toEqual(fresh);
        expect(await repository.findById(existing.id)).toEqual(raised);
        expect(await repository.ledgerBalance(fresh.id)).toBe(500);
        expect(await repository.ledgerBalance(existing.id)).toBe(1500);
      });

      it('completes an interrupted import when the same writes come again, without duplicates', async () => {
        const first = aCustomer({ email: 'first@retry.test', outstandingAmount: 700 });
        const second = aCustomer({ email: 'second@retry.test', outstandingAmount: 0 });
        const creates = [
          { customer: first, opening: openingOf(first) },
          { customer: second, opening: null },
        ];
        await repository.importMany([{ creates: creates.slice(0, 1), updates: [] }]);

        await repository.importMany([{ creates, updates: [] }]);

        expect(await repository.findById(second.id)).toEqual(second);
        expect((await repository.ledger(first.id, 1, 10)).total).toBe(1);
        expect(
          await repository.findByEmails(['first@retry.test', 'second@retry.test']),
        ).toHaveLength(2);
      });

      it('refuses a new customer whose email is taken', async () => {
        await stored({ email: 'taken@import.test' });
        const clash = aCustomer({ email: 'TAKEN@import.test' });
        await expect(
          repository.importMany([
            { creates: [{ customer: clash, opening: openingOf(clash) }], updates: [] },
          ]),
        ).rejects.toBeInstanceOf(CustomerEmailTakenError);
        expect(await repository.findById(clash.id)).toBeNull();
      });

      it('writes batches as they come, each after the one before, and nothing for none', async () => {
        const customers = ['a', 'b', 'c'].map((name) =>
          aCustomer({ email: `${name}@batches.test`, outstandingAmount: 100 }),
        );
        const raised = changed(customers[0], { outstandingAmount: 250 });
        // Each batch is prepared asynchronously, as an import looks its rows up.
        async function* batches() {
          yield {
            creates: [{ customer: customers[0], opening: openingOf(customers[0]) }],
            updates: [],
          };
          yield { creates: [], updates: [] };
          await setImmediate();
          yield {
            creates: customers
              .slice(1)
              .map((customer) => ({ customer, opening: openingOf(customer) })),
            updates: [{ next: raised, expectedVersion: 1, entry: anEntry(raised, 150) }],
          };
        }

        await repository.importMany(batches());
        await repository.importMany([]);

        expect(await repository.findById(customers[0].id)).toEqual(raised);
        expect(await repository.ledgerBalance(customers[0].id)).toBe(250);
        expect(await repository.findByEmails(customers.map((one) => one.email))).toHaveLength(3);
      });
    });

    describe('findByEmails', () => {
      it('matches case-insensitively, includes archived customers and ignores unknown emails', async () => {
        const active = await stored({ email: 'one@acme.test' });
        const archived = await stored({ email: 'two@acme.test' });
        await stored({ email: 'three@acme.test' });
        await repository.replace(changed(archived, { archivedAt: archived.updatedAt }), 1);

        const found = await repository.findByEmails([
          'ONE@acme.test',
          'two@ACME.test',
          'nobody@acme.test',
        ]);

        expect(found.map((c) => c.id).sort()).toEqual([active.id, archived.id].sort());
        expect(await repository.findByEmails([])).toEqual([]);
      });
    });

    describe('list and scan', () => {
      let all: Customer[];

      beforeEach(async () => {
        all = [];
        for (const customer of aVariedSet(45)) {
          await repository.insert(customer, openingOf(customer));
          all.push(customer);
        }
        for (const customer of all.slice(40)) {
          const archived = changed(customer, { archivedAt: customer.updatedAt });
          await repository.replace(archived, customer.version);
          all[all.indexOf(customer)] = archived;
        }
      });

      const cases: [string, Partial<CustomerListCriteria>][] = [
        ['no filter', {}],
        ['one status', { statuses: ['overdue'] }],
        ['two statuses', { statuses: ['pending', 'overdue'] }],
        ['a due-date range', { dueFrom: '2026-03-01', dueTo: '2026-08-31' }],
        ['due from only', { dueFrom: '2026-10-15' }],
        ['an amount range, bounds included', { minOutstanding: 25_000, maxOutstanding: 75_000 }],
        ['nothing outstanding', { maxOutstanding: 0 }],
        ['an assignee', { assigneeId: 'agent-b' }],
        ['a currency', { currency: 'USD' }],
        ['archived only', { archived: 'only' }],
        ['archived included', { archived: 'include' }],
        [
          'everything combined',
          { statuses: ['pending'], currency: 'EUR', minOutstanding: 1, dueTo: '2026-09-30' },
        ],
        ['q: a word prefix, any case', { q: 'ACM' }],
        ['q: accents ignored both ways', { q: 'jose alvarez' }],
        ['q: accented query', { q: 'Zoë' }],
        ['q: words must all match', { q: 'delta foods' }],
        ['q: an email word', { q: 'contact.12' }],
        ['q: phone digits anywhere', { q: '4930' }],
        ['q: no match', { q: 'nonexistent' }],
        ['q: only punctuation means no search', { q: ' ,.- ' }],
        ['q and a status', { q: 'acme', statuses: ['completed'] }],
      ];

      it.each(cases)('filters by %s like an independent computation', async (_, filters) => {
        const wanted = criteria(filters);
        expect(await repository.list(wanted)).toEqual(expectedPage(all, wanted));
      });

      const sorts: [string, CustomerListCriteria['sort']][] = [
        ['name ascending (case and accents ignored)', [{ field: 'name', direction: 'asc' }]],
        ['name descending', [{ field: 'name', direction: 'desc' }]],
        ['email', [{ field: 'email', direction: 'asc' }]],
        [
          'amount descending then due date',
          [
            { field: 'outstandingAmount', direction: 'desc' },
            { field: 'dueDate', direction: 'asc' },
          ],
        ],
        ['due date descending', [{ field: 'dueDate', direction: 'desc' }]],
        [
          'status then name',
          [
            { field: 'paymentStatus', direction: 'asc' },
            { field: 'name', direction: 'desc' },
          ],
        ],
        ['creation time', [{ field: 'createdAt', direction: 'asc' }]],
        ['update time descending', [{ field: 'updatedAt', direction: 'desc' }]],
        ['only the id tie-breaker', []],
      ];

      it.each(sorts)('sorts by %s, ties broken by id', async (_, sort) => {
        const wanted = criteria({ sort, archived: 'include' });
        expect(await repository.list(wanted)).toEqual(expectedPage(all, wanted));
      });

      it('pages through a sorted list without overlap or gap, then past the end', async () => {
        const sort: CustomerListCriteria['sort'] = [
          { field: 'outstandingAmount', direction: 'asc' },
        ];
        const seen: string[] = [];
        for (let page = 1; page <= 5; page += 1) {
          const wanted = criteria({ sort, page, pageSize: 8 });
          const result = await repository.list(wanted);
          expect(result).toEqual(expectedPage(all, wanted));
          seen.push(...result.items.map((c) => c.id));
        }
        expect(seen).toHaveLength(40);
        expect(new Set(seen).size).toBe(40);

        const beyond = await repository.list(criteria({ sort, page: 6, pageSize: 8 }));
        expect(beyond).toEqual({ items: [], total: 40, totalRelation: 'eq', page: 6, pageSize: 8 });
      });

      it('pages a filtered search with the filtered total', async () => {
        const wanted = criteria({
          q: 'acme',
          sort: [{ field: 'dueDate', direction: 'asc' }],
          page: 2,
          pageSize: 2,
        });
        const result = await repository.list(wanted);
        expect(result).toEqual(expectedPage(all, wanted));
        expect(result.total).toBeGreaterThan(2);
      });

      const scans: [string, Partial<CustomerListCriteria>][] = [
        ['everything by id', {}],
        [
          'a status by amount descending then name',
          {
            statuses: ['pending', 'overdue'],
            sort: [
              { field: 'outstandingAmount', direction: 'desc' },
              { field: 'name', direction: 'asc' },
            ],
          },
        ],
        ['a search by due date', { q: 'contact', sort: [{ field: 'dueDate', direction: 'asc' }] }],
        [
          'archived included by update time descending',
          { archived: 'include', sort: [{ field: 'updatedAt', direction: 'desc' }] },
        ],
      ];

      it.each(scans)('scans %s in batches, in order, each customer once', async (_, filters) => {
        const { sort = [], ...filter } = filters;
        const batches: Customer[][] = [];
        for await (const batch of repository.scan(filter, sort, 7)) batches.push(batch);

        expect(batches.every((batch) => batch.length <= 7)).toBe(true);
        expect(batches.flat()).toEqual(expectedOrder(all, { ...filter, sort }));
      });

      describe('ranked by relevance', () => {
        let ranked: Customer[];

        beforeEach(async () => {
          const named = (name: string, email: string, changes: Partial<Customer> = {}) =>
            aCustomer({ name, email, ...changes });
          ranked = [
            named('Old Globex Logistics', 'old@globex.test'),
            named('Globex Logistics GmbH', 'billing@globex-logistics.test'),
            named('Logistics by Globex', 'hello@lbg.test', { paymentStatus: 'overdue' }),
            named('Zed Holdings', 'globex@logistics.test'),
            named('globex logistics', 'ap@gl.test', { paymentStatus: 'overdue' }),
            named('Glöbex Logistics Archive', 'archive@globex.test', {
              archivedAt: '2026-01-01T00:00:00.000Z',
            }),
            named('Globexia Logistik', 'info@globexia.test'),
          ];
          for (const customer of ranked) await repository.insert(customer, null);
          all.push(...ranked);
        });

        const rankedCases: [string, Partial<CustomerListCriteria>][] = [
          ['two words', { q: 'globex logistics' }],
          ['an exact email, in any case', { q: 'GLOBEX@Logistics.test' }],
          ['a name prefix that ends inside a word', { q: 'Globex Log' }],
          ['accents ignored', { q: 'glöbex' }],
          ['with a status', { q: 'globex logistics', statuses: ['overdue'] }],
          ['archived included', { q: 'globex logistics', archived: 'include' }],
          ['page 2 of 2 a page', { q: 'globex', page: 2, pageSize: 2 }],
          ['a search of punctuation only: by name', { q: ' - ' }],
        ];

        it.each(rankedCases)('ranks %s like an independent computation', async (_, filters) => {
          const wanted = criteria({ sort: 'relevance', ...filters });
          expect(await repository.list(wanted)).toEqual(expectedPage(all, wanted));
        });

        it('puts the name that starts with the words first, then the other matches', async () => {
          const { items } = await repository.list(
            criteria({ sort: 'relevance', q: 'globex logistics' }),
          );
          expect(items.map((customer) => customer.name)).toEqual([
            'globex logistics',
            'Globex Logistics GmbH',
            'Logistics by Globex',
            'Old Globex Logistics',
            'Zed Holdings',
          ]);
        });

        it('puts the customer whose email was typed first', async () => {
          const { items } = await repository.list(
            criteria({ sort: 'relevance', q: ' Globex@Logistics.TEST ' }),
          );
          expect(items[0]?.email).toBe('globex@logistics.test');
          expect(items.length).toBeGreaterThan(1);
        });

        it('scans in relevance order, each customer once', async () => {
          const batches: Customer[][] = [];
          for await (const batch of repository.scan({ q: 'globex' }, 'relevance', 2)) {
            batches.push(batch);
          }
          expect(batches.flat()).toEqual(expectedOrder(all, { q: 'globex', sort: 'relevance' }));
        });
      });

      it('scans the data as it was when the scan began, while rows change underneath', async () => {
        const sort: CustomerListCriteria['sort'] = [
          { field: 'outstandingAmount', direction: 'asc' },
        ];
        const before = expectedOrder(all, { sort });
        const seen: Customer[] = [];
        let changedRows = 0;
        for await (const batch of repository.scan({}, sort, 5)) {
          seen.push(...batch);
          if (changedRows === 0) {
            // Move rows still ahead of the scan to its very start, and one already seen to the end.
            for (const customer of [before.at(-1)!, before.at(-2)!, before[0]]) {
              const current = (await repository.findById(customer.id))!;
              const moved = changed(current, {
                outstandingAmount: customer === before[0] ? 9_999_999 : 0,
              });
              await repository.replace(moved, current.version);
              changedRows += 1;
            }
            await repository.insert(
              aCustomer({ email: 'latecomer@acme.test', outstandingAmount: 0 }),
              null,
            );
          }
        }

        expect(changedRows).toBe(3);
        expect(seen).toEqual(before);
      });
    });
  });
}
