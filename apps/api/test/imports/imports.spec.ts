import { randomUUID } from 'node:crypto';

import { stringify } from 'csv-stringify/sync';
import { io } from 'socket.io-client';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as SheetJs from 'xlsx';

import type {
  Customer,
  CustomerPage,
  ImportFinishedEvent,
  ImportProgressEvent,
  ImportRowPage,
  ImportSummary,
  LedgerEntry,
  NotificationPage,
  Page,
  ProblemDetails,
  Session,
} from '@collection-desk/contracts';

import { Clock } from '../../src/common/time/clock.js';
import { ImportRepository } from '../../src/imports/import.repository.js';
import { ImportsService } from '../../src/imports/imports.service.js';
import { apiClient } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** An import, or a problem when refused. */
type Answer = ImportSummary & Partial<Omit<ProblemDetails, 'status'>>;
const problemType = (code: string) => `urn:collection-desk:problem:${code}`;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['Name', 'Email', 'Phone', 'Outstanding amount', 'Currency', 'Due date', 'Notes'];

async function xlsxOf(rows: unknown[][], sheetName = 'Customers'): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('imports', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let agent: Session;
  let viewer: Session;
  let today: string;

  async function upload(
    content: Uint8Array | string,
    fileName = 'customers.xlsx',
    options: { token?: string; query?: string; field?: string } = {},
  ) {
    const form = new FormData();
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    form.append(options.field ?? 'file', new Blob([Buffer.from(bytes)]), fileName);
    const response = await fetch(`${subject.baseUrl}/api/v1/imports${options.query ?? ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token ?? agent.accessToken}` },
      body: form,
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as Answer };
  }

  const rowsOf = async (id: string, query = '') =>
    (
      await api.call<ImportRowPage>('GET', `/imports/${id}/rows?pageSize=100${query}`, {
        token: agent.accessToken,
      })
    ).body;
  const commit = (id: string, body: object, token = agent.accessToken) =>
    api.call<Answer>('POST', `/imports/${id}/commit`, { token, body });
  const customerByEmail = async (email: string) =>
    (
      await api.call<CustomerPage>(
        'GET',
        `/customers?q=${encodeURIComponent(email)}&archived=true`,
        {
          token: admin.accessToken,
        },
      )
    ).body.items.find((customer) => customer.email === email);

  beforeAll(async () => {
    subject = await startTestApp({ DEFAULT_CURRENCY: 'EUR', IMPORT_MAX_BYTES: '200000' });
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
    viewer = await api.userWithRole(admin, 'viewer');
    today = subject.app.get(Clock).today();
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('serves a template with the columns, examples, drop-downs, a frozen header and instructions', async () => {
    const response = await fetch(`${subject.baseUrl}/api/v1/imports/template`, {
      headers: { authorization: `Bearer ${viewer.accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Customers');
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'Name',
      'Email',
      'Phone',
      'Address',
      'Outstanding amount',
      'Currency',
      'Due date',
      'Notes',
      'Assignee email',
    ]);
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.getCell('E2').numFmt).toBe('#,##0.00');
    expect(sheet?.getCell('G2').numFmt).toBe('yyyy-mm-dd');
    const validations = (
      sheet as unknown as {
        dataValidations: { model: Record<string, { type: string; formulae: string[] }> };
      }
    ).dataValidations.model;
    expect(Object.values(validations).map((rule) => rule.formulae[0])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Lists!\$A\$1/),
        expect.stringMatching(/^Lists!\$B\$1/),
      ]),
    );
    expect(workbook.getWorksheet('Instructions')?.getCell('A1').value).toBe(
      'How to import customers',
    );

    // The template as downloaded is a valid import of its two example rows.
    const roundTrip = await upload(
      new Uint8Array(
        await (
          await fetch(`${subject.baseUrl}/api/v1/imports/template`, {
            headers: { authorization: `Bearer ${agent.accessToken}` },
          })
        ).arrayBuffer(),
      ),
    );
    expect(roundTrip.status).toBe(201);
    expect(roundTrip.body.totals).toMatchObject({ rows: 2, valid: 2, invalid: 0, toCreate: 2 });
  });

  it('validates every row before writing anything, and explains each problem by row and column', async () => {
    const file = await xlsxOf([
      ['  NAME ', 'E-mail', 'Amount due', 'Due', 'Ccy', 'Fax', '__proto__', 'Payment status'],
      [
        'Acme GmbH',
        'acme@import.test',
        1250.5,
        new Date(Date.UTC(2027, 0, 31)),
        'EUR',
        '1',
        'x',
        'completed',
      ],
      ['No Email', '', 10, '2027-01-31', 'EUR'],
      ['Bad Amount', 'bad-amount@import.test', '12,345.678', '2027-01-31', 'EUR'],
      [],
      ['Acme Twin', 'ACME@import.test', 5, '2027-01-31', 'EUR'],
      ['Yen', 'yen@import.test', '1.234', '31/01/2027', 'JPY'],
    ]);
    const before = (await api.call<CustomerPage>('GET', '/customers', { token: admin.accessToken }))
      .body.total;
    const { status, body } = await upload(file, 'mixed.xlsx', { query: '?dateFormat=DD/MM/YYYY' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: 'validated',
      fileName: 'mixed.xlsx',
      format: 'xlsx',
      dateFormat: 'DD/MM/YYYY',
      totals: {
        rows: 5,
        valid: 2,
        invalid: 3,
        toCreate: 2,
        toUpdate: 0,
        duplicatesInFile: 1,
        withWarnings: 1,
      },
      columns: {
        matched: [
          { header: 'NAME', column: 'name' },
          { header: 'E-mail', column: 'email' },
          { header: 'Amount due', column: 'outstandingAmount' },
          { header: 'Due', column: 'dueDate' },
          { header: 'Ccy', column: 'currency' },
          { header: 'Payment status', column: 'paymentStatus' },
        ],
        unknown: ['Fax', '__proto__'],
        missing: ['phone', 'address', 'notes', 'assigneeEmail'],
      },
    });
    expect(({} as Record<string, unknown>)['1']).toBeUndefined();
    expect(
      (await api.call<CustomerPage>('GET', '/customers', { token: admin.accessToken })).body.total,
    ).toBe(before);

    const rows = await rowsOf(body.id);
    expect(rows.items.map((row) => [row.row, row.action, row.errors])).toEqual([
      [2, 'create', []],
      [3, null, [{ column: 'email', message: 'must be a valid email address' }]],
      [4, null, [{ column: 'outstandingAmount', message: 'has more than 2 decimals' }]],
      [6, null, [{ column: 'email', message: 'is already on row 2 of this file' }]],
      [7, 'create', []],
    ]);
    expect(rows.items[0]).toMatchObject({
      values: {
        name: 'Acme GmbH',
        outstandingAmount: '1250.5',
        dueDate: '2027-01-31',
        paymentStatus: 'completed',
      },
      warnings: [
        { column: 'paymentStatus', message: expect.stringContaining('it will be pending') },
      ],
    });
    expect(rows).not.toHaveProperty('items.0.customer');
    expect((await rowsOf(body.id, '&status=invalid')).items.map((row) => row.row)).toEqual([
      3, 4, 6,
    ]);
    expect((await rowsOf(body.id, '&status=warning')).total).toBe(1);

    // abort: nothing written while a row is invalid
    const aborted = await commit(body.id, { mode: 'upsert', onInvalid: 'abort' });
    expect(aborted.status).toBe(422);
    expect(aborted.body.type).toBe(problemType('import-has-invalid-rows'));
    expect(await customerByEmail('acme@import.test')).toBeUndefined();

    // skip: the valid rows only, with their ledger, one notification, never a customer_created each
    const committed = await commit(body.id, { mode: 'upsert', onInvalid: 'skip' });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({
      status: 'committed',
      mode: 'upsert',
      onInvalid: 'skip',
      result: { created: 2, updated: 0, skipped: 3, failed: 0 },
    });
    const acme = (await customerByEmail('acme@import.test')) as Customer;
    expect(acme).toMatchObject({
      outstandingAmount: 125050,
      currency: 'EUR',
      dueDate: '2027-01-31',
      paymentStatus: 'pending',
    });
    expect((await customerByEmail('yen@import.test'))?.outstandingAmount).toBe(1234);
    const ledger = await api.call<Page<LedgerEntry>>('GET', `/customers/${acme.id}/ledger`, {
      token: agent.accessToken,
    });
    expect(ledger.body.items).toEqual([
      expect.objectContaining({ kind: 'charge', amount: 125050, runningBalance: 125050 }),
    ]);
    const notifications = await api.call<NotificationPage>('GET', '/notifications?limit=100', {
      token: admin.accessToken,
    });
    const kinds = notifications.body.items.map((notification) => notification.kind);
    expect(kinds.filter((kind) => kind === 'import_finished')).toHaveLength(1);
    expect(kinds).not.toContain('customer_created');
    expect(notifications.body.items.find((n) => n.kind === 'import_finished')?.message).toBe(
      'mixed.xlsx: 2 customers created, 0 updated, 3 skipped.',
    );

    const again = await commit(body.id, { mode: 'upsert', onInvalid: 'skip' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe(problemType('import-not-committable'));
  });

  it('updates existing customers only in upsert mode, through adjustments, keeping what empty cells leave out', async () => {
    const first = await upload(
      stringify([
        HEADER,
        [
          'Umbrella',
          'umbrella@import.test',
          '+49 30 1234567',
          '100.00',
          'EUR',
          '2027-03-01',
          'first note',
        ],
      ]),
      'first.csv',
    );
    await commit(first.body.id, { mode: 'create-only', onInvalid: 'abort' });
    const original = (await customerByEmail('umbrella@import.test')) as Customer;
    expect(original).toMatchObject({
      outstandingAmount: 10000,
      phone: '+49301234567',
      notes: 'first note',
    });

    const csv = stringify(
      [HEADER, ['Umbrella Corp', 'UMBRELLA@import.test', '', '250,00', 'EUR', '2027-03-01', '']],
      { delimiter: ';' },
    );
    const createOnly = await upload(`\uFEFF${csv}`, 'second.csv');
    expect(createOnly.body).toMatchObject({ format: 'csv', totals: { toUpdate: 1, toCreate: 0 } });
    expect(
      (await commit(createOnly.body.id, { mode: 'create-only', onInvalid: 'abort' })).body.result,
    ).toEqual({
      created: 0,
      updated: 0,
      skipped: 1,
      failed: 0,
    });
    expect(await customerByEmail('umbrella@import.test')).toMatchObject({
      version: original.version,
      outstandingAmount: 10000,
    });

    const upsert = await upload(`\uFEFF${csv}`, 'second.csv');
    expect(
      (await commit(upsert.body.id, { mode: 'upsert', onInvalid: 'abort' })).body.result,
    ).toEqual({
      created: 0,
      updated: 1,
      skipped: 0,
      failed: 0,
    });
    const updated = (await customerByEmail('umbrella@import.test')) as Customer;
    expect(updated).toMatchObject({
      id: original.id,
      name: 'Umbrella Corp',
      outstandingAmount: 25000,
      phone: '+49301234567',
      notes: 'first note',
    });
    const ledger = await api.call<Page<LedgerEntry>>('GET', `/customers/${original.id}/ledger`, {
      token: agent.accessToken,
    });
    expect(ledger.body.items[0]).toMatchObject({
      kind: 'adjustment',
      amount: 15000,
      reason: 'Imported from second.csv',
    });
    expect(ledger.body.items.reduce((sum, entry) => sum + entry.amount, 0)).toBe(
      updated.outstandingAmount,
    );
  });

  it('reads .xls and .ods written by SheetJS, with serial-number dates', async () => {
    for (const bookType of ['xls', 'ods'] as const) {
      const workbook = SheetJs.utils.book_new();
      SheetJs.utils.book_append_sheet(
        workbook,
        SheetJs.utils.aoa_to_sheet([
          ['Name', 'Email', 'Outstanding amount', 'Due date'],
          [`Legacy ${bookType}`, `legacy-${bookType}@import.test`, 99.99, 46387],
        ]),
        'Sheet1',
      );
      const bytes = new Uint8Array(
        SheetJs.write(workbook, { type: 'array', bookType }) as ArrayBuffer,
      );
      const { status, body } = await upload(bytes, `legacy.${bookType}`);
      expect(status).toBe(201);
      expect(body).toMatchObject({ format: bookType, totals: { valid: 1 } });
      expect((await rowsOf(body.id)).items[0].values).toMatchObject({ dueDate: '46387' });
      await commit(body.id, { mode: 'create-only', onInvalid: 'abort' });
      expect(await customerByEmail(`legacy-${bookType}@import.test`)).toMatchObject({
        outstandingAmount: 9999,
        dueDate: '2026-12-31',
      });
    }
  });

  it('gives back the invalid rows as a workbook that, fixed, imports cleanly', async () => {
    const { body } = await upload(
      await xlsxOf([
        ['Name', 'Email', 'Outstanding amount', 'Due date'],
        ['Good', 'good@roundtrip.test', 10, '2027-05-01'],
        ['=HYPERLINK("http://evil")', 'not-an-email', -5, '2027-02-30'],
      ]),
      'roundtrip.xlsx',
    );
    expect(body.totals).toMatchObject({ valid: 1, invalid: 1 });
    const response = await fetch(`${subject.baseUrl}/api/v1/imports/${body.id}/errors`, {
      headers: { authorization: `Bearer ${viewer.accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('roundtrip-errors.xlsx');
    const errors = new ExcelJS.Workbook();
    await errors.xlsx.load(await response.arrayBuffer());
    const sheet = errors.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Name',
      'Email',
      'Outstanding amount',
      'Due date',
      'Errors',
      'Row in your file',
    ]);
    expect(sheet.getCell('A2').value).toBe('=HYPERLINK("http://evil")');
    expect(sheet.getCell('B2').note).toBeTruthy();
    expect(sheet.getCell('B2').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(sheet.getCell('E2').text).toContain('Email: must be a valid email address');
    expect(sheet.getCell('F2').value).toBe(3);

    sheet.getCell('A2').value = 'Fixed Name';
    sheet.getCell('B2').value = 'fixed@roundtrip.test';
    sheet.getCell('C2').value = 5;
    sheet.getCell('D2').value = '2027-02-28';
    const again = await upload(
      new Uint8Array(await errors.xlsx.writeBuffer()),
      'roundtrip-errors.xlsx',
    );
    expect(again.status).toBe(201);
    expect(again.body.totals).toMatchObject({ rows: 1, valid: 1, invalid: 0 });
    expect(again.body.columns.unknown).toEqual(['Errors', 'Row in your file']);
  });

  it.each([
    ['a PDF named .xlsx', '%PDF-1.7\n\u0000binary', 415, 'import-unsupported-file'],
    [
      'a header without rows',
      'Name,Email,Outstanding amount,Due date\n',
      422,
      'import-file-rejected',
    ],
    [
      'a missing required column',
      'Name,Email,Due date\nA,a@b.test,2027-01-01\n',
      422,
      'import-file-rejected',
    ],
  ])('refuses %s with a clear problem and writes nothing', async (_name, content, status, code) => {
    const { status: answered, body } = await upload(content, 'hostile.xlsx');
    expect(answered).toBe(status);
    expect(body.type).toBe(problemType(code));
    expect(body.detail).toBeTruthy();
  });

  it('names the missing column, refuses an oversized upload while it streams, and a wrong field', async () => {
    const missing = await upload('Name,Email,Due date\nA,a@b.test,2027-01-01\n', 'x.csv');
    expect(missing.body.errors).toEqual([
      { field: 'outstandingAmount', message: expect.stringContaining('"Outstanding amount"') },
    ]);

    const big = await upload(
      `Name,Email,Outstanding amount,Due date\n${'x,y,1,2027-01-01\n'.repeat(20_000)}`,
      'big.csv',
    );
    expect(big.status).toBe(413);
    expect(big.body.type).toBe(problemType('import-file-too-large'));
    expect(big.body.detail).toBe('The file is larger than the 195 KB an import accepts.');

    const wrongField = await upload('Name\nA\n', 'a.csv', { field: 'upload' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.errors?.[0].field).toBe('file');

    const notMultipart = await api.call('POST', '/imports', { token: agent.accessToken, body: {} });
    expect(notMultipart.status).toBe(400);
  });

  it('answers a malformed multipart body or two files with a problem naming the file field, and stores nothing', async () => {
    const before = (
      await api.call<{ total: number }>('GET', '/imports', { token: agent.accessToken })
    ).body.total;
    const send = (contentType: string, body: string) =>
      fetch(`${subject.baseUrl}/api/v1/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agent.accessToken}`, 'content-type': contentType },
        body,
      });
    const part = [
      '--edge',
      'Content-Disposition: form-data; name="file"; filename="a.csv"',
      'Content-Type: text/csv',
      '',
      'Name,Email,Outstanding amount,Due date',
      'A,a@malformed.test,1,2027-01-01',
    ].join('\r\n');

    for (const response of [
      await send('multipart/form-data', part),
      await send('multipart/form-data; boundary=other', part),
      // The closing boundary never comes.
      await send('multipart/form-data; boundary=edge', `${part}\r\n`),
    ]) {
      expect(response.status).toBe(400);
      const problem = (await response.json()) as Answer;
      expect(problem.type).toBe(problemType('validation-failed'));
      expect(problem.errors?.[0]).toMatchObject({
        field: 'file',
        message: expect.stringContaining('multipart'),
      });
    }
    const twoFiles = new FormData();
    const csv = 'Name,Email,Outstanding amount,Due date\nA,a@two.test,1,2027-01-01\n';
    twoFiles.append('file', new Blob([csv]), 'first.csv');
    twoFiles.append('file', new Blob([csv]), 'second.csv');
    const both = await fetch(`${subject.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.accessToken}` },
      body: twoFiles,
    });
    expect(both.status).toBe(400);
    expect(((await both.json()) as Answer).errors?.[0]).toEqual({
      field: 'file',
      message: 'send one spreadsheet per upload',
    });

    const after = (
      await api.call<{ total: number }>('GET', '/imports', { token: agent.accessToken })
    ).body.total;
    expect(after).toBe(before);
  });

  it('lets viewers read imports but not upload or commit them', async () => {
    const refused = await upload(
      'Name,Email,Outstanding amount,Due date\nA,a@v.test,1,2027-01-01\n',
      'v.csv',
      {
        token: viewer.accessToken,
      },
    );
    expect(refused.status).toBe(403);
    const { body } = await upload(
      'Name,Email,Outstanding amount,Due date\nA,a@v.test,1,2027-01-01\n',
      'v.csv',
    );
    expect(
      (await commit(body.id, { mode: 'upsert', onInvalid: 'abort' }, viewer.accessToken)).status,
    ).toBe(403);
    const history = await api.call<Page<ImportSummary>>('GET', '/imports', {
      token: viewer.accessToken,
    });
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({
      id: body.id,
      fileName: 'v.csv',
      createdBy: agent.user.id,
    });
    expect(
      (await api.call('GET', `/imports/${body.id}`, { token: viewer.accessToken })).status,
    ).toBe(200);
  });

  it("reports a large file's progress to the uploader's sockets, and its end to everyone once", async () => {
    const listen = (token: string) => {
      const socket = io(subject.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
        auth: { token },
      });
      const progress: ImportProgressEvent[] = [];
      const finished: ImportFinishedEvent[] = [];
      socket.on('import.progress', (event: ImportProgressEvent) => progress.push(event));
      socket.on('import.finished', (event: ImportFinishedEvent) => finished.push(event));
      return {
        socket,
        progress,
        finished,
        ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
      };
    };
    const uploader = listen(agent.accessToken);
    const watcher = listen(viewer.accessToken);
    await Promise.all([uploader.ready, watcher.ready]);
    try {
      // As many rows as fit in the test app's 195 KB upload limit.
      const lines = Array.from(
        { length: 4_000 },
        (_, index) => `B${index},b.${index}@p.test,${index % 500}.25,2027-06-30`,
      );
      const uploadToken = randomUUID();
      const { body } = await upload(
        `Name,Email,Outstanding amount,Due date\n${lines.join('\n')}\n`,
        'bulk.csv',
        { query: `?uploadToken=${uploadToken}` },
      );
      expect(body.totals).toMatchObject({ rows: 4_000, valid: 4_000 });
      const committed = await commit(body.id, { mode: 'create-only', onInvalid: 'abort' });
      expect(committed.body.result?.created).toBe(4_000);
      // Each socket delivers in order: once `import.finished` is in, every progress event is.
      await expect.poll(() => [uploader.finished.length, watcher.finished.length]).toEqual([1, 1]);

      const validating = uploader.progress.filter((event) => event.phase === 'validating');
      expect(validating.length).toBeGreaterThan(2);
      expect(validating.every((event) => event.uploadToken === uploadToken)).toBe(true);
      // Rows are checked as they are read: the total is known (not 0) only at the end.
      const whileReading = validating.slice(0, -1);
      expect(whileReading.every((event) => event.total === 0)).toBe(true);
      const counts = whileReading.map((event) => event.done);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(validating.at(-1)).toMatchObject({ done: 4_000, total: 4_000 });
      expect(
        uploader.progress.filter((event) => event.phase === 'committing').at(-1),
      ).toMatchObject({
        importId: body.id,
        done: 4_000,
        total: 4_000,
      });
      expect(watcher.progress).toEqual([]);
      expect(watcher.finished[0]).toMatchObject({
        import: { id: body.id, status: 'committed' },
        actorId: agent.user.id,
      });
    } finally {
      uploader.socket.disconnect();
      watcher.socket.disconnect();
    }
  });

  it('offers again a commit a crash cut short, once it is clearly not running', async () => {
    const { body } = await upload(
      'Name,Email,Outstanding amount,Due date\nCrash,crash@import.test,5,2027-01-01\n',
      'crash.csv',
    );
    // As a process that died mid-commit leaves it: committing since long ago, nothing written.
    const imports = subject.app.get(ImportRepository);
    const cut: ImportSummary = {
      ...body,
      status: 'committing',
      mode: 'upsert',
      onInvalid: 'abort',
      committedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    };
    expect(await imports.transition(cut, ['validated'])).toBe(true);
    expect((await commit(body.id, { mode: 'upsert', onInvalid: 'abort' })).status).toBe(409);

    await subject.app.get(ImportsService).expire();

    expect(
      (await api.call<ImportSummary>('GET', `/imports/${body.id}`, { token: agent.accessToken }))
        .body,
    ).toMatchObject({ status: 'validated', committedAt: null });
    const committed = await commit(body.id, { mode: 'upsert', onInvalid: 'abort' });
    expect(committed.body.result).toEqual({ created: 1, updated: 0, skipped: 0, failed: 0 });
  });

  it('refuses bad commit bodies and unknown imports as problems', async () => {
    const { body } = await upload(
      'Name,Email,Outstanding amount,Due date\nA,bad-body@v.test,1,2027-01-01\n',
      'b.csv',
    );
    const bad = await commit(body.id, { mode: 'overwrite', onInvalid: 'abort' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0].field).toBe('mode');
    const unknown = await commit('01890000-0000-7000-8000-000000000000', {
      mode: 'upsert',
      onInvalid: 'abort',
    });
    expect(unknown.status).toBe(404);
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
