import { expect, type Page, test } from '@playwright/test';

import { keepScreenshot } from './screenshots.js';
import { ensureAccount, signIn as signInAs } from './support.js';

const user = { name: 'Shell Tester', email: 'shell@desk.test', password: 'pale blue ledger 42' };

async function signIn(page: Page, path = '/dashboard'): Promise<void> {
  await ensureAccount(page, user);
  await signInAs(page, user, path);
}

test('the shell renders its sections with icons drawn as glyphs', async ({ page }, testInfo) => {
  await signIn(page);

  await expect(page.getByRole('link', { name: 'Collection Desk' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const section of ['Dashboard', 'Customers', 'Imports', 'Notifications', 'API docs']) {
    await expect(nav.getByRole('link', { name: section })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'API docs' })).toHaveAttribute('href', '/api/docs');

  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => document.fonts.check('24px "Material Symbols Outlined"'))).toBe(
    true,
  );
  const icon = nav.locator('mat-icon', { hasText: 'dashboard' });
  // As a glyph the ligature is one 24px symbol; as plain text "dashboard" would be ~90px wide.
  const box = await icon.boundingBox();
  expect(box?.width).toBeLessThan(32);

  await expect(page.getByTestId('system-status')).toContainText(
    'All systems operational · storage: sqlite',
  );
  await keepScreenshot(page, testInfo, 'shell-light');
});

test('deep links load directly and survive a reload', async ({ page }) => {
  await signIn(page, '/customers');

  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await expect(page).toHaveTitle('Customers · Collection Desk');
});

test('the theme toggle switches to dark and is remembered', async ({ page }, testInfo) => {
  await signIn(page);

  await page.getByTestId('theme-toggle').click(); // system → light
  await page.getByTestId('theme-toggle').click(); // light → dark
  await expect(page.locator('html')).toHaveClass(/theme-dark/);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await keepScreenshot(page, testInfo, 'shell-dark');
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/theme-dark/);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
    background,
  );
});

test('on a phone the navigation hides until the menu button opens it', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);

  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeHidden();
  await page.getByRole('button', { name: 'Toggle navigation' }).click();
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'shell-phone');
  await nav.getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/customers/);
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeHidden();
});
