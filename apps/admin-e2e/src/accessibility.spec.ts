import { expect, type Page, test } from '@playwright/test';

import { ADMIN, ensureAccount, expectAccessible, signIn, useTheme } from './support.js';

// Every screen, in both themes: no serious or critical violation (axe-core, WCAG 2.1 AA).
const SCREENS: [string, string, RegExp][] = [
  ['dashboard', '/dashboard', /Dashboard/],
  ['customers', '/customers', /Customers/],
  ['payments', '/payments', /Payments/],
  ['users', '/users', /Users/],
  ['imports', '/imports', /Import/],
  ['notifications', '/notifications', /Notifications/],
];

test('every signed-in screen is accessible in the light and the dark theme', async ({ page }) => {
  await ensureAccount(page, ADMIN);
  await signIn(page, ADMIN);
  const created = await page.request.post('/api/v1/customers', {
    headers: { authorization: `Bearer ${await accessToken(page)}` },
    data: {
      name: 'Axe Audit',
      email: 'axe@desk.test',
      outstandingAmount: 1000,
      dueDate: '2099-01-01',
    },
  });
  expect([201, 409]).toContain(created.status());
  for (const mode of ['light', 'dark'] as const) {
    await useTheme(page, mode);
    for (const [name, path, heading] of SCREENS) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectAccessible(page, `${name} (${mode})`);
    }
    await page.goto('/customers');
    await page.getByRole('link', { name: 'Axe Audit' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Axe Audit' })).toBeVisible();
    await expectAccessible(page, `customer detail (${mode})`);
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Method' }).click();
    await page.getByRole('option', { name: 'Card' }).click();
    await expect(dialog.getByLabel('Card number')).toBeVisible();
    await expectAccessible(page, `record payment dialog (${mode})`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  }
});

test('the sign-in and sign-up screens are accessible in the light and the dark theme', async ({
  page,
}) => {
  for (const mode of ['light', 'dark'] as const) {
    await page.goto('/login');
    await page.evaluate((theme) => localStorage.setItem('cd-theme', theme), mode);
    await page.reload();
    await expect(page.getByRole('heading', { name: /Sign in/ })).toBeVisible();
    await expectAccessible(page, `sign-in (${mode})`);
    await page.goto('/register');
    await expect(page.getByRole('heading', { name: /Create/ })).toBeVisible();
    await expectAccessible(page, `sign-up (${mode})`);
  }
});

/** The access token the app holds, taken from a fresh refresh (the app keeps it in memory). */
async function accessToken(page: Page): Promise<string> {
  const refreshed = await page.request.post('/api/v1/auth/refresh', { data: {} });
  const session = (await refreshed.json()) as { accessToken: string };
  return session.accessToken;
}
