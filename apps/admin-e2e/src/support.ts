import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface Account {
  name: string;
  email: string;
  password: string;
}

/** The installation's first account (the accounts spec registers it through the screens). */
export const ADMIN: Account = {
  name: 'Ada Admin',
  email: 'ada@desk.test',
  password: 'pale blue ledger 42',
};

/** Makes sure the account exists (registered through the API: the accounts spec covers the screens). */
export async function ensureAccount(page: Page, account: Account): Promise<void> {
  const registered = await page.request.post('/api/v1/auth/register', { data: account });
  expect([201, 409]).toContain(registered.status());
}

/**
 * Signs in through the sign-in screen and waits as a person does: for the server's answer to
 * the sign-in, then for the page it leads to. (Timing the URL alone flaked on busy machines.)
 */
export async function signIn(page: Page, account: Account, path = '/dashboard'): Promise<void> {
  await page.goto(`/login?returnUrl=${encodeURIComponent(path)}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  const [answer] = await Promise.all([
    page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/v1/auth/login') && response.request().method() === 'POST',
    ),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  expect(answer.status(), 'sign-in answer').toBe(200);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(path.replace(/[?]/g, '\\?')));
}

/** Fails on any serious or critical accessibility violation axe-core finds on the page. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join('; ')}`,
    );
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

/** Switches the app's theme the way a user does (the toolbar toggle), to `mode`. */
export async function useTheme(page: Page, mode: 'light' | 'dark'): Promise<void> {
  const toggle = page.getByTestId('theme-toggle');
  for (let clicks = 0; clicks < 3; clicks += 1) {
    if ((await toggle.getAttribute('aria-label'))?.includes(`Theme: ${mode}`)) return;
    await toggle.click();
  }
  await expect(toggle).toHaveAttribute('aria-label', new RegExp(`Theme: ${mode}`));
}

/** Presses "Sign in" and waits for the server's answer to it (then the caller checks the page). */
export async function submitSignIn(page: Page): Promise<number> {
  const [answer] = await Promise.all([
    page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/v1/auth/login') && response.request().method() === 'POST',
    ),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return answer.status();
}
