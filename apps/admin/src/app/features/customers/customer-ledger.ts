import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
  signal,
} from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';

import type { LedgerEntry } from '@collection-desk/contracts';

import { CustomersApi } from './customers-api';
import { formatMoney } from './money';

const KIND_LABELS: Record<LedgerEntry['kind'], string> = {
  charge: 'Opening balance',
  payment: 'Payment',
  reversal: 'Payment set back',
  adjustment: 'Adjustment',
};

/** Every movement of a customer's balance, newest first, with the balance after each. */
@Component({
  selector: 'cd-customer-ledger',
  imports: [DatePipe, MatPaginatorModule, MatTableModule],
  template: `
    <table mat-table [dataSource]="entries.value()?.items ?? []" aria-label="Ledger">
      <ng-container matColumnDef="createdAt">
        <th mat-header-cell *matHeaderCellDef>When</th>
        <td mat-cell *matCellDef="let entry">{{ entry.createdAt | date: 'medium' }}</td>
      </ng-container>
      <ng-container matColumnDef="kind">
        <th mat-header-cell *matHeaderCellDef>What</th>
        <td mat-cell *matCellDef="let entry">
          {{ label(entry) }}
          @if (entry.reason) {
            <span class="reason">— {{ entry.reason }}</span>
          }
        </td>
      </ng-container>
      <ng-container matColumnDef="amount">
        <th mat-header-cell *matHeaderCellDef class="number">Amount</th>
        <td mat-cell *matCellDef="let entry" class="number" [class.credit]="entry.amount < 0">
          {{ signed(entry) }}
        </td>
      </ng-container>
      <ng-container matColumnDef="runningBalance">
        <th mat-header-cell *matHeaderCellDef class="number">Balance</th>
        <td mat-cell *matCellDef="let entry" class="number">
          {{ money(entry.runningBalance, entry.currency) }}
        </td>
      </ng-container>
      <tr mat-header-row *matHeaderRowDef="columns"></tr>
      <tr mat-row *matRowDef="let row; columns: columns"></tr>
      <tr class="mat-row" *matNoDataRow>
        <td class="mat-cell empty" [attr.colspan]="columns.length">
          @if (!entries.isLoading()) {
            Nothing recorded yet.
          }
        </td>
      </tr>
    </table>
    @if (total() > pageSize) {
      <mat-paginator
        [length]="total()"
        [pageIndex]="page() - 1"
        [pageSize]="pageSize"
        [hidePageSize]="true"
        (page)="paginate($event)"
        aria-label="Pages of the ledger"
      />
    }
  `,
  styles: `
    .number {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    .credit {
      color: var(--mat-sys-tertiary);
    }
    .reason {
      color: var(--mat-sys-on-surface-variant);
    }
    .empty {
      padding: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerLedger {
  private readonly api = inject(CustomersApi);
  readonly customerId = input.required<string>();
  /** The customer's version: a new one may mean new entries, so the ledger is read again. */
  readonly version = input.required<number>();

  protected readonly columns = ['createdAt', 'kind', 'amount', 'runningBalance'];
  protected readonly pageSize = 20;
  protected readonly page = signal(1);
  protected readonly entries = resource({
    params: () => ({ id: this.customerId(), page: this.page(), version: this.version() }),
    loader: ({ params }) => firstValueFrom(this.api.ledger(params.id, params.page, this.pageSize)),
  });
  protected readonly total = computed(() => this.entries.value()?.total ?? 0);

  protected label(entry: LedgerEntry): string {
    return KIND_LABELS[entry.kind];
  }

  protected signed(entry: LedgerEntry): string {
    const text = formatMoney(Math.abs(entry.amount), entry.currency);
    return entry.amount < 0 ? `−${text}` : `+${text}`;
  }

  protected money(amount: number, currency: string): string {
    return formatMoney(amount, currency);
  }

  protected paginate(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
  }
}
