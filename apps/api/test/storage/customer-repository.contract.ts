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
import { aCustomer, aVariedSet } from './customer-fixtures.js';
import { expectedPage } from './customer-list.oracle.js';

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

    describe('create and read', () => {
      it('stores a customer with a fresh id, version 1 and timestamps, and reads it back', async () => {
        const created = await repository.create(aCustomer({ notes: 'Prefers email' }));

        expect(created).toMatchObject({
          ...aCustomer({ notes: 'Prefers email' }),
          version: 1,
          archivedAt: null,
        });
        expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(Date.parse(created.createdAt)).not.toBeNaN();
        expect(created.updatedAt).toBe(created.createdAt);
        expect(await repository.findById(created.id)).toEqual(created);
      });

      it('answers null for an unknown id', async () => {
        expect(await repository.findById(UNKNOWN_ID)).toBeNull();
      });

      it('refuses a second customer with the same email, whatever its case', async () => {
        await repository.create(aCustomer({ email: 'billing@acme.test' }));

        await expect(
          repository.create(aCustomer({ email: 'Billing@ACME.test' })),
        ).rejects.toBeInstanceOf(CustomerEmailTakenError);
        const { total } = await repository.list(criteria({ archived: 'include' }));
        expect(total).toBe(1);
      });

      it('keeps the email of an archived customer reserved', async () => {
        const archived = await repository.create(aCustomer({ email: 'old@acme.test' }));
        await repository.archive(archived.id);

        await expect(
          repository.create(aCustomer({ email: 'old@acme.test' })),
        ).rejects.toBeInstanceOf(CustomerEmailTakenError);
      });
    });

    describe('update', () => {
      it('applies the changes, keeps the other fields and bumps the version', async () => {
        const created = await repository.create(aCustomer());

        const updated = await repository.update(created.id, 1, {
          outstandingAmount: 99_00,
          notes: 'Promised to pay Friday',
          phone: null,
        });

        expect(updated).toMatchObject({
          ...created,
          outstandingAmount: 99_00,
          notes: 'Promised to pay Friday',
          phone: null,
          version: 2,
          updatedAt: expect.any(String),
        });
        expect(updated.updatedAt >= created.updatedAt).toBe(true);
        expect(await repository.findById(created.id)).toEqual(updated);
      });

      it('refuses a stale version, reports the current one and changes nothing', async () => {
        const created = await repository.create(aCustomer());
        const first = await repository.update(created.id, 1, { name: 'First Writer' });

        const stale = repository.update(created.id, 1, { name: 'Second Writer' });

        await expect(stale).rejects.toBeInstanceOf(CustomerVersionConflictError);
        await expect(stale).rejects.toMatchObject({ currentVersion: 2, expectedVersion: 1 });
        expect(await repository.findById(created.id)).toEqual(first);
      });

      it('reports an unknown customer', async () => {
        await expect(repository.update(UNKNOWN_ID, 1, { name: 'Nobody' })).rejects.toBeInstanceOf(
          CustomerNotFoundError,
        );
      });

      it("refuses another customer's email and frees the old email after a change", async () => {
        const first = await repository.create(aCustomer({ email: 'first@acme.test' }));
        await repository.create(aCustomer({ email: 'second@acme.test' }));

        await expect(
          repository.update(first.id, 1, { email: 'SECOND@acme.test' }),
        ).rejects.toBeInstanceOf(CustomerEmailTakenError);
        expect((await repository.findById(first.id))?.email).toBe('first@acme.test');

        await repository.update(first.id, 1, { email: 'renamed@acme.test' });
        await expect(
          repository.create(aCustomer({ email: 'first@acme.test' })),
        ).resolves.toMatchObject({
          email: 'first@acme.test',
        });
      });

      it('finds a customer by its new name and email after an update, not by the old ones', async () => {
        const created = await repository.create(
          aCustomer({ name: 'Old Name', email: 'old@name.test' }),
        );
        await repository.update(created.id, 1, { name: 'Fresh Brand', email: 'hello@fresh.test' });

        expect((await repository.list(criteria({ q: 'fresh' }))).items.map((c) => c.id)).toEqual([
          created.id,
        ]);
        expect((await repository.list(criteria({ q: 'old' }))).total).toBe(0);
      });
    });

    describe('balance adjustments', () => {
      it('records a hand-made change of the amount with the same write, newest first', async () => {
        const created = await repository.create(aCustomer({ outstandingAmount: 100_00 }));

        await repository.update(
          created.id,
          1,
          { outstandingAmount: 80_00 },
          { reason: 'Credit note 17', actorId: 'user-1' },
        );
        await repository.update(
          created.id,
          2,
          { outstandingAmount: 95_00 },
          { reason: 'Late fee', actorId: 'user-2' },
        );

        const adjustments = await repository.listAdjustments(created.id);
        expect(adjustments).toEqual([
          expect.objectContaining({
            previousAmount: 80_00,
            newAmount: 95_00,
            reason: 'Late fee',
            actorId: 'user-2',
            currency: 'EUR',
            customerId: created.id,
          }),
          expect.objectContaining({
            previousAmount: 100_00,
            newAmount: 80_00,
            reason: 'Credit note 17',
            actorId: 'user-1',
          }),
        ]);
        expect(adjustments[0]?.createdAt).toBe((await repository.findById(created.id))?.updatedAt);
      });

      it('records nothing when the amount does not change or the write is refused', async () => {
        const created = await repository.create(aCustomer({ outstandingAmount: 100_00 }));

        await repository.update(
          created.id,
          1,
          { notes: 'Called', outstandingAmount: 100_00 },
          { reason: 'none', actorId: 'u' },
        );
        await expect(
          repository.update(
            created.id,
            1,
            { outstandingAmount: 1 },
            { reason: 'stale', actorId: 'u' },
          ),
        ).rejects.toBeInstanceOf(CustomerVersionConflictError);

        expect(await repository.listAdjustments(created.id)).toEqual([]);
      });
    });

    describe('archive and restore', () => {
      it('archives out of the default list and restores back into it', async () => {
        const kept = await repository.create(aCustomer({ email: 'kept@acme.test' }));
        const gone = await repository.create(aCustomer({ email: 'gone@acme.test' }));

        const archived = await repository.archive(gone.id);
        expect(archived.archivedAt).not.toBeNull();
        expect(archived.version).toBe(2);
        expect((await repository.list(criteria())).items.map((c) => c.id)).toEqual([kept.id]);
        expect(
          (await repository.list(criteria({ archived: 'only' }))).items.map((c) => c.id),
        ).toEqual([gone.id]);
        expect((await repository.list(criteria({ archived: 'include' }))).total).toBe(2);

        const restored = await repository.restore(gone.id);
        expect(restored).toMatchObject({ archivedAt: null, version: 3 });
        expect((await repository.list(criteria())).total).toBe(2);
      });

      it('treats archiving twice and restoring an active customer as no change', async () => {
        const created = await repository.create(aCustomer());
        const archived = await repository.archive(created.id);

        expect(await repository.archive(created.id)).toEqual(archived);
        const restored = await repository.restore(created.id);
        expect(await repository.restore(created.id)).toEqual(restored);
      });

      it('reports an unknown customer', async () => {
        await expect(repository.archive(UNKNOWN_ID)).rejects.toBeInstanceOf(CustomerNotFoundError);
        await expect(repository.restore(UNKNOWN_ID)).rejects.toBeInstanceOf(CustomerNotFoundError);
      });
    });

    describe('findByEmails', () => {
      it('matches case-insensitively, includes archived customers and ignores unknown emails', async () => {
        const active = await repository.create(aCustomer({ email: 'one@acme.test' }));
        const archived = await repository.create(aCustomer({ email: 'two@acme.test' }));
        await repository.create(aCustomer({ email: 'three@acme.test' }));
        await repository.archive(archived.id);

        const found = await repository.findByEmails([
          'ONE@acme.test',
          'two@ACME.test',
          'nobody@acme.test',
        ]);

        expect(found.map((c) => c.id).sort()).toEqual([active.id, archived.id].sort());
        expect(await repository.findByEmails([])).toEqual([]);
      });
    });

    describe('list', () => {
      let all: Customer[];

      beforeEach(async () => {
        all = [];
        for (const input of aVariedSet(45)) all.push(await repository.create(input));
        for (const customer of all.slice(40)) {
          const archived = await repository.archive(customer.id);
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
        expect(beyond).toEqual({ items: [], total: 40, page: 6, pageSize: 8 });
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
    });
  });
}
