import { expect, test } from '@playwright/test';

import { keepScreenshot } from './screenshots.js';
import { ADMIN as admin, ensureAccount, signIn } from './support.js';

const watcherAccount = {
  name: 'Nora Notified',
  email: 'nora.notified@desk.test',
  password: 'pale blue ledger 42',
};

test('the bell rises when another user is paid, and falls on mark read', async ({
  browser,
}, testInfo) => {
  const recorderContext = await browser.newContext();
  const watcherContext = await browser.newContext();
  try {
    const recorder = await recorderContext.newPage();
    const watcher = await watcherContext.newPage();
    await ensureAccount(recorder, admin);
    await signIn(recorder, admin, '/customers');
    await ensureAccount(watcher, watcherAccount);
    await signIn(watcher, watcherAccount, '/dashboard');

    // Start from nothing unread.
    const bell = watcher.getByTestId('notification-bell');
    await expect(bell).toHaveAttribute('aria-label', /Notifications, \d+ unread/);
    await bell.click();
    const markAll = watcher.getByRole('button', { name: 'Mark all read' });
    if (await markAll.isVisible()) await markAll.click();
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 0 unread');
    await watcher.keyboard.press('Escape');

    // Another user adds a customer and takes a card payment from it.
    await recorder.getByRole('button', { name: 'New customer' }).click();
    const dialog = recorder.getByRole('dialog');
    await expect(dialog.getByLabel('Name')).toBeFocused();
    await dialog.getByLabel('Name').fill('Bellwether Ltd');
    await dialog.getByLabel('Email').fill('accounts@bellwether.test');
    await dialog.getByRole('textbox', { name: 'Outstanding amount' }).fill('80');
    await dialog.getByLabel('Currency').fill('EUR');
    await dialog.getByLabel('Due date').fill('2099-05-01');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 1 unread');
    await expect(
      watcher.getByText('New customer: Bellwether Ltd was added, owing €80.00.'),
    ).toBeVisible();

    await recorder.getByRole('button', { name: 'Record a payment from Bellwether Ltd' }).click();
    await dialog.getByRole('combobox', { name: 'Method' }).click();
    await recorder.getByRole('option', { name: 'Card' }).click();
    await dialog.getByLabel('Card number').fill('4242424242424242');
    await dialog.getByLabel('Expiry month').fill('12');
    await dialog.getByLabel('Expiry year').fill('2040');
    await dialog.getByLabel('Security code').fill('123');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 2 unread');

    // The panel lists both; opening the payment's notification leads to the customer.
    await bell.click();
    const received = watcher.getByRole('menuitem', { name: /Payment received.*Bellwether Ltd/ });
    await expect(received).toBeVisible();
    await keepScreenshot(watcher, testInfo, 'notification-panel');
    await received.click();
    await expect(watcher.getByRole('heading', { level: 1, name: 'Bellwether Ltd' })).toBeVisible();
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 1 unread');

    // The page marks the rest read.
    await watcher.goto('/notifications');
    await expect(watcher.getByTestId('notification').first()).toContainText('Bellwether Ltd');
    await watcher.getByRole('button', { name: 'Mark all read' }).click();
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 0 unread');
  } finally {
    await recorderContext.close();
    await watcherContext.close();
  }
});

test('an admin runs the overdue scan and sees its record', async ({ page }) => {
  await ensureAccount(page, admin);
  await signIn(page, admin, '/notifications');
  await page.getByRole('button', { name: 'Run scan now' }).click();
  await expect(page.getByText(/Scan done: \d+ became overdue/)).toBeVisible();
  const runs = page.getByRole('table', { name: 'Overdue scans' });
  await expect(runs.locator('tbody tr').first()).toContainText('manual');
});
