import { describe, expect, it, vi } from 'vitest';

import type { Customer, LedgerEntry } from '@collection-desk/contracts';

import { ValidationFailedError } from '../common/errors/domain-error.js';
import type { DomainEvents } from '../common/events/domain-events.js';
import { Clock } from '../common/time/clock.js';
import { AppConfig } from '../config/app-config.js';
import type { UserRecord, UserRepository } from '../users/user.repository.js';
import { CustomerVersionConflictError } from './customer.errors.js';
import { InProcessCustomerExporter } from './customer-exporter.js';
import type { CustomerRepository } from './customer.repository.js';
import { CustomersService } from './customers.service.js';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const config = new AppConfig({ timeZone: 'UTC', defaultCurrency: 'EUR' } as AppConfig);

class FixedClock extends Clock {
  override now(): Date {
    return NOW;
  }
}

const stored: Customer = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Acme',
  email: 'acme@x.test',
  phone: null,
  address: null,
  outstandingAmount: 50_000,
  pendingPaymentsAmount: 0,
  currency: 'EUR',
  dueDate: '2026-12-31',
  paymentStatus: 'pending',
  assigneeId: 'a-leaver',
  notes: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
  archivedAt: null,
};

function setUp(
  options: { ledgerEntries?: number; users?: Record<string, Partial<UserRecord>> } = {},
) {
  const repository = {
    insert: vi.fn().mockResolvedValue(undefined),
    findById: vi.fn().mockResolvedValue(stored),
    replace: vi.fn().mockResolvedValue(undefined),
    ledger: vi
      .fn()
      .mockResolvedValue({ items: [], total: options.ledgerEntries ?? 1, page: 1, pageSize: 1 }),
  };
  const users = {
    findById: vi.fn((id: string) => Promise.resolve(options.users?.[id] ?? null)),
  };
  const events = { publish: vi.fn() };
  const service = new CustomersService(
    repository as unknown as CustomerRepository,
    new InProcessCustomerExporter(repository as unknown as CustomerRepository),
    users as unknown as UserRepository,
    new FixedClock(config),
    events as unknown as DomainEvents,
    config,
  );
  return { service, repository, users, events };
}

describe('CustomersService', () => {
  describe('create', () => {
    it('stamps id, version and times from the clock, derives the status and opens the ledger', async () => {
      const { service, repository, events } = setUp();

      const customer = await service.create(
        { name: 'New', email: 'new@x.test', outstandingAmount: 1_000, dueDate: '2026-11-24' },
        'actor-1',
      );

      expect(customer).toMatchObject({
        version: 1,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
        currency: 'EUR',
        paymentStatus: 'overdue',
        archivedAt: null,
      });
      expect(customer.id).toMatch(/^[0-9a-f-]{36}$/);
      const [insertedCustomer, opening] = repository.insert.mock.calls[0] as [
        Customer,
        LedgerEntry,
      ];
      expect(insertedCustomer).toEqual(customer);
      expect(opening).toMatchObject({
        kind: 'charge',
        amount: 1_000,
        runningBalance: 1_000,
        customerId: customer.id,
        actorId: 'actor-1',
        createdAt: NOW.toISOString(),
      });
      expect(events.publish).toHaveBeenCalledWith('customer.created', {
        customer,
        actorId: 'actor-1',
      });
    });

    it('opens no ledger for a customer who owes nothing', async () => {
      const { service, repository } = setUp();
      const customer = await service.create(
        { name: 'Paid', email: 'paid@x.test', outstandingAmount: 0, dueDate: '2026-01-01' },
        'actor-1',
      );
      expect(customer.paymentStatus).toBe('completed');
      expect(repository.insert).toHaveBeenCalledWith(customer, null);
    });
  });

  describe('update', () => {
    it('stores only a real change, one version on, as the same write as its adjustment', async () => {
      const { service, repository, events } = setUp();

      const next = await service.update(
        stored.id,
        [3],
        { name: 'Acme', outstandingAmount: 30_000, reason: 'Credit note' },
        'actor-2',
      );

      expect(next).toEqual({
        ...stored,
        outstandingAmount: 30_000,
        version: 4,
        updatedAt: NOW.toISOString(),
      });
      expect(repository.replace).toHaveBeenCalledWith(
        next,
        3,
        expect.objectContaining({
          kind: 'adjustment',
          amount: -20_000,
          runningBalance: 30_000,
          reason: 'Credit note',
          actorId: 'actor-2',
        }),
      );
      expect(events.publish).toHaveBeenCalledWith('customer.updated', {
        customer: next,
        actorId: 'actor-2',
      });
    });

    it('changes nothing, and publishes nothing, when every value sent is the current one', async () => {
      const { service, repository, events } = setUp();

      expect(
        await service.update(stored.id, [3], { name: 'Acme', outstandingAmount: 50_000 }, 'a'),
      ).toBe(stored);
      expect(repository.replace).not.toHaveBeenCalled();
      expect(events.publish).not.toHaveBeenCalled();
    });

    it('does not re-check an assignee that stays, even one deactivated since', async () => {
      const { service, users } = setUp({ users: { 'a-leaver': { active: false, role: 'agent' } } });

      await service.update(stored.id, [3], { notes: 'Called', assigneeId: 'a-leaver' }, 'a');

      expect(users.findById).not.toHaveBeenCalled();
    });

    it('checks a new assignee', async () => {
      const { service } = setUp({ users: { viewer: { active: true, role: 'viewer' } } });

      await expect(
        service.update(stored.id, [3], { assigneeId: 'viewer' }, 'a'),
      ).rejects.toBeInstanceOf(ValidationFailedError);
    });

    it('needs a reason to change the amount, and refuses a currency once money was recorded', async () => {
      const { service } = setUp({ ledgerEntries: 2 });

      await expect(
        service.update(stored.id, [3], { outstandingAmount: 1, currency: 'USD' }, 'a'),
      ).rejects.toMatchObject({
        fieldErrors: [
          { field: 'reason', message: 'is required when the outstanding amount changes' },
          {
            field: 'currency',
            message: 'cannot change once money has been recorded in another currency',
          },
        ],
      });
    });

    it('goes ahead over any version the If-Match list names, and refuses the others', async () => {
      const { service } = setUp();

      await expect(service.update(stored.id, [1, 2], { notes: 'x' }, 'a')).rejects.toBeInstanceOf(
        CustomerVersionConflictError,
      );
      await expect(service.update(stored.id, [2, 3], { notes: 'x' }, 'a')).resolves.toMatchObject({
        version: 4,
      });
    });
  });

  describe('archive and restore', () => {
    it('archives with the clock, and treats archiving an archived customer as no change', async () => {
      const { service, repository } = setUp();

      const archived = await service.archive(stored.id, 'admin');
      expect(archived).toMatchObject({ archivedAt: NOW.toISOString(), version: 4 });

      repository.findById.mockResolvedValue(archived);
      expect(await service.archive(stored.id, 'admin')).toBe(archived);
      expect(repository.replace).toHaveBeenCalledTimes(1);
    });

    it('treats restoring an active customer as no change', async () => {
      const { service, repository } = setUp();
      expect(await service.restore(stored.id, 'admin')).toBe(stored);
      expect(repository.replace).not.toHaveBeenCalled();
    });
  });
});
