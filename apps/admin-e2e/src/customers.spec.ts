import { expect, type Page, test } from '@playwright/test';

import { keepScreenshot } from './screenshots.js';
import { ADMIN as admin, ensureAccount, signIn } from './support.js';

async function signInAsAdmin(page: Page): Promise<void> {
  await ensureAccount(page, admin);
  await signIn(page, admin, '/customers');
}

async function addCustomer(
  page: Page,
  name: string,
  email: string,
  amount: string,
  dueDate: string,
): Promise<void> {
  await page.getByRole('button', { name: 'New customer' }).click();
  const dialog = page.getByRole('dialog');
  await dialogReady(page);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByRole('textbox', { name: 'Outstanding amount' }).fill(amount);
  await dialog.getByLabel('Currency').fill('EUR');
  await dialog.getByLabel('Due date').fill(dueDate);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

/** The dialog moves focus to its first field once it has opened; typing before that is lost. */
async function dialogReady(page: Page): Promise<void> {
  await expect(page.getByRole('dialog').getByLabel('Name')).toBeFocused();
}

const rows = (page: Page) => page.getByRole('table', { name: 'Customers' }).locator('tbody tr');

test('a collector manages customers from the list', async ({ page }, testInfo) => {
  await signInAsAdmin(page);
  await expect(page.getByText('No customers match these filters.')).toBeVisible();

  await addCustomer(page, 'Globex Corporation', 'ar@globex.test', '1250.50', '2020-03-01');
  await addCustomer(page, 'Initech', 'billing@initech.test', '99', '2099-01-15');
  await addCustomer(page, 'Umbrella Paid', 'accounts@umbrella.test', '0', '2026-06-30');
  await expect(rows(page)).toHaveCount(3);
  const globex = rows(page).filter({ hasText: 'Globex Corporation' });
  await expect(globex).toContainText('€1,250.50');
  await expect(globex).toContainText('overdue');

  // The server's field errors land on the field.
  await page.getByRole('button', { name: 'New customer' }).click();
  const dialog = page.getByRole('dialog');
  await dialogReady(page);
  await dialog.getByLabel('Name').fill('Duplicate');
  await dialog.getByLabel('Email').fill('AR@globex.test');
  await dialog.getByRole('textbox', { name: 'Outstanding amount' }).fill('1');
  await dialog.getByLabel('Due date').fill('2099-01-01');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('is already used by another customer')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Edit: a hand-made change of the amount asks for a reason.
  await page.getByRole('button', { name: 'Edit Initech' }).click();
  await dialogReady(page);
  await dialog.getByRole('textbox', { name: 'Outstanding amount' }).fill('120');
  await dialog.getByLabel('Reason for changing the amount').fill('Late fee');
  await dialog.getByRole('combobox', { name: 'Assigned to' }).click();
  await page.getByRole('option', { name: admin.name }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(rows(page).filter({ hasText: 'Initech' })).toContainText('€120.00');

  // Search (debounced) and status filter live in the URL.
  await page.getByLabel('Search name, email or phone').fill('glob');
  await expect(page).toHaveURL(/q=glob/);
  await expect(rows(page)).toHaveCount(1);
  // A search without a chosen column lists its best matches first, and says so.
  await expect(page.getByText('Best matches first')).toBeVisible();
  await page.getByLabel('Search name, email or phone').fill('');
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole('option', { name: 'overdue' }).click();
  await expect(page).toHaveURL(/status=overdue/);
  await expect(rows(page)).toHaveCount(1);
  await page.goBack();
  await expect(rows(page)).toHaveCount(3);

  // Only the customers assigned to me.
  await page.getByRole('combobox', { name: 'Assigned to' }).click();
  await page.getByRole('option', { name: `${admin.name} (me)` }).click();
  await expect(page).toHaveURL(/assignee=/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Initech');
  await page.goBack();
  await expect(rows(page)).toHaveCount(3);

  // Due between two dates, typed into the range picker (the browser's locale is en-US).
  await page.getByPlaceholder('From').fill('1/1/2099');
  await page.getByPlaceholder('To').fill('12/31/2099');
  await page.getByPlaceholder('To').press('Enter');
  await expect(page).toHaveURL(/dueFrom=2099-01-01.*dueTo=2099-12-31/);
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(rows(page)).toHaveCount(3);

  // Sort by outstanding amount, largest first.
  await page.getByRole('button', { name: 'Outstanding' }).click();
  await page.getByRole('button', { name: 'Outstanding' }).click();
  await expect(page).toHaveURL(/sort=-outstandingAmount/);
  await expect(rows(page).first()).toContainText('Globex Corporation');
  await expect(page.getByText('Best matches first')).toBeHidden();
  await keepScreenshot(page, testInfo, 'customers');

  // Archive with confirmation, then undo.
  await page.getByRole('button', { name: 'Archive Initech' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
  await expect(rows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows(page)).toHaveCount(3);

  // The detail page shows the adjustment.
  await page.getByRole('link', { name: 'Initech' }).click();
  await expect(page.getByRole('heading', { name: 'Initech' })).toBeVisible();
  await expect(page.getByText('Late fee')).toBeVisible();
});
