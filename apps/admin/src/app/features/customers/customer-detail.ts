import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  linkedSignal,
  resource,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { filter, firstValueFrom } from 'rxjs';

import type { Customer } from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { RealtimeClient } from '../../core/realtime/realtime-client';
import { problemOf } from '../../shared/problem';
import { PaymentRecorder } from '../payments/payment-recorder';
import { CustomerDialog, type CustomerDialogData } from './customer-dialog';
import { CustomerLedger } from './customer-ledger';
import { CustomersApi, type Versioned, versionedFrom } from './customers-api';
import { formatMoney } from './money';

/**
 * One customer, kept current: changes made anywhere arrive over the socket (a newer version
 * replaces what is shown, an older one is ignored), and the page is read again after any gap
 * in the connection, so the next edit starts from the latest version instead of meeting a 412.
 */
@Component({
  selector: 'cd-customer-detail',
  imports: [
    CustomerLedger,
    DatePipe,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    RouterLink,
  ],
  template: `
    <a mat-button routerLink="/customers"><mat-icon>arrow_back</mat-icon> Customers</a>
    @if (loaded.isLoading() && !current()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading the customer" />
    } @else if (loaded.error() && !current()) {
      <p role="alert" class="error">{{ errorText() }}</p>
    } @else if (current(); as view) {
      <header class="header">
        <h1>{{ view.customer.name }}</h1>
        <span class="status {{ view.customer.paymentStatus }}" data-testid="customer-status">{{
          view.customer.paymentStatus
        }}</span>
        @if (view.customer.archivedAt) {
          <span class="status archived">archived</span>
        }
        <span class="spacer"></span>
        @if (canWrite() && !view.customer.archivedAt && view.customer.outstandingAmount > 0) {
          <button mat-flat-button type="button" (click)="recordPayment(view.customer)">
            <mat-icon>payments</mat-icon> Record payment
          </button>
        }
        @if (canWrite()) {
          <button mat-stroked-button type="button" (click)="edit(view)">
            <mat-icon>edit</mat-icon> Edit
          </button>
        }
      </header>
      <mat-card appearance="outlined">
        <mat-card-content>
          <dl>
            <dt>Outstanding</dt>
            <dd data-testid="customer-outstanding">{{ money(view.customer) }}</dd>
            <dt>In pending payments</dt>
            <dd data-testid="customer-pending-payments">
              {{ amount(view.customer.pendingPaymentsAmount, view.customer.currency) }}
              <a
                mat-button
                [routerLink]="['/payments']"
                [queryParams]="{ customerId: view.customer.id }"
                >Payments</a
              >
            </dd>
            <dt>Due date</dt>
            <dd>{{ view.customer.dueDate }}</dd>
            <dt>Email</dt>
            <dd>
              <a [href]="'mailto:' + view.customer.email">{{ view.customer.email }}</a>
            </dd>
            <dt>Phone</dt>
            <dd>{{ view.customer.phone ?? '—' }}</dd>
            <dt>Address</dt>
            <dd class="multiline">{{ view.customer.address ?? '—' }}</dd>
            <dt>Notes</dt>
            <dd class="multiline">{{ view.customer.notes ?? '—' }}</dd>
            <dt>Updated</dt>
            <dd>
              {{ view.customer.updatedAt | date: 'medium' }} (version {{ view.customer.version }})
            </dd>
          </dl>
        </mat-card-content>
      </mat-card>
      <h2>Ledger</h2>
      <cd-customer-ledger [customerId]="view.customer.id" [version]="view.customer.version" />
    }
  `,
  styles: `
    .header {
      display: flex;
      align-items: center;
      gap: 12px;
      flex-wrap: wrap;
    }
    .spacer {
      flex: 1;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 8px 24px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
    .multiline {
      white-space: pre-wrap;
    }
    .status {
      padding: 2px 10px;
      border-radius: 12px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .status.overdue {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerDetail {
  private readonly api = inject(CustomersApi);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthStore);
  private readonly payments = inject(PaymentRecorder);
  /** From the route (`customers/:id`). */
  readonly id = input.required<string>();

  protected readonly loaded = resource({
    params: () => this.id(),
    loader: ({ params: id }) => firstValueFrom(this.api.get(id)),
  });
  /** What is shown: the last load, or a newer version that arrived since. */
  protected readonly current = linkedSignal<Versioned | undefined>(() => this.loaded.value());
  protected readonly canWrite = computed(() => this.auth.user()?.role !== 'viewer');
  protected readonly errorText = computed(() => problemOf(this.loaded.error()).detail);

  constructor() {
    const realtime = inject(RealtimeClient);
    realtime
      .customerChanges()
      .pipe(
        filter((customer) => customer.id === this.id()),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((customer) => this.show(customer));
    realtime.connected$.pipe(takeUntilDestroyed()).subscribe(() => this.loaded.reload());
    effect(() => {
      if (this.loaded.error()) this.current.set(undefined);
    });
  }

  protected money(customer: Customer): string {
    return formatMoney(customer.outstandingAmount, customer.currency);
  }

  protected amount(minorUnits: number, currency: string): string {
    return formatMoney(minorUnits, currency);
  }

  protected async recordPayment(customer: Customer): Promise<void> {
    const payment = await this.payments.record(customer);
    if (payment) this.loaded.reload();
  }

  protected async edit(view: Versioned): Promise<void> {
    const saved = await firstValueFrom(
      this.dialog
        .open<CustomerDialog, CustomerDialogData, Customer>(CustomerDialog, {
          data: { existing: view, defaultCurrency: view.customer.currency },
          width: '640px',
          maxWidth: '95vw',
        })
        .afterClosed(),
    );
    if (saved) this.show(saved);
  }

  /** Shows `customer` if it is newer than what is on screen. */
  private show(customer: Customer): void {
    const shown = this.current();
    if (!shown || customer.version > shown.customer.version)
      this.current.set(versionedFrom(customer));
  }
}
