import { randomUUID } from 'node:crypto';

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  AgingBucket,
  Customer,
  CustomerPage,
  DashboardSummary,
  LedgerEntry,
  Page,
  ProblemDetails,
  Session,
} from '@collection-desk/contracts';

import { Clock } from '../../src/common/time/clock.js';
import { CustomerRepository } from '../../src/customers/customer.repository.js';
import { aCustomer, openingOf } from '../storage/customer-fixtures.js';
import { apiClient } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 24 * 60 * 60 * 1000;

/** The independent rule: whole days from the due date to today; 0 while not yet due. */
function bucketOf(dueDate: string, today: string): AgingBucket {
  const days = Math.round((Date.parse(today) - Date.parse(dueDate)) / DAY);
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

describe('the dashboard', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let agent: Session;
  let today: string;

  beforeAll(async () => {
    // Far from UTC, so "today" and the days of the collected line are the zone's.
    subject = await startTestApp({ TZ: 'Pacific/Auckland', DEFAULT_CURRENCY: 'EUR' });
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
    today = subject.app.get(Clock).today();

    const repository = subject.app.get(CustomerRepository);
    const now = new Date().toISOString();
    const store = async (overrides: Partial<Customer>) => {
      const customer = aCustomer({
        email: `${randomUUID()}@dash.test`,
        createdAt: now,
        updatedAt: now,
        ...overrides,
      });
      const opening = openingOf(customer);
      await repository.insert(customer, opening ? { ...opening, createdAt: now } : null);
      return customer;
    };
    // Every bucket boundary, in two currencies, with archived and settled customers around.
    for (const [index, days] of [0, 1, 30, 31, 60, 61, 90, 91, -10].entries()) {
      const dueDate = Clock.addDays(today, -days);
      await store({
        name: `Boundary ${days}`,
        outstandingAmount: 10_000 + index * 1_111,
        dueDate,
        paymentStatus: days > 0 ? 'overdue' : 'pending',
        assigneeId: index % 2 ? agent.user.id : null,
      });
      await store({
        name: `Dollar ${days}`,
        currency: 'USD',
        outstandingAmount: 7_000,
        dueDate,
        paymentStatus: days > 0 ? 'overdue' : 'pending',
      });
    }
    await store({
      name: 'Archived late',
      outstandingAmount: 99_999,
      dueDate: Clock.addDays(today, -45),
      paymentStatus: 'overdue',
      archivedAt: now,
    });
    await store({ name: 'Settled', outstandingAmount: 0, paymentStatus: 'completed' });

    // Money moves today: 1,000 received; 500 received and set back (a reversal).
    const payer = (await list()).find((customer) => customer.name === 'Boundary 31')!;
    for (const amount of [1_000, 500]) {
      const paid = await api.call<{ id: string }>('POST', '/payments', {
        token: agent.accessToken,
        headers: { 'idempotency-key': randomUUID() },
        body: { customerId: payer.id, amount, currency: 'EUR', method: 'bank_transfer' },
      });
      await api.call('PATCH', `/payments/${paid.body.id}`, {
        token: agent.accessToken,
        body: { status: 'completed' },
      });
      if (amount === 500) {
        await api.call('PATCH', `/payments/${paid.body.id}`, {
          token: agent.accessToken,
          body: { status: 'pending' },
        });
      }
    }
  });

  afterAll(async () => {
    await subject.dispose();
  });

  async function list(): Promise<Customer[]> {
    const page = await api.call<CustomerPage>('GET', '/customers?archived=true&pageSize=100', {
      token: admin.accessToken,
    });
    return page.body.items;
  }

  const dashboard = (query = '') =>
    api.call<DashboardSummary & ProblemDetails & { errors?: { field: string }[] }>(
      'GET',
      `/dashboard${query}`,
      { token: agent.accessToken },
    );

  /** Every figure from the customer list and ledgers, computed here. */
  async function expected(currency: string, assigneeId?: string) {
    const inView = (await list()).filter(
      (customer) =>
        customer.currency === currency &&
        customer.archivedAt === null &&
        (!assigneeId || customer.assigneeId === assigneeId),
    );
    const owing = inView.filter((customer) => customer.outstandingAmount > 0);
    const total = (customers: Customer[]) => ({
      count: customers.length,
      amount: customers.reduce((sum, customer) => sum + customer.outstandingAmount, 0),
    });
    const ledgers: LedgerEntry[] = [];
    for (const customer of inView) {
      const page = await api.call<Page<LedgerEntry>>(
        'GET',
        `/customers/${customer.id}/ledger?pageSize=100`,
        { token: admin.accessToken },
      );
      ledgers.push(...page.body.items);
    }
    const charged = ledgers
      .filter((entry) => entry.kind === 'charge')
      .reduce((sum, entry) => sum + entry.amount, 0);
    const receivedToday =
      0 -
      ledgers
        .filter((entry) => entry.kind === 'payment' || entry.kind === 'reversal')
        .reduce((sum, entry) => sum + entry.amount, 0);
    const overdue = inView.filter((customer) => customer.paymentStatus === 'overdue');
    return {
      outstanding: total(owing),
      overdue: total(overdue),
      statuses: (['pending', 'overdue', 'completed'] as const).map((status) => ({
        status,
        ...total(inView.filter((customer) => customer.paymentStatus === status)),
      })),
      aging: (['current', '1-30', '31-60', '61-90', '90+'] as const).map((bucket) => ({
        bucket,
        ...total(owing.filter((customer) => bucketOf(customer.dueDate, today) === bucket)),
      })),
      topOverdue: [...overdue]
        .sort(
          (left, right) =>
            right.outstandingAmount - left.outstandingAmount || left.id.localeCompare(right.id),
        )
        .slice(0, 10)
        .map((customer) => ({
          id: customer.id,
          name: customer.name,
          outstandingAmount: customer.outstandingAmount,
          dueDate: customer.dueDate,
          daysPastDue: Math.round((Date.parse(today) - Date.parse(customer.dueDate)) / DAY),
        })),
      dso: charged > 0 ? Math.round((total(owing).amount / charged) * 90 * 10) / 10 : null,
      receivedToday,
    };
  }

  it('answers every figure exactly as an independent computation, per currency', async () => {
    for (const currency of ['EUR', 'USD']) {
      const answer = await dashboard(`?currency=${currency}`);
      const wanted = await expected(currency);

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        currency,
        currencies: ['EUR', 'USD'],
        asOf: today,
        outstanding: wanted.outstanding,
        overdue: wanted.overdue,
        statuses: wanted.statuses,
        aging: wanted.aging,
        topOverdue: wanted.topOverdue,
        dso: wanted.dso,
      });
      const days = answer.body.collectedPerDay;
      expect(days).toHaveLength(90);
      expect(days.at(-1)).toEqual({ date: today, amount: wanted.receivedToday });
      expect(days[0].date).toBe(Clock.addDays(today, -89));
      expect(days.slice(0, -1).every((day) => day.amount === 0)).toBe(true);
      expect(answer.body.collected).toEqual({
        last30Days: wanted.receivedToday,
        previous30Days: 0,
      });
    }
  });

  it('puts the boundaries in their buckets: due today is current, 30 days is 1–30, 31 is 31–60, 91 is 90+', async () => {
    const answer = await dashboard();
    const counts = Object.fromEntries(answer.body.aging.map((row) => [row.bucket, row.count]));
    // EUR, not archived: due in 10 days and today (current), 1 and 30, 31 and 60, 61 and 90, 91.
    expect(counts).toEqual({ current: 2, '1-30': 2, '31-60': 2, '61-90': 2, '90+': 1 });
    expect(answer.body.collected.last30Days).toBe(1_000);
  });

  it('narrows to the customers assigned to one person', async () => {
    const answer = await dashboard(`?assignee=${agent.user.id}`);
    const wanted = await expected('EUR', agent.user.id);
    expect(answer.body).toMatchObject({
      outstanding: wanted.outstanding,
      overdue: wanted.overdue,
      aging: wanted.aging,
      statuses: wanted.statuses,
      topOverdue: wanted.topOverdue,
      dso: wanted.dso,
      collected: { last30Days: wanted.receivedToday, previous30Days: 0 },
    });
    expect(wanted.receivedToday).toBe(1_000);
  });

  it("moves a customer's money with it when it is reassigned, archived and restored", async () => {
    // Boundary 31 (the agent's) received 1,000 today; its payments follow it.
    const payer = (await list()).find((customer) => customer.name === 'Boundary 31')!;
    const collected = async (query: string) => (await dashboard(query)).body.collected.last30Days;
    const mine = `?assignee=${agent.user.id}`;
    const [teamBefore, mineBefore] = [await collected(''), await collected(mine)];
    const version = async () =>
      `"v${(await list()).find((customer) => customer.id === payer.id)!.version}"`;
    const write = async (method: string, path: string, body?: object) => {
      const answer = await api.call(method, path, {
        token: admin.accessToken,
        headers: { 'if-match': await version() },
        body,
      });
      expect(answer.status).toBeLessThan(300);
    };
    /** The dashboard's answer once the change has cleared its kept answer. */
    const settlesAt = async (query: string, wanted: number) => {
      for (let attempt = 0; attempt < 50 && (await collected(query)) !== wanted; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await collected(query)).toBe(wanted);
    };

    await write('PATCH', `/customers/${payer.id}`, { assigneeId: null });
    await settlesAt(mine, mineBefore - 1_000);
    await settlesAt('', teamBefore);

    await write('PATCH', `/customers/${payer.id}`, { assigneeId: agent.user.id });
    await settlesAt(mine, mineBefore);

    await write('DELETE', `/customers/${payer.id}`);
    await settlesAt('', teamBefore - 1_000);
    await settlesAt(mine, mineBefore - 1_000);

    await write('POST', `/customers/${payer.id}/restore`);
    await settlesAt('', teamBefore);
    await settlesAt(mine, mineBefore);
  });

  it('reflects a new payment at once', async () => {
    const before = await dashboard();
    const payer = (await list()).find((customer) => customer.name === 'Boundary 90')!;
    const paid = await api.call<{ id: string }>('POST', '/payments', {
      token: agent.accessToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { customerId: payer.id, amount: 2_000, currency: 'EUR', method: 'cash' },
    });
    expect(paid.status).toBe(201);
    const after = await (async () => {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const answer = await dashboard();
        if (answer.body.collected.last30Days !== before.body.collected.last30Days) return answer;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return dashboard();
    })();
    expect(after.body.collected.last30Days).toBe(before.body.collected.last30Days + 2_000);
    expect(after.body.outstanding.amount).toBe(before.body.outstanding.amount - 2_000);
  });

  it.each([
    ['?currency=EURO', 'currency'],
    ['?assignee=me', 'assignee'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const answer = await dashboard(query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map((error) => error.field)).toContain(field);
  });

  it('exports the aging report, one row per owing customer, readable by a spreadsheet reader', async () => {
    const response = await fetch(
      `${subject.baseUrl}/api/v1/reports/aging?format=xlsx&currency=EUR`,
      {
        headers: { authorization: `Bearer ${agent.accessToken}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="aging-${today}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Aging')!;
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const owing = (await expected('EUR')).outstanding.count;
    expect(rows).toHaveLength(owing);
    const header = sheet.getRow(1).values as unknown[];
    const bucketColumn = header.indexOf('Bucket');
    const daysColumn = header.indexOf('Days past due');
    for (const row of rows) {
      const days = row[daysColumn] as number;
      expect(row[bucketColumn]).toBe(
        days === 0
          ? 'current'
          : days <= 30
            ? '1-30'
            : days <= 60
              ? '31-60'
              : days <= 90
                ? '61-90'
                : '90+',
      );
    }

    const csv = await fetch(`${subject.baseUrl}/api/v1/reports/aging?format=csv`, {
      headers: { authorization: `Bearer ${agent.accessToken}` },
    });
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toContain('Days past due');
    expect(lines).toHaveLength(owing + 1);
  });
});
