import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type { ImportRowPage, ImportSummary } from '@collection-desk/contracts';

import { ImportPreview } from './import-preview';

const summary: ImportSummary = {
  id: 'imp-1',
  status: 'validated',
  fileName: 'customers.xlsx',
  format: 'xlsx',
  dateFormat: 'YYYY-MM-DD',
  totals: {
    rows: 3,
    valid: 2,
    invalid: 1,
    toCreate: 2,
    toUpdate: 0,
    duplicatesInFile: 0,
    withWarnings: 0,
  },
  columns: { matched: [], unknown: [], missing: [] },
  createdBy: 'u-1',
  createdAt: '2026-11-30T10:00:00.000Z',
  expiresAt: '2026-12-01T10:00:00.000Z',
  committedAt: null,
  mode: null,
  onInvalid: null,
  result: null,
};

const invalidPage: ImportRowPage = {
  items: [
    {
      row: 3,
      action: null,
      values: {
        name: 'Bad',
        email: 'not-an-email',
        outstandingAmount: '10',
        dueDate: '2027-01-01',
      },
      errors: [{ column: 'email', message: 'must be a valid email address' }],
      warnings: [],
    },
  ],
  total: 1,
  page: 1,
  pageSize: 10,
};

describe('ImportPreview', () => {
  it('opens on the rows with errors, marking each bad cell with its message', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(ImportPreview);
    fixture.componentRef.setInput('summary', summary);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);

    http
      .expectOne('/api/v1/imports/imp-1/rows?page=1&pageSize=10&status=invalid')
      .flush(invalidPage);
    await fixture.whenStable();
    fixture.detectChanges();

    const element = fixture.nativeElement as HTMLElement;
    const bad = [...element.querySelectorAll('td.bad')];
    expect(bad.map((cell) => [cell.textContent?.trim(), cell.getAttribute('title')])).toEqual([
      ['not-an-email', 'must be a valid email address'],
    ]);
    expect(element.querySelector('[data-testid="row-error"]')?.textContent?.trim()).toBe(
      'Email: must be a valid email address',
    );

    // Every row, once "errors only" is switched off.
    (element.querySelector('mat-slide-toggle button') as HTMLButtonElement).click();
    http
      .expectOne('/api/v1/imports/imp-1/rows?page=1&pageSize=10')
      .flush({ ...invalidPage, total: 3 });
    http.verify();
  });
});
