import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Customer, Page, ProblemDetails, Session } from '@collection-desk/contracts';

import {
  CustomerRepository,
  type CustomerListCriteria,
} from '../../src/customers/customer.repository.js';
import { aVariedSet, changed, openingOf } from '../storage/customer-fixtures.js';
import { expectedPage } from '../storage/customer-list.oracle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiClient } from '../support/accounts.js';

describe('GET /customers', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let agent: Session;
  let all: Customer[];

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    const admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
    const repository = subject.app.get(CustomerRepository);
    all = [];
    for (const input of aVariedSet(60)) {
      const customer = { ...input, assigneeId: input.assigneeId && agent.user.id };
      await repository.insert(customer, openingOf(customer));
      all.push(customer);
    }
    for (const customer of all.slice(55)) {
      const archived = changed(customer, { archivedAt: customer.updatedAt });
      await repository.replace(archived, customer.version);
      all[all.indexOf(customer)] = archived;
    }
  });

  afterAll(async () => {
    await subject.dispose();
  });

  const list = (query: string) =>
    api.call<Page<Customer>>('GET', `/customers?${query}`, { token: agent.accessToken });

  const cases: [string, string, Partial<CustomerListCriteria>][] = [
    [
      'defaults: by due date, 20 a page',
      '',
      { sort: [{ field: 'dueDate', direction: 'asc' }], pageSize: 20 },
    ],
    ['statuses', 'status=pending,overdue', { statuses: ['pending', 'overdue'] }],
    [
      'a due range',
      'dueFrom=2026-03-01&dueTo=2026-06-30',
      { dueFrom: '2026-03-01', dueTo: '2026-06-30' },
    ],
    [
      'an amount range',
      'minOutstanding=25000&maxOutstanding=75000',
      { minOutstanding: 25_000, maxOutstanding: 75_000 },
    ],
    ['a currency in lower case', 'currency=usd', { currency: 'USD' }],
    ['archived included', 'archived=true', { archived: 'include' }],
    ['archived only', 'archived=only', { archived: 'only' }],
    ['a search: best matches first', 'q=Zo%C3%AB', { q: 'Zoë', sort: 'relevance' }],
    [
      'a search in the order asked for',
      'q=acme&sort=-dueDate',
      { q: 'acme', sort: [{ field: 'dueDate', direction: 'desc' }] },
    ],
    [
      'a multi-field sort',
      'sort=-outstandingAmount,name',
      {
        sort: [
          { field: 'outstandingAmount', direction: 'desc' },
          { field: 'name', direction: 'asc' },
        ],
      },
    ],
    [
      'page 2 of 7',
      'sort=name&page=2&pageSize=7',
      { sort: [{ field: 'name', direction: 'asc' }], page: 2, pageSize: 7 },
    ],
    [
      'the last, partial page',
      'sort=name&page=8&pageSize=7',
      { sort: [{ field: 'name', direction: 'asc' }], page: 8, pageSize: 7 },
    ],
    ['past the end', 'page=100&pageSize=10', { page: 100, pageSize: 10 }],
    [
      'everything combined',
      'status=pending&currency=EUR&minOutstanding=1&sort=-dueDate&pageSize=5',
      {
        statuses: ['pending'],
        currency: 'EUR',
        minOutstanding: 1,
        sort: [{ field: 'dueDate', direction: 'desc' }],
        pageSize: 5,
      },
    ],
  ];

  it.each(cases)('answers %s like an independent computation', async (_, query, criteria) => {
    const wanted: CustomerListCriteria = {
      sort: [{ field: 'dueDate', direction: 'asc' }],
      page: 1,
      pageSize: 20,
      ...criteria,
    };

    const result = await list(query);

    expect(result.status).toBe(200);
    expect(result.body).toEqual(expectedPage(all, wanted));
  });

  it('ranks a search: names that start with the words come before other matches', async () => {
    const result = await list('q=acme%20t&pageSize=100');

    const names = result.body.items.map((customer) => customer.name);
    expect(names[0]).toBe('Acme Trading');
    expect(names).toContain('acme holdings');
    expect(names.lastIndexOf('Acme Trading')).toBeLessThan(names.indexOf('acme holdings'));
  });

  it('filters by assignee', async () => {
    const result = await list(`assignee=${agent.user.id}&pageSize=100`);

    expect(result.body.total).toBe(
      all.filter((c) => c.assigneeId === agent.user.id && !c.archivedAt).length,
    );
    expect(result.body.items.every((c) => c.assigneeId === agent.user.id)).toBe(true);
  });

  it.each([
    ['an unknown sort field', 'sort=password', 'sort'],
    ['a field sorted twice', 'sort=name,-name', 'sort'],
    ['an unknown status', 'status=paid', 'status'],
    ['a page size above 100', 'pageSize=101', 'pageSize'],
    ['page 0', 'page=0', 'page'],
    ['a negative amount', 'minOutstanding=-5', 'minOutstanding'],
    ['a bad date', 'dueFrom=yesterday', 'dueFrom'],
    ['an unknown parameter', 'colour=red', 'colour'],
    ['a bad archived value', 'archived=maybe', 'archived'],
  ])('refuses %s with a 400 naming the parameter', async (_, query, field) => {
    const result = await api.call<ProblemDetails>('GET', `/customers?${query}`, {
      token: agent.accessToken,
    });

    expect(result.status).toBe(400);
    expect(result.body.errors?.map((error) => error.field)).toContain(field);
  });
});
