import { expect, test } from '@playwright/test';

import { keepScreenshot } from './screenshots.js';

// One story, in order: the first user of a fresh installation signs up, out and in again.
test.describe.configure({ mode: 'serial' });

const admin = { name: 'Ada Admin', email: 'ada@desk.test', password: 'pale blue ledger 42' };

test('the first user registers, lands signed in as admin, and signs out', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole('link', { name: 'Create an account' }).click();

  await page.getByLabel('Name').fill(admin.name);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('password1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(
    page.getByText('Password is one of the most common passwords: choose another.'),
  ).toBeVisible();
  await keepScreenshot(page, testInfo, 'register-server-error');

  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/dashboard/);
  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('user-role')).toHaveText('admin');
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password is refused; the right one signs in and shows the user menu', async ({
  page,
}, testInfo) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or the password is wrong.');

  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await keepScreenshot(page, testInfo, 'dashboard');

  // A reload keeps the session through the refresh cookie.
  await page.reload();
  await expect(page.getByTestId('user-menu')).toContainText(admin.name);

  await page.getByTestId('user-menu').click();
  await expect(page.getByRole('menu')).toContainText(admin.email);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/login\?returnUrl=%2Fcustomers/);
});
