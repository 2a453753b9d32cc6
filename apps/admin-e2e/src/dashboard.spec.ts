import { expect, type Page, test } from '@playwright/test';

import { keepScreenshot } from './screenshots.js';
import { ensureAccount, signIn } from './support.js';

// Its own account: sign-ins are limited per address and email, and other specs use the admin's.
const lead = { name: 'Lee Lead', email: 'lee.lead@desk.test', password: 'pale blue ledger 42' };

async function accessToken(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/auth/refresh', { method: 'POST' });
    return ((await response.json()) as { accessToken: string }).accessToken;
  });
}

test('the dashboard draws its charts and follows a payment made in another browser', async ({
  browser,
}, testInfo) => {
  const viewerContext = await browser.newContext();
  const payerContext = await browser.newContext();
  try {
    const viewer = await viewerContext.newPage();
    const payer = await payerContext.newPage();
    await ensureAccount(viewer, lead);
    await signIn(viewer, lead, '/dashboard');
    await signIn(payer, lead, '/customers');

    await expect(viewer.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    for (const name of [
      'Bar chart of the amount outstanding by days past due',
      'Doughnut chart of customers by status',
      'Line chart of money collected per day over the last 90 days',
    ]) {
      await expect(viewer.getByRole('img', { name })).toBeVisible();
    }
    const collected = viewer.getByTestId('kpi-collected');
    await expect(collected).toHaveText(/€/);
    const before = (await collected.textContent())!.trim();
    await keepScreenshot(viewer, testInfo, 'dashboard');

    // Another browser takes €12.34 in cash from a customer.
    const token = await accessToken(payer);
    const created = await payer.request.post('/api/v1/customers', {
      headers: { authorization: `Bearer ${token}` },
      data: {
        name: 'Dash Payer',
        email: 'dash.payer@desk.test',
        outstandingAmount: 5000,
        currency: 'EUR',
        dueDate: '2099-02-01',
      },
    });
    expect([201, 409]).toContain(created.status());
    await payer.reload();
    await payer.getByRole('button', { name: 'Record a payment from Dash Payer' }).click();
    const dialog = payer.getByRole('dialog');
    await dialog.getByLabel('Amount').fill('12.34');
    await dialog.getByRole('combobox', { name: 'Method' }).click();
    await payer.getByRole('option', { name: 'Cash' }).click();
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await expect(dialog).toBeHidden();

    const euros = (text: string) => Number(text.replace(/[^0-9.]/g, ''));
    await expect
      .poll(async () => euros((await collected.textContent()) ?? ''), { timeout: 15_000 })
      .toBeCloseTo(euros(before) + 12.34, 2);
  } finally {
    await viewerContext.close();
    await payerContext.close();
  }
});
