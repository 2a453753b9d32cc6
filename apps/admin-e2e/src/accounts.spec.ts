import { expect, test } from '@playwright/test';

import { keepScreenshot } from './screenshots.js';
import { submitSignIn } from './support.js';

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
  expect(await submitSignIn(page)).toBe(200);
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

test('an admin adds a user, who signs in and changes their password', async ({ page }) => {
  const agent = {
    name: 'Vic Agent',
    email: 'vic@desk.test',
    first: 'first pass phrase 1',
    second: 'second pass phrase 2',
  };
  await page.goto('/login?returnUrl=%2Fusers');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  expect(await submitSignIn(page)).toBe(200);
  await expect(page).toHaveURL(/\/users/);

  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill(agent.name);
  await dialog.getByLabel('Email').fill(agent.email);
  await dialog.getByLabel('First password').fill(agent.first);
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('row', { name: new RegExp(agent.name) })).toBeVisible();
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();

  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(agent.first);
  expect(await submitSignIn(page)).toBe(200);
  await expect(page).toHaveURL(/\/dashboard/);
  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('user-role')).toHaveText('agent');
  await page.getByRole('menuitem', { name: 'Change password' }).click();
  await expect(dialog.getByLabel('Current password')).toBeFocused();
  await dialog.getByLabel('Current password').fill('not my password');
  await dialog.getByLabel('New password').fill(agent.second);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByText('Current password is not your current password.')).toBeVisible();
  await dialog.getByLabel('Current password').fill(agent.first);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed; other devices were signed out')).toBeVisible();

  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(agent.second);
  expect(await submitSignIn(page)).toBe(200);
  await expect(page).toHaveURL(/\/dashboard/);
});
