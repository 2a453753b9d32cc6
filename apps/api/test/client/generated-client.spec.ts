import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';

import type {
  Assignee,
  Customer,
  CustomerPage,
  DashboardSummary,
  ImportRowPage,
  ImportSummary,
  LedgerEntry,
  NotificationPage,
  OverdueRun,
  Page,
  Payment,
  ProblemDetails,
  Session,
  User,
} from '@collection-desk/contracts';

import { type Client, createClient, createConfig } from './generated/client/index.js';
import * as sdk from './generated/sdk.gen.js';
import type {
  AssigneeResponse,
  CustomerPageResponse,
  CustomerResponse,
  DashboardResponse,
  ImportRowPageResponse,
  ImportSummaryPageResponse,
  ImportSummaryResponse,
  LedgerPageResponse,
  NotificationPageResponse,
  OverdueRunResponse,
  PaymentPageResponse,
  PaymentResponse,
  SessionResponse,
  UserResponse,
} from './generated/types.gen.js';
import { GOOD_PASSWORD } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Type-level proof that the generator reads each response exactly as the contract types it. */
expectTypeOf<CustomerResponse>().toEqualTypeOf<Customer>();
expectTypeOf<CustomerPageResponse>().toEqualTypeOf<CustomerPage>();
expectTypeOf<LedgerPageResponse>().toEqualTypeOf<Page<LedgerEntry>>();
expectTypeOf<UserResponse>().toEqualTypeOf<User>();
expectTypeOf<SessionResponse>().toEqualTypeOf<Session>();
expectTypeOf<AssigneeResponse>().toEqualTypeOf<Assignee>();
expectTypeOf<PaymentResponse>().toEqualTypeOf<Payment>();
expectTypeOf<PaymentPageResponse>().toEqualTypeOf<Page<Payment>>();
expectTypeOf<NotificationPageResponse>().toEqualTypeOf<NotificationPage>();
expectTypeOf<OverdueRunResponse>().toEqualTypeOf<OverdueRun>();
expectTypeOf<DashboardResponse>().toEqualTypeOf<DashboardSummary>();
expectTypeOf<ImportSummaryResponse>().toEqualTypeOf<ImportSummary>();
expectTypeOf<ImportSummaryPageResponse>().toEqualTypeOf<Page<ImportSummary>>();
expectTypeOf<ImportRowPageResponse>().toEqualTypeOf<ImportRowPage>();

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Every operation of the committed document, as "METHOD /path/{param}". */
function documentedOperations(): string[] {
  const document = JSON.parse(readFileSync('apps/api/openapi.json', 'utf8')) as {
    paths: Record<string, Partial<Record<Method, unknown>>>;
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post', 'patch', 'put', 'delete'] as const)
      .filter((method) => item[method] !== undefined)
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('a client generated from the OpenAPI document', () => {
  let subject: TestApp;
  const called = new Set<string>();

  /** A client that signs its calls with `token`, recording which operations it used. */
  function clientFor(token?: () => string | undefined): Client {
    const client = createClient(createConfig({ baseUrl: subject.baseUrl, auth: token }));
    client.interceptors.request.use((request, options) => {
      called.add(`${request.method} ${options.url}`);
      return request;
    });
    return client;
  }

  beforeAll(async () => {
    subject = await startTestApp();
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('drives every operation of the document, with the errors a consumer must handle', async () => {
    const anonymous = clientFor();

    // Accounts: the first sign-up is the admin.
    const registered = await sdk.register({
      client: anonymous,
      body: { email: 'owner@client.test', name: 'Owner', password: GOOD_PASSWORD },
    });
    expect(registered.response?.status).toBe(201);
    expect(registered.data?.role).toBe('admin');

    const signedIn = await sdk.login({
      client: anonymous,
      body: { email: 'owner@client.test', password: GOOD_PASSWORD },
    });
    let session = signedIn.data!;
    const admin = clientFor(() => session.accessToken);

    const refreshed = await sdk.refreshSession({
      client: anonymous,
      body: { refreshToken: session.refreshToken },
    });
    expect(refreshed.response?.status).toBe(200);
    session = refreshed.data!;

    expect((await sdk.getMe({ client: admin })).data).toEqual(session.user);

    const newPassword = 'a brand new ledger 7';
    const changed = await sdk.changePassword({
      client: admin,
      body: { currentPassword: GOOD_PASSWORD, newPassword },
    });
    expect(changed.response?.status).toBe(200);
    session = changed.data!;

    // Users and who can be assigned.
    const agentUser = await sdk.createUser({
      client: admin,
      body: {
        email: 'agent@client.test',
        name: 'Agnes Agent',
        password: GOOD_PASSWORD,
        role: 'agent',
      },
    });
    await sdk.createUser({
      client: admin,
      body: {
        email: 'viewer@client.test',
        name: 'Vic Viewer',
        password: GOOD_PASSWORD,
        role: 'viewer',
      },
    });
    expect((await sdk.listUsers({ client: admin })).data?.map((user) => user.email)).toEqual([
      'owner@client.test',
      'agent@client.test',
      'viewer@client.test',
    ]);
    expect((await sdk.listAssignees({ client: admin })).data?.map((person) => person.name)).toEqual(
      ['Agnes Agent', 'Owner'],
    );
    const demoted = await sdk.updateUser({
      client: admin,
      path: { id: agentUser.data!.id },
      body: { role: 'viewer' },
    });
    expect(demoted.data?.role).toBe('viewer');
    const viewerSession = (
      await sdk.login({
        client: anonymous,
        body: { email: 'viewer@client.test', password: GOOD_PASSWORD },
      })
    ).data!;
    const viewer = clientFor(() => viewerSession.accessToken);

    // Customers: create (nullable fields set and cleared), read with ETag, change with If-Match.
    const created = await sdk.createCustomer({
      client: admin,
      body: {
        name: 'Generated Gadgets',
        email: 'billing@gadgets.test',
        phone: '+49 30 1234567',
        address: null,
        outstandingAmount: 125_000,
        currency: 'EUR',
        dueDate: '2099-12-31',
        assigneeId: session.user.id,
        notes: 'Via the generated client',
      },
    });
    expect(created.response?.status).toBe(201);
    const customer = created.data!;
    expect(created.response?.headers.get('location')).toBe(`/api/v1/customers/${customer.id}`);
    expect(customer).toMatchObject({
      phone: '+49301234567',
      address: null,
      assigneeId: session.user.id,
    });

    const read = await sdk.getCustomer({ client: viewer, path: { id: customer.id } });
    const etag = read.response?.headers.get('etag') ?? '';
    expect(etag).toBe('"v1"');

    const updated = await sdk.updateCustomer({
      client: admin,
      path: { id: customer.id },
      headers: { 'If-Match': etag },
      body: { notes: null, outstandingAmount: 100_000, reason: 'Credit note' },
    });
    expect(updated.data).toMatchObject({ notes: null, outstandingAmount: 100_000, version: 2 });

    const stale = await sdk.updateCustomer({
      client: admin,
      path: { id: customer.id },
      headers: { 'If-Match': etag },
      body: { name: 'Too late' },
    });
    expect(stale.response?.status).toBe(412);
    expect(stale.error).toMatchObject({
      status: 412,
      currentVersion: 2,
    } satisfies Partial<ProblemDetails> & {
      currentVersion: number;
    });

    const missingPrecondition = await sdk.updateCustomer({
      client: admin,
      path: { id: customer.id },
      headers: { 'If-Match': '' },
      body: { name: 'No version' },
    });
    expect(missingPrecondition.response?.status).toBe(428);

    const page = await sdk.listCustomers({
      client: viewer,
      query: { q: 'gadgets', status: 'pending', sort: '-outstandingAmount', page: 1, pageSize: 10 },
    });
    expect(page.data).toMatchObject({ total: 1, totalRelation: 'eq', page: 1, pageSize: 10 });

    const ledger = await sdk.getCustomerLedger({ client: viewer, path: { id: customer.id } });
    expect(ledger.data?.items.map((entry) => [entry.kind, entry.amount])).toEqual([
      ['adjustment', -25_000],
      ['charge', 125_000],
    ]);

    // Payments: idempotent creation, the listing, a status change.
    const paymentKey = 'client-payment-0001';
    const paid = await sdk.createPayment({
      client: admin,
      headers: { 'Idempotency-Key': paymentKey },
      body: {
        customerId: customer.id,
        amount: 40_000,
        currency: 'EUR',
        method: 'bank_transfer',
        reference: 'Transfer 77',
      },
    });
    expect(paid.response?.status).toBe(201);
    expect(paid.data).toMatchObject({ status: 'pending', amount: 40_000, card: null });
    const retried = await sdk.createPayment({
      client: admin,
      headers: { 'Idempotency-Key': paymentKey },
      body: {
        customerId: customer.id,
        amount: 40_000,
        currency: 'EUR',
        method: 'bank_transfer',
        reference: 'Transfer 77',
      },
    });
    expect(retried.response?.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.data?.id).toBe(paid.data?.id);
    const payments = await sdk.listPayments({
      client: viewer,
      query: { customerId: customer.id, status: 'pending', sort: '-amount' },
    });
    expect(payments.data).toMatchObject({ total: 1, page: 1 });
    const marked = await sdk.updatePaymentStatus({
      client: admin,
      path: { id: paid.data!.id },
      body: { status: 'completed' },
    });
    expect(marked.data?.status).toBe('completed');
    expect((await sdk.getPayment({ client: viewer, path: { id: paid.data!.id } })).data).toEqual(
      marked.data,
    );
    const tooMuch = await sdk.createPayment({
      client: admin,
      headers: { 'Idempotency-Key': 'client-payment-0002' },
      body: { customerId: customer.id, amount: 999_999, currency: 'EUR', method: 'cash' },
    });
    expect(tooMuch.response?.status).toBe(422);
    expect(tooMuch.error).toMatchObject({ status: 422, errors: [{ field: 'amount' }] });

    // Notifications: what happened above, newest first; read one, then all.
    const notes = await sdk.listNotifications({
      client: viewer,
      query: { type: 'payment_received,customer_created', limit: 10 },
    });
    expect(notes.data?.items.map((note) => note.kind)).toEqual([
      'payment_received',
      'customer_created',
    ]);
    const readOne = await sdk.markNotificationRead({
      client: viewer,
      path: { id: notes.data!.items[0].id },
    });
    expect(readOne.data?.unreadCount).toBe(notes.data!.unreadCount - 1);
    const readAll = await sdk.markAllNotificationsRead({ client: viewer, body: {} });
    expect(readAll.data).toEqual({ unreadCount: 0 });

    // The overdue scan, run by hand, and its record.
    const scanned = await sdk.runOverdueScan({ client: admin });
    expect(scanned.data).toMatchObject({ trigger: 'manual', error: null });
    const overdueRuns = await sdk.listOverdueRuns({ client: admin });
    expect(overdueRuns.data?.[0]).toEqual(scanned.data);

    // The dashboard, and the aging report behind it.
    const summary = await sdk.getDashboard({ client: viewer, query: { currency: 'EUR' } });
    expect(summary.data).toMatchObject({ currency: 'EUR', collected: { last30Days: 40_000 } });
    const aging = await sdk.exportAgingReport({
      client: viewer,
      query: { format: 'csv', currency: 'EUR' },
      parseAs: 'text',
    });
    expect(aging.data).toEqual(expect.stringContaining('Generated Gadgets'));

    // Imports: the template, an upload, its rows, the error file, a commit, the history.
    const template = await sdk.downloadImportTemplate({ client: viewer, parseAs: 'blob' });
    expect((template.data as Blob).size).toBeGreaterThan(1000);
    const uploaded = await sdk.uploadImport({
      client: admin,
      query: { dateFormat: 'DD/MM/YYYY' },
      body: {
        file: new File(
          [
            'Name;Email;Amount due;Due\nGenerated Import;gen-import@client.test;12,50;31/12/2027\nBad;;x;y\n',
          ],
          'generated.csv',
        ),
      },
    });
    expect(uploaded.response?.status).toBe(201);
    expect(uploaded.data?.totals).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
    const importId = uploaded.data!.id;
    const importRows = await sdk.listImportRows({
      client: viewer,
      path: { id: importId },
      query: { status: 'invalid' },
    });
    expect(importRows.data?.items.map((row) => row.row)).toEqual([3]);
    const errorFile = await sdk.downloadImportErrors({
      client: viewer,
      path: { id: importId },
      parseAs: 'blob',
    });
    expect((errorFile.data as Blob).size).toBeGreaterThan(1000);
    const committedImport = await sdk.commitImport({
      client: admin,
      path: { id: importId },
      body: { mode: 'upsert', onInvalid: 'skip' },
    });
    expect(committedImport.data?.result).toEqual({ created: 1, updated: 0, skipped: 1, failed: 0 });
    expect((await sdk.getImport({ client: viewer, path: { id: importId } })).data?.status).toBe(
      'committed',
    );
    expect((await sdk.listImports({ client: viewer })).data?.items[0]?.id).toBe(importId);

    const exported = await sdk.exportCustomers({
      client: viewer,
      query: { format: 'csv' },
      parseAs: 'text',
    });
    expect(exported.data).toEqual(expect.stringContaining('Generated Gadgets'));

    const archived = await sdk.archiveCustomer({ client: admin, path: { id: customer.id } });
    expect(archived.data?.archivedAt).not.toBeNull();
    const restored = await sdk.restoreCustomer({ client: admin, path: { id: customer.id } });
    expect(restored.data?.archivedAt).toBeNull();

    // The errors a consumer must handle, as problem+json.
    const unauthenticated = await sdk.listCustomers({ client: anonymous });
    expect(unauthenticated.response?.status).toBe(401);
    expect(unauthenticated.error).toMatchObject({ status: 401, title: 'Sign in first' });
    const forbidden = await sdk.createCustomer({
      client: viewer,
      body: { name: 'Nope', email: 'nope@x.test', outstandingAmount: 1, dueDate: '2099-01-01' },
    });
    expect(forbidden.response?.status).toBe(403);
    const missing = await sdk.getCustomer({
      client: viewer,
      path: { id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(missing.response?.status).toBe(404);
    expect(missing.error).toMatchObject({ status: 404, title: 'Customer not found' });

    expect((await sdk.getHealth({ client: anonymous })).data).toEqual({
      status: 'ok',
      storage: { driver: 'sqlite', ok: true },
    });

    // Too many sign-in attempts for one email from one address.
    let limited = 0;
    for (let attempt = 0; attempt < 12 && limited === 0; attempt += 1) {
      const result = await sdk.login({
        client: anonymous,
        body: { email: 'viewer@client.test', password: 'wrong password here' },
      });
      if (result.response?.status === 429) {
        limited = attempt;
        expect(Number(result.response?.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(limited).toBeGreaterThan(0);

    const signedOut = await sdk.logout({ client: admin, body: {} });
    expect(signedOut.response?.status).toBe(204);
    expect((await sdk.getMe({ client: admin })).response?.status).toBe(401);

    expect([...called].sort()).toEqual(expect.arrayContaining(documentedOperations().sort()));
  });
});
