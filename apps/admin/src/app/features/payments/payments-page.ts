import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  catchError,
  debounceTime,
  firstValueFrom,
  map,
  merge,
  of,
  Subject,
  switchMap,
  tap,
} from 'rxjs';

import {
  type Page,
  type Payment,
  PAYMENT_METHODS,
  PAYMENT_STATES,
  type PaymentMethod,
} from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { RealtimeClient } from '../../core/realtime/realtime-client';
import { ConfirmDialog, type ConfirmData } from '../../shared/confirm-dialog';
import { problemOf } from '../../shared/problem';
import { formatMoney } from '../customers/money';
import {
  type PaymentFilters,
  paymentFiltersFromUrl,
  paymentFiltersToUrl,
  paymentMatches,
  paymentQuery,
} from './payment-filters';
import { PaymentsApi } from './payments-api';
import { METHOD_LABELS } from './record-payment-dialog';

const LIVE_RELOAD_DEBOUNCE_MS = 400;

/**
 * Every payment, filtered, sorted and paged on the server with the filters in the URL. Rows
 * change in place as the gateway settles payments, in every open browser.
 */
@Component({
  selector: 'cd-payments-page',
  imports: [
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
    RouterLink,
  ],
  template: `
    <header class="header">
      <h1>Payments</h1>
    </header>
    <section class="filters" aria-label="Filters">
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>Status</mat-label>
        <mat-select
          multiple
          [value]="filters().statuses"
          (selectionChange)="setFilter({ statuses: $event.value })"
        >
          @for (state of states; track state) {
            <mat-option [value]="state">{{ state }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>Method</mat-label>
        <mat-select
          multiple
          [value]="filters().methods"
          (selectionChange)="setFilter({ methods: $event.value })"
        >
          @for (method of methods; track method) {
            <mat-option [value]="method">{{ methodLabel(method) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>Recorded from</mat-label>
        <input
          matInput
          type="date"
          [value]="filters().from"
          (change)="setFilter({ from: dateOf($event) })"
        />
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>Recorded to</mat-label>
        <input
          matInput
          type="date"
          [value]="filters().to"
          (change)="setFilter({ to: dateOf($event) })"
        />
      </mat-form-field>
      @if (filtered()) {
        <button mat-button type="button" (click)="clearFilters()">Clear filters</button>
      }
    </section>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading payments" />
    }
    @if (error()) {
      <p role="alert" class="error">{{ error() }}</p>
    }
    <div class="table-wrap">
      <table
        mat-table
        [dataSource]="page()?.items ?? []"
        matSort
        [matSortActive]="sortState().active"
        [matSortDirection]="sortState().direction"
        (matSortChange)="sortBy($event)"
        aria-label="Payments"
      >
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Recorded</th>
          <td mat-cell *matCellDef="let payment">{{ payment.createdAt | date: 'medium' }}</td>
        </ng-container>
        <ng-container matColumnDef="customer">
          <th mat-header-cell *matHeaderCellDef>Customer</th>
          <td mat-cell *matCellDef="let payment">
            <a [routerLink]="['/customers', payment.customerId]">{{ payment.customerName }}</a>
          </td>
        </ng-container>
        <ng-container matColumnDef="amount">
          <th
            mat-header-cell
            *matHeaderCellDef
            mat-sort-header
            arrowPosition="before"
            class="number"
          >
            Amount
          </th>
          <td mat-cell *matCellDef="let payment" class="number">{{ money(payment) }}</td>
        </ng-container>
        <ng-container matColumnDef="method">
          <th mat-header-cell *matHeaderCellDef>Method</th>
          <td mat-cell *matCellDef="let payment">
            {{ methodLabel(payment.method) }}
            @if (payment.card) {
              <span class="muted">•••• {{ payment.card.last4 }}</span>
            }
            @if (payment.reference) {
              <div class="muted">{{ payment.reference }}</div>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Status</th>
          <td mat-cell *matCellDef="let payment">
            <span class="status {{ payment.status }}" data-testid="payment-status">{{
              payment.status
            }}</span>
            @if (payment.failureReason) {
              <div class="muted">{{ payment.failureReason }}</div>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="settledAt">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Settled</th>
          <td mat-cell *matCellDef="let payment">{{ payment.settledAt | date: 'medium' }}</td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="visually-hidden">Actions</span></th>
          <td mat-cell *matCellDef="let payment" class="actions">
            @if (canWrite()) {
              @if (payment.status === 'pending') {
                <button mat-button type="button" (click)="setStatus(payment, 'completed')">
                  Mark completed
                </button>
              } @else if (payment.status === 'completed') {
                <button mat-button type="button" (click)="setStatus(payment, 'pending')">
                  Set back to pending
                </button>
              }
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr
          mat-row
          *matRowDef="let payment; columns: columns"
          [attr.data-payment-id]="payment.id"
        ></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell empty" [attr.colspan]="columns.length">
            {{ loading() ? 'Loading…' : 'No payments match.' }}
          </td>
        </tr>
      </table>
    </div>
    <mat-paginator
      [length]="page()?.total ?? 0"
      [pageIndex]="filters().page - 1"
      [pageSize]="filters().pageSize"
      [pageSizeOptions]="[10, 20, 50, 100]"
      (page)="paginate($event)"
      aria-label="Pages of payments"
    />
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: center;
      margin-bottom: 12px;
    }
    .table-wrap {
      overflow-x: auto;
    }
    .number {
      text-align: right;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font-size: 0.875em;
    }
    .status {
      padding: 2px 10px;
      border-radius: 12px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .status.completed {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .status.failed {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .error {
      color: var(--mat-sys-error);
    }
    .empty {
      padding: 24px;
      text-align: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PaymentsPage {
  private readonly api = inject(PaymentsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthStore);

  protected readonly states = PAYMENT_STATES;
  protected readonly methods = PAYMENT_METHODS;
  protected readonly columns = [
    'createdAt',
    'customer',
    'amount',
    'method',
    'status',
    'settledAt',
    'actions',
  ];
  protected readonly filters = toSignal(this.route.queryParams.pipe(map(paymentFiltersFromUrl)), {
    requireSync: true,
  });
  protected readonly filtered = computed(() => {
    const { statuses, methods, customerId, from, to } = this.filters();
    return statuses.length + methods.length > 0 || !!(customerId || from || to);
  });
  protected readonly page = signal<Page<Payment> | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal('');
  protected readonly canWrite = computed(() => this.auth.user()?.role !== 'viewer');
  protected readonly sortState = computed(() => {
    const sort = this.filters().sort;
    return {
      active: sort.replace(/^-/, ''),
      direction: sort.startsWith('-') ? ('desc' as const) : ('asc' as const),
    };
  });
  private readonly reload = new Subject<void>();
  private readonly liveReload = new Subject<void>();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.route.queryParams.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => this.reload.next());
    this.reload
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap(() =>
          this.api.list(paymentQuery(this.filters())).pipe(
            catchError((error: unknown) => {
              this.error.set(problemOf(error).detail);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((page) => {
        this.loading.set(false);
        if (page) {
          this.error.set('');
          this.page.set(page);
        }
      });

    const realtime = inject(RealtimeClient);
    realtime
      .on('payment.updated')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ payment }) => this.applyRemoteChange(payment));
    realtime
      .on('payment.created')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ payment }) => {
        if (paymentMatches(payment, this.filters())) this.liveReload.next();
      });
    merge(this.liveReload.pipe(debounceTime(LIVE_RELOAD_DEBOUNCE_MS)), realtime.connected$)
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.reload.next());
  }

  protected money(payment: Payment): string {
    return formatMoney(payment.amount, payment.currency);
  }

  protected methodLabel(method: PaymentMethod): string {
    return METHOD_LABELS[method];
  }

  protected dateOf(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected setFilter(changes: Partial<PaymentFilters>): void {
    this.navigate({ ...changes, page: 1 });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected sortBy(sort: Sort): void {
    const value =
      sort.direction === ''
        ? '-createdAt'
        : `${sort.direction === 'desc' ? '-' : ''}${sort.active}`;
    this.navigate({ sort: value, page: 1 });
  }

  protected paginate(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected async setStatus(payment: Payment, status: 'completed' | 'pending'): Promise<void> {
    const amount = this.money(payment);
    const confirm: ConfirmData =
      status === 'completed'
        ? {
            title: `Mark ${amount} from ${payment.customerName} completed?`,
            message: `The money has arrived: ${amount} comes off what ${payment.customerName} owes.`,
            confirm: 'Mark completed',
          }
        : {
            title: `Set ${amount} back to pending?`,
            message: `A reversal: ${payment.customerName} owes ${amount} again, and the payment waits to be completed.`,
            confirm: 'Set back',
          };
    const confirmed = await firstValueFrom(
      this.dialog
        .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data: confirm })
        .afterClosed(),
    );
    if (!confirmed) return;
    try {
      const changed = await firstValueFrom(this.api.setStatus(payment.id, status));
      this.applyRemoteChange(changed);
      this.snackBar.open(
        status === 'completed'
          ? `${amount} from ${payment.customerName} completed`
          : `${amount} from ${payment.customerName} set back to pending`,
        undefined,
        { duration: 4000 },
      );
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  /** A newer version replaces the row; one that leaves the filters leaves the page. */
  private applyRemoteChange(payment: Payment): void {
    const page = this.page();
    if (!page) return;
    const shown = page.items.find((item) => item.id === payment.id);
    if (!shown) {
      if (paymentMatches(payment, this.filters())) this.liveReload.next();
      return;
    }
    if (payment.version <= shown.version) return;
    if (!paymentMatches(payment, this.filters())) {
      this.page.set({ ...page, items: page.items.filter((item) => item.id !== payment.id) });
      this.liveReload.next();
      return;
    }
    this.page.set({
      ...page,
      items: page.items.map((item) => (item.id === payment.id ? payment : item)),
    });
  }

  private navigate(changes: Partial<PaymentFilters>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: paymentFiltersToUrl({ ...this.filters(), ...changes }),
    });
  }
}
