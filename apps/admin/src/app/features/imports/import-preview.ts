import {
  ChangeDetectionStrategy,
  Component,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import { firstValueFrom } from 'rxjs';

import {
  IMPORT_COLUMN_TITLES,
  type ImportColumn,
  type ImportRow,
  type ImportSummary,
} from '@collection-desk/contracts';

import { problemOf } from '../../shared/problem';
import { ImportsApi } from './imports-api';

/** The columns the preview shows, in this order. */
const SHOWN: ImportColumn[] = [
  'name',
  'email',
  'outstandingAmount',
  'currency',
  'dueDate',
  'assigneeEmail',
];

/**
 * The checked rows of an import, a page at a time: bad cells highlighted with their message
 * beside the row, warnings in their own colour, and an "errors only" filter.
 */
@Component({
  selector: 'cd-import-preview',
  imports: [MatPaginatorModule, MatProgressBarModule, MatSlideToggleModule, MatTableModule],
  template: `
    <div class="toolbar">
      <mat-slide-toggle
        [checked]="errorsOnly()"
        [disabled]="summary().totals.invalid === 0"
        (change)="showErrorsOnly($event.checked)"
      >
        Errors only
      </mat-slide-toggle>
    </div>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading rows" />
    }
    @if (error()) {
      <p role="alert" class="error">{{ error() }}</p>
    }
    <div class="scroll">
      <table mat-table [dataSource]="rows()" aria-label="Rows of the file" class="rows">
        <ng-container matColumnDef="row">
          <th mat-header-cell *matHeaderCellDef>Row</th>
          <td mat-cell *matCellDef="let row">{{ row.row }}</td>
        </ng-container>
        <ng-container matColumnDef="action">
          <th mat-header-cell *matHeaderCellDef>Will</th>
          <td mat-cell *matCellDef="let row">
            <span class="action" [class]="row.action ?? 'invalid'">{{ actionLabel(row) }}</span>
          </td>
        </ng-container>
        @for (column of shown; track column) {
          <ng-container [matColumnDef]="column">
            <th mat-header-cell *matHeaderCellDef>{{ title(column) }}</th>
            <td
              mat-cell
              *matCellDef="let row"
              [class.bad]="hasError(row, column)"
              [attr.title]="errorOf(row, column)"
            >
              {{ row.values[column] ?? '' }}
            </td>
          </ng-container>
        }
        <ng-container matColumnDef="problems">
          <th mat-header-cell *matHeaderCellDef>Problems</th>
          <td mat-cell *matCellDef="let row" class="problems">
            @for (issue of row.errors; track $index) {
              <div class="issue error-text" data-testid="row-error">
                {{ issue.column ? title(issue.column) + ': ' : '' }}{{ issue.message }}
              </div>
            }
            @for (issue of row.warnings; track $index) {
              <div class="issue warning-text">
                {{ issue.column ? title(issue.column) + ': ' : '' }}{{ issue.message }}
              </div>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr
          mat-row
          *matRowDef="let row; columns: columns"
          [class.invalid-row]="row.errors.length > 0"
        ></tr>
      </table>
    </div>
    <mat-paginator
      [length]="total()"
      [pageIndex]="page() - 1"
      [pageSize]="pageSize()"
      [pageSizeOptions]="[10, 25, 50, 100]"
      (page)="changePage($event)"
      aria-label="Pages of rows"
    />
  `,
  styles: `
    .toolbar {
      display: flex;
      justify-content: flex-end;
      padding: 8px 0;
    }
    .scroll {
      overflow-x: auto;
    }
    .rows {
      width: 100%;
    }
    td.bad {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font-weight: 500;
    }
    .problems {
      min-width: 240px;
    }
    .issue {
      font-size: 0.85rem;
    }
    .error-text {
      color: var(--mat-sys-error);
    }
    .warning-text {
      color: var(--mat-sys-tertiary);
    }
    .action {
      font-size: 0.8rem;
      font-weight: 500;
      text-transform: uppercase;
    }
    .action.invalid {
      color: var(--mat-sys-error);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportPreview {
  private readonly api = inject(ImportsApi);
  readonly summary = input.required<ImportSummary>();
  protected readonly shown = SHOWN;
  protected readonly columns = ['row', 'action', ...SHOWN, 'problems'];
  protected readonly rows = signal<ImportRow[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pageSize = signal(10);
  protected readonly errorsOnly = signal(false);
  protected readonly loading = signal(false);
  protected readonly error = signal('');

  constructor() {
    effect(() => {
      const id = this.summary().id;
      untracked(() => {
        // A file with errors opens on them: they are what the user must act on.
        this.errorsOnly.set(this.summary().totals.invalid > 0);
        this.page.set(1);
        void this.load(id);
      });
    });
  }

  protected showErrorsOnly(on: boolean): void {
    this.errorsOnly.set(on);
    this.page.set(1);
    void this.load(this.summary().id);
  }

  protected changePage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
    this.pageSize.set(event.pageSize);
    void this.load(this.summary().id);
  }

  protected title(column: ImportColumn): string {
    return IMPORT_COLUMN_TITLES[column];
  }

  protected hasError(row: ImportRow, column: ImportColumn): boolean {
    return row.errors.some((issue) => issue.column === column);
  }

  protected errorOf(row: ImportRow, column: ImportColumn): string | null {
    return row.errors.find((issue) => issue.column === column)?.message ?? null;
  }

  protected actionLabel(row: ImportRow): string {
    return row.action === 'create' ? 'Create' : row.action === 'update' ? 'Update' : 'Invalid';
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    try {
      const page = await firstValueFrom(
        this.api.rows(id, this.errorsOnly() ? 'invalid' : null, this.page(), this.pageSize()),
      );
      this.rows.set(page.items);
      this.total.set(page.total);
    } catch (error) {
      this.error.set(problemOf(error).detail);
    } finally {
      this.loading.set(false);
    }
  }
}
