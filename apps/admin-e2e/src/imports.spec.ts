import { readFile } from 'node:fs/promises';

import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';

import { keepScreenshot } from './screenshots.js';
import { ensureAccount, signIn } from './support.js';

// Its own account: sign-ins are limited per address and email, and other specs use the admin's.
const importer = {
  name: 'Ivy Importer',
  email: 'ivy.importer@desk.test',
  password: 'pale blue ledger 42',
};

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Customers');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

test('a spreadsheet with two bad rows is checked, partly imported, fixed from the error file and imported', async ({
  page,
}, testInfo) => {
  await ensureAccount(page, importer);
  await signIn(page, importer, '/imports');
  await expect(page.getByRole('heading', { level: 1, name: 'Import customers' })).toBeVisible();

  // Step 1: the template downloads as a workbook.
  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download template' }).click(),
  ]);
  expect(template.suggestedFilename()).toBe('customers-import-template.xlsx');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // Step 2: a file with three good rows and two bad ones.
  const file = await workbook([
    ['Name', 'Email', 'Outstanding amount', 'Currency', 'Due date'],
    ['Stepper One', 'stepper.one@import.test', 120.5, 'EUR', '2099-01-31'],
    ['Stepper Two', 'stepper.two@import.test', 80, 'EUR', '2099-02-28'],
    ['Stepper Bad Email', 'not-an-email', 10, 'EUR', '2099-03-31'],
    ['Stepper Three', 'stepper.three@import.test', 0, 'EUR', '2099-04-30'],
    ['Stepper Bad Date', 'stepper.bad.date@import.test', 15, 'EUR', '2099-02-30'],
  ]);
  await page.getByTestId('import-file').setInputFiles({
    name: 'stepper.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file,
  });
  await page.getByRole('button', { name: 'Check file' }).click();

  // Step 3: the preview opens on the bad rows, their cells marked and explained.
  await expect(page.getByTestId('import-totals')).toContainText('5 rows: 3 valid');
  await expect(page.getByTestId('import-totals')).toContainText('2 with errors');
  const errors = page.getByTestId('row-error');
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toHaveText('Email: must be a valid email address');
  await expect(errors.nth(1)).toHaveText('Due date: must be a real calendar date');
  await keepScreenshot(page, testInfo, 'import-preview');

  const [errorFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download error rows' }).click(),
  ]);
  expect(errorFile.suggestedFilename()).toBe('stepper-errors.xlsx');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // Step 4: import the valid rows, skipping the bad ones.
  await page.getByRole('button', { name: 'Import 3 customers' }).click();
  await expect(page.getByTestId('import-result')).toContainText(
    'Imported stepper.xlsx: 3 created, 0 updated, 2 skipped.',
  );
  await expect(page.getByTestId('import-history-row').first()).toContainText('stepper.xlsx');

  // The error file, fixed, goes through cleanly.
  const fixed = new ExcelJS.Workbook();
  await fixed.xlsx.load(await readFile(await errorFile.path()));
  const sheet = fixed.worksheets[0];
  sheet.getCell('B2').value = 'stepper.fixed@import.test';
  sheet.getCell('E3').value = '2099-02-28';
  await page.getByRole('button', { name: 'Import another file' }).click();
  // As a user does: the upload step is open again, with no file chosen yet.
  const checkFile = page.getByRole('button', { name: 'Check file' });
  await expect(checkFile).toBeDisabled();
  await page.getByTestId('import-file').setInputFiles({
    name: 'stepper-errors.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await fixed.xlsx.writeBuffer()),
  });
  await expect(page.getByText('stepper-errors.xlsx (')).toBeVisible();
  await checkFile.click();
  await expect(page.getByTestId('import-totals')).toContainText('2 rows: 2 valid');
  await expect(page.getByText('Ignored columns: Errors, Row in your file.')).toBeVisible();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Import 2 customers' }).click();
  await expect(page.getByTestId('import-result')).toContainText('2 created, 0 updated, 0 skipped');

  // The customers are there, and the import announced itself once.
  await page.goto('/customers?q=stepper');
  await expect(page.getByText('Stepper Bad Date')).toBeVisible();
  await expect(page.getByText('Stepper One')).toBeVisible();
  await page.goto('/notifications?type=import_finished');
  await expect(page.getByText(/stepper-errors\.xlsx: 2 customers created/)).toBeVisible();
  await expect(page.getByText(/stepper\.xlsx: 3 customers created/)).toBeVisible();
});
