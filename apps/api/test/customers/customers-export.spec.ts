import { get as httpGet } from 'node:http';

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Session } from '@collection-desk/contracts';

import { CustomerRepository } from '../../src/customers/customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { aCustomer, openingOf, storeBulkyCustomers } from '../storage/customer-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { quotePrefixedCells } from '../support/xlsx-styles.js';
import { apiClient } from '../support/accounts.js';

describe('GET /customers/export', () => {
  let subject: TestApp;
  let api: ReturnType<typeof apiClient>;
  let agent: Session;

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    const admin = await api.signUpAdmin();
    agent = await api.userWithRole(admin, 'agent');
    const customers = [
      {
        name: '=HYPERLINK("http://evil.example","click")',
        email: 'formula@x.test',
        outstandingAmount: 1999,
        dueDate: '2026-01-10',
        currency: 'EUR',
        notes: '+1 call back',
      },
      {
        name: 'Plain Name',
        email: 'plain@x.test',
        outstandingAmount: 500,
        dueDate: '2026-02-10',
        currency: 'JPY',
        notes: '@mention\ttab',
      },
      {
        name: 'Paid Up',
        email: 'paid@x.test',
        outstandingAmount: 0,
        dueDate: '2026-03-10',
        currency: 'EUR',
        notes: '-minus',
      },
    ];
    for (const body of customers) {
      const created = await api.call('POST', '/customers', { token: agent.accessToken, body });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    }
  });

  afterAll(async () => {
    await subject.dispose();
  });

  const download = (query: string) =>
    fetch(`${subject.baseUrl}/api/v1/customers/export?${query}`, {
      headers: { authorization: `Bearer ${agent.accessToken}` },
    });

  it('streams a CSV of the filtered customers with formulas neutralised', async () => {
    const response = await download('format=csv&sort=dueDate&status=pending,overdue');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      'Id,Name,Email,Phone,Address,Outstanding,Outstanding (minor units),Currency,Due date,Status,Assignee id,Notes,Created at,Updated at,Archived at',
    );
    expect(lines).toHaveLength(3); // header + the two with money owed
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(lines[1]).toContain(',19.99,1999,EUR,2026-01-10,');
    expect(lines[1]).toContain(",'+1 call back,");
    expect(lines[2]).toContain(',500,500,JPY,'); // yen have no minor unit
    expect(lines[2]).toContain("'@mention\ttab");
  });

  it('streams an XLSX workbook that spreadsheet apps can open, suspect text marked with the quote prefix', async () => {
    const response = await download('format=xlsx&sort=dueDate');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const file = await response.arrayBuffer();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file);
    const sheet = workbook.getWorksheet('Customers');
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(1).getCell(2).value).toBe('Name');
    // The text is the data, unchanged; Excel's quote-prefix style keeps it text.
    expect(sheet?.getRow(2).getCell(2).value).toBe('=HYPERLINK("http://evil.example","click")');
    expect(sheet?.getRow(2).getCell(6).value).toBe(19.99);
    expect(sheet?.getRow(4).getCell(12).value).toBe('-minus');
    expect(sheet?.getRow(4).getCell(10).value).toBe('completed');
    expect([...quotePrefixedCells(file)].sort()).toEqual(['B2', 'L2', 'L3', 'L4']);
  });

  it('refuses an unknown format', async () => {
    expect((await download('format=pdf')).status).toBe(400);
  });
});

describe('an export the client abandons', () => {
  let subject: TestApp;
  let agentToken: string;

  beforeAll(async () => {
    subject = await startTestApp();
    const api = apiClient(subject.baseUrl);
    const admin = await api.signUpAdmin();
    agentToken = (await api.userWithRole(admin, 'agent')).accessToken;
    // Megabytes of export: far more than the socket and the streams buffer between them.
    await storeBulkyCustomers(subject.app.get(CustomerRepository), {
      count: 2_000,
      noteBytes: 3_000,
      prefix: 'abandoned',
    });
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it.each(['csv', 'xlsx'])(
    'lets go of its read snapshot when the client goes away (%s)',
    async (format) => {
      await downloadFirstChunkThenHangUp(
        `${subject.baseUrl}/api/v1/customers/export?format=${format}`,
        agentToken,
      );

      // A change made afterwards can be folded into the database file only once no reader
      // holds a snapshot from before it.
      const changed = aCustomer({ email: `after-${format}@x.test` });
      await subject.app.get(CustomerRepository).insert(changed, openingOf(changed));
      const database = subject.app.get(SqliteDatabase);
      await expect
        .poll(
          () => {
            const { log, checkpointed } = database.get<{ log: number; checkpointed: number }>(
              'PRAGMA wal_checkpoint(PASSIVE)',
            )!;
            return log === checkpointed;
          },
          // At once: the producer used to wait for a 'drain' that a closed socket never sends.
          { timeout: 3_000 },
        )
        .toBe(true);
    },
  );
});

/** A client that reads the first bytes of a download, then closes its connection. */
function downloadFirstChunkThenHangUp(url: string, token: string): Promise<void> {
  return new Promise((resolve) => {
    const request = httpGet(url, { headers: { authorization: `Bearer ${token}` } }, (response) =>
      response.once('data', () => request.destroy()),
    );
    request.on('error', () => undefined);
    request.on('close', () => resolve());
  });
}
