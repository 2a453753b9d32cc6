import { expect, type Page, test } from '@playwright/test';

import { keepScreenshot } from './screenshots.js';
import { ADMIN as admin, ensureAccount, signIn } from './support.js';

const collector = {
  name: 'Pat Collector',
  email: 'pat.collector@desk.test',
  password: 'pale blue ledger 42',
};

/** A customer made through the API, as the signed-in user of `page`. */
async function aCustomer(page: Page, name: string, amount: number): Promise<string> {
  const token = await page.evaluate(async () => {
    const response = await fetch('/api/v1/auth/refresh', { method: 'POST' });
    return ((await response.json()) as { accessToken: string }).accessToken;
  });
  const response = await page.request.post('/api/v1/customers', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}@payers.test`,
      outstandingAmount: amount,
      currency: 'EUR',
      dueDate: '2099-03-31',
    },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function recordPayment(
  page: Page,
  customer: string,
  amount: string,
  method: 'Card' | 'Bank transfer',
  cardNumber = '4242 4242 4242 4242',
): Promise<void> {
  await page.getByRole('button', { name: `Record a payment from ${customer}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('heading', { name: `Record a payment from ${customer}` }),
  ).toBeVisible();
  await dialog.getByLabel('Amount').fill(amount);
  await dialog.getByRole('combobox', { name: 'Method' }).click();
  await page.getByRole('option', { name: method }).click();
  if (method === 'Card') {
    await dialog.getByLabel('Card number').fill(cardNumber);
    await dialog.getByLabel('Expiry month').fill('12');
    await dialog.getByLabel('Expiry year').fill('2040');
    await dialog.getByLabel('Security code').fill('123');
  }
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toBeHidden();
}

test('a payment recorded in one browser turns completed in another without a reload', async ({
  browser,
}, testInfo) => {
  const recorderContext = await browser.newContext();
  const watcherContext = await browser.newContext();
  try {
    const recorder = await recorderContext.newPage();
    const watcher = await watcherContext.newPage();
    await ensureAccount(recorder, admin);
    await signIn(recorder, admin, '/customers');
    await ensureAccount(watcher, collector);
    await signIn(watcher, collector, '/payments');
    await aCustomer(recorder, 'Payer Ltd', 30_000);
    await recorder.reload();
    const row = recorder.getByRole('row', { name: /Payer Ltd/ });
    await expect(row).toContainText('€300.00');

    // The dialog offers what is left to pay; a partial card payment goes to the gateway.
    await recorder.getByRole('button', { name: 'Record a payment from Payer Ltd' }).click();
    await expect(recorder.getByTestId('left-to-pay')).toHaveText('Left to pay: €300.00');
    await expect(recorder.getByRole('dialog').getByLabel('Amount')).toHaveValue('300.00');
    await recorder.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await recordPayment(recorder, 'Payer Ltd', '100', 'Card');
    await expect(
      recorder.getByText('€100.00 from Payer Ltd sent to the payment gateway'),
    ).toBeVisible();

    // The other browser sees it arrive pending, then settle, as the gateway answers.
    const watched = watcher.getByRole('row', { name: /Payer Ltd.*€100\.00/ });
    await expect(watched.getByTestId('payment-status')).toHaveText('pending');
    await expect(watched.getByTestId('payment-status')).toHaveText('completed');
    await expect(
      recorder.getByText('Payment received: €100.00 from Payer Ltd by card; €200.00 left to pay.'),
    ).toBeVisible();
    await expect(row).toContainText('€200.00');

    // A declined card says why, and moves no money.
    await recordPayment(recorder, 'Payer Ltd', '50', 'Card', '4000 0000 0000 0002');
    await expect(
      recorder.getByText('Payment of €50.00 from Payer Ltd failed: The card was declined.'),
    ).toBeVisible();
    const declined = watcher.getByRole('row', { name: /Payer Ltd.*€50\.00/ });
    await expect(declined.getByTestId('payment-status')).toHaveText('failed');
    await expect(row).toContainText('€200.00');

    // A bank transfer waits until someone marks it arrived; the other browser does.
    await recordPayment(recorder, 'Payer Ltd', '75', 'Bank transfer');
    const transfer = watcher.getByRole('row', { name: /Payer Ltd.*€75\.00/ });
    await expect(transfer.getByTestId('payment-status')).toHaveText('pending');
    await transfer.getByRole('button', { name: 'Mark completed' }).click();
    await watcher.getByRole('dialog').getByRole('button', { name: 'Mark completed' }).click();
    await expect(transfer.getByTestId('payment-status')).toHaveText('completed');
    await expect(row).toContainText('€125.00');
    await keepScreenshot(watcher, testInfo, 'payments-live');

    // The customer's page shows the ledger with its running balance.
    await recorder.getByRole('link', { name: 'Payer Ltd' }).click();
    const ledger = recorder.getByRole('table', { name: /Ledger/ });
    await expect(ledger.locator('tbody tr').first()).toContainText('€125.00');
  } finally {
    await recorderContext.close();
    await watcherContext.close();
  }
});

test('payment filters live in the URL and survive a reload', async ({ page }) => {
  await ensureAccount(page, collector);
  await signIn(page, collector, '/payments?status=completed&method=card');
  await expect(page.getByRole('combobox', { name: 'Status' })).toContainText('completed');
  const statuses = page.getByTestId('payment-status');
  await expect(statuses.first()).toHaveText('completed');
  for (const status of await statuses.allTextContents()) expect(status).toBe('completed');
  await page.reload();
  await expect(page).toHaveURL(/status=completed&method=card/);
  await expect(page.getByRole('combobox', { name: 'Method' })).toContainText('Card');
});
