import { DatePipe } from '@angular/common';
import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';

import type { Assignee, ImportSummary, Page } from '@collection-desk/contracts';

const STATUS_LABELS: Record<ImportSummary['status'], string> = {
  validated: 'Checked, not imported',
  committing: 'Importing…',
  committed: 'Imported',
  failed: 'Failed',
  expired: 'Expired',
};

/** Who imported which file when, and what came of it. Reloads when `version` changes. */
@Component({
  selector: 'cd-import-history',
  imports: [DatePipe, MatPaginatorModule, MatTableModule],
  template: `
    <table mat-table [dataSource]="items()" aria-label="Import history">
      <ng-container matColumnDef="createdAt">
        <th mat-header-cell *matHeaderCellDef>When</th>
        <td mat-cell *matCellDef="let item">{{ item.createdAt | date: 'medium' }}</td>
      </ng-container>
      <ng-container matColumnDef="fileName">
        <th mat-header-cell *matHeaderCellDef>File</th>
        <td mat-cell *matCellDef="let item">{{ item.fileName }}</td>
      </ng-container>
      <ng-container matColumnDef="createdBy">
        <th mat-header-cell *matHeaderCellDef>By</th>
        <td mat-cell *matCellDef="let item">{{ nameOf(item.createdBy) }}</td>
      </ng-container>
      <ng-container matColumnDef="rows">
        <th mat-header-cell *matHeaderCellDef class="number">Rows</th>
        <td mat-cell *matCellDef="let item" class="number">
          {{ item.totals.rows }} ({{ item.totals.invalid }} invalid)
        </td>
      </ng-container>
      <ng-container matColumnDef="outcome">
        <th mat-header-cell *matHeaderCellDef>Outcome</th>
        <td mat-cell *matCellDef="let item">
          {{ statusLabel(item) }}
          @if (item.result; as result) {
            — {{ result.created }} created, {{ result.updated }} updated,
            {{ result.skipped }} skipped{{ result.failed ? ', ' + result.failed + ' failed' : '' }}
          }
        </td>
      </ng-container>
      <tr mat-header-row *matHeaderRowDef="columns"></tr>
      <tr mat-row *matRowDef="let item; columns: columns" data-testid="import-history-row"></tr>
      <tr class="mat-row" *matNoDataRow>
        <td class="mat-cell empty" [attr.colspan]="columns.length">No imports yet.</td>
      </tr>
    </table>
    <mat-paginator
      [length]="history.value()?.total ?? 0"
      [pageIndex]="page() - 1"
      [pageSize]="10"
      [hidePageSize]="true"
      (page)="changePage($event)"
      aria-label="Pages of the import history"
    />
  `,
  styles: `
    table {
      width: 100%;
    }
    .number {
      text-align: end;
    }
    .empty {
      padding: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportHistory {
  /** Bumped by the page after an upload or a commit. */
  readonly version = input(0);
  protected readonly columns = ['createdAt', 'fileName', 'createdBy', 'rows', 'outcome'];
  protected readonly page = signal(1);
  protected readonly history = httpResource<Page<ImportSummary>>(() => {
    this.version();
    return { url: '/api/v1/imports', params: { page: this.page(), pageSize: 10 } };
  });
  protected readonly items = computed(() => this.history.value()?.items ?? []);
  private readonly people = httpResource<Assignee[]>(() => '/api/v1/users/assignable');
  private readonly names = computed(
    () => new Map((this.people.value() ?? []).map((person) => [person.id, person.name])),
  );

  protected nameOf(userId: string): string {
    return this.names().get(userId) ?? 'A former user';
  }

  protected statusLabel(item: ImportSummary): string {
    return STATUS_LABELS[item.status];
  }

  protected changePage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
  }
}
