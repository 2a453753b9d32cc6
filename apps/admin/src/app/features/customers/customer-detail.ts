import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import type { Customer } from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { problemOf } from '../../shared/problem';
import { CustomerDialog, type CustomerDialogData } from './customer-dialog';
import { CustomersApi } from './customers-api';
import { formatMoney } from './money';

@Component({
  selector: 'cd-customer-detail',
  imports: [
    DatePipe,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    RouterLink,
  ],
  template: `
    <a mat-button routerLink="/customers"><mat-icon>arrow_back</mat-icon> Customers</a>
    @if (details.isLoading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading the customer" />
    } @else if (details.error()) {
      <p role="alert" class="error">{{ errorText() }}</p>
    } @else if (details.value(); as view) {
      <header class="header">
        <h1>{{ view.versioned.customer.name }}</h1>
        <span class="status {{ view.versioned.customer.paymentStatus }}">{{
          view.versioned.customer.paymentStatus
        }}</span>
        @if (view.versioned.customer.archivedAt) {
          <span class="status archived">archived</span>
        }
        <span class="spacer"></span>
        @if (canWrite()) {
          <button mat-flat-button type="button" (click)="edit()">
            <mat-icon>edit</mat-icon> Edit
          </button>
        }
      </header>
      <mat-card appearance="outlined">
        <mat-card-content>
          <dl>
            <dt>Outstanding</dt>
            <dd>{{ money(view.versioned.customer) }}</dd>
            <dt>Due date</dt>
            <dd>{{ view.versioned.customer.dueDate }}</dd>
            <dt>Email</dt>
            <dd>
              <a [href]="'mailto:' + view.versioned.customer.email">{{
                view.versioned.customer.email
              }}</a>
            </dd>
            <dt>Phone</dt>
            <dd>{{ view.versioned.customer.phone ?? '—' }}</dd>
            <dt>Address</dt>
            <dd>{{ view.versioned.customer.address ?? '—' }}</dd>
            <dt>Notes</dt>
            <dd class="notes">{{ view.versioned.customer.notes ?? '—' }}</dd>
            <dt>Updated</dt>
            <dd>
              {{ view.versioned.customer.updatedAt | date: 'medium' }} (version
              {{ view.versioned.customer.version }})
            </dd>
          </dl>
        </mat-card-content>
      </mat-card>
      <h2>Balance adjustments</h2>
      @if (view.adjustments.length === 0) {
        <p>No hand-made changes of the amount.</p>
      } @else {
        <ul class="adjustments">
          @for (adjustment of view.adjustments; track adjustment.id) {
            <li>
              {{ adjustment.createdAt | date: 'medium' }}:
              {{ format(adjustment.previousAmount, adjustment.currency) }} →
              {{ format(adjustment.newAmount, adjustment.currency) }} — {{ adjustment.reason }}
            </li>
          }
        </ul>
      }
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
    .notes {
      white-space: pre-wrap;
    }
    .status {
      padding: 2px 10px;
      border-radius: 12px;
      background: var(--mat-sys-secondary-container);
    }
    .status.overdue {
      background: var(--mat-sys-error-container);
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
  /** From the route (`customers/:id`). */
  readonly id = input.required<string>();

  protected readonly details = resource({
    params: () => this.id(),
    loader: async ({ params: id }) => ({
      versioned: await firstValueFrom(this.api.get(id)),
      adjustments: await firstValueFrom(this.api.adjustments(id)),
    }),
  });
  protected readonly canWrite = computed(() => this.auth.user()?.role !== 'viewer');
  protected readonly errorText = computed(() => problemOf(this.details.error()).detail);

  protected money(customer: Customer): string {
    return formatMoney(customer.outstandingAmount, customer.currency);
  }

  protected format(amount: number, currency: string): string {
    return formatMoney(amount, currency);
  }

  protected async edit(): Promise<void> {
    const view = this.details.value();
    if (!view) return;
    const saved = await firstValueFrom(
      this.dialog
        .open<CustomerDialog, CustomerDialogData, Customer>(CustomerDialog, {
          data: { existing: view.versioned, defaultCurrency: view.versioned.customer.currency },
          width: '640px',
          maxWidth: '95vw',
        })
        .afterClosed(),
    );
    if (saved) this.details.reload();
  }
}
