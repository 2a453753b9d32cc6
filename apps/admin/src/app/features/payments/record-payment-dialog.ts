import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom } from 'rxjs';

import {
  type CreatePaymentRequest,
  type Customer,
  type Payment,
  type PaymentMethod,
  TEST_CARDS,
} from '@collection-desk/contracts';

import { applyServerErrors } from '../../shared/problem';
import { toMinorUnits } from '../customers/customer-filters';
import { formatMoney, fractionDigits } from '../customers/money';
import { PaymentsApi } from './payments-api';

export const METHOD_LABELS: Record<PaymentMethod, string> = {
  card: 'Card',
  bank_transfer: 'Bank transfer',
  cash: 'Cash',
};

/** The amount as typed in the browser's locale, without grouping: 1250.5 → "1250.50". */
function typedAmount(minorUnits: number, currency: string): string {
  const digits = fractionDigits(currency);
  return new Intl.NumberFormat(undefined, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(minorUnits / 10 ** digits);
}

/**
 * Records a payment for one customer, the amount prefilled with what is left to pay. The
 * Idempotency-Key is made when the dialog opens: pressing Record again after a lost answer
 * cannot pay twice.
 */
@Component({
  selector: 'cd-record-payment-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>Record a payment from {{ customer.name }}</h2>
    <mat-dialog-content>
      <p class="owed" data-testid="left-to-pay">
        Left to pay: {{ money(payable) }}
        @if (customer.pendingPaymentsAmount > 0) {
          ({{ money(customer.pendingPaymentsAmount) }} is in pending payments)
        }
      </p>
      <form [formGroup]="form" id="payment-form" (ngSubmit)="save()" novalidate>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
        <mat-form-field>
          <mat-label>Amount</mat-label>
          <input matInput formControlName="amount" inputmode="decimal" required />
          <span matTextSuffix>{{ customer.currency }}</span>
          @if (form.controls.amount.hasError('server')) {
            <mat-error>{{ form.controls.amount.getError('server') }}</mat-error>
          } @else if (form.controls.amount.invalid) {
            <mat-error>Enter an amount above 0, at most {{ money(payable) }}.</mat-error>
          }
        </mat-form-field>
        <mat-form-field>
          <mat-label>Method</mat-label>
          <mat-select formControlName="method">
            @for (method of methods; track method) {
              <mat-option [value]="method">{{ labels[method] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field class="wide">
          <mat-label>Reference</mat-label>
          <input
            matInput
            formControlName="reference"
            maxlength="100"
            placeholder="Invoice 2026-118"
          />
          @if (form.controls.reference.hasError('server')) {
            <mat-error>{{ form.controls.reference.getError('server') }}</mat-error>
          }
        </mat-form-field>
        @if (method() === 'card') {
          <fieldset class="wide card" formGroupName="card">
            <legend>Card</legend>
            <mat-form-field class="wide">
              <mat-label>Card number</mat-label>
              <input
                matInput
                formControlName="number"
                inputmode="numeric"
                autocomplete="cc-number"
                required
              />
              <mat-hint>Test cards: {{ testCards }}</mat-hint>
              @if (form.controls.card.controls.number.hasError('server')) {
                <mat-error>{{ form.controls.card.controls.number.getError('server') }}</mat-error>
              } @else if (form.controls.card.controls.number.invalid) {
                <mat-error>Enter the card number.</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>Expiry month</mat-label>
              <input
                matInput
                formControlName="expMonth"
                inputmode="numeric"
                autocomplete="cc-exp-month"
                required
              />
              @if (form.controls.card.controls.expMonth.hasError('server')) {
                <mat-error>{{ form.controls.card.controls.expMonth.getError('server') }}</mat-error>
              } @else if (form.controls.card.controls.expMonth.invalid) {
                <mat-error>A month, 1 to 12.</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>Expiry year</mat-label>
              <input
                matInput
                formControlName="expYear"
                inputmode="numeric"
                autocomplete="cc-exp-year"
                required
              />
              @if (form.controls.card.controls.expYear.hasError('server')) {
                <mat-error>{{ form.controls.card.controls.expYear.getError('server') }}</mat-error>
              } @else if (form.controls.card.controls.expYear.invalid) {
                <mat-error>A four-digit year.</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>Security code</mat-label>
              <input
                matInput
                formControlName="cvc"
                inputmode="numeric"
                autocomplete="cc-csc"
                required
              />
              @if (form.controls.card.controls.cvc.hasError('server')) {
                <mat-error>{{ form.controls.card.controls.cvc.getError('server') }}</mat-error>
              } @else if (form.controls.card.controls.cvc.invalid) {
                <mat-error>3 or 4 digits.</mat-error>
              }
            </mat-form-field>
          </fieldset>
        }
      </form>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Cancel</button>
      <button mat-flat-button type="submit" form="payment-form" [disabled]="saving()">
        Record payment
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    form {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0 16px;
    }
    .wide {
      grid-column: 1 / -1;
    }
    .card {
      display: grid;
      grid-template-columns: 1fr 1fr 1fr;
      gap: 0 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 16px 0;
      margin: 0 0 16px;
    }
    .owed {
      margin-top: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
      grid-column: 1 / -1;
    }
    @media (max-width: 599px) {
      form,
      .card {
        grid-template-columns: 1fr;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordPaymentDialog {
  private readonly api = inject(PaymentsApi);
  private readonly dialog = inject(MatDialogRef<RecordPaymentDialog, Payment>);
  protected readonly customer = inject<Customer>(MAT_DIALOG_DATA);
  private readonly idempotencyKey = crypto.randomUUID();
  protected readonly payable = Math.max(
    0,
    this.customer.outstandingAmount - this.customer.pendingPaymentsAmount,
  );
  protected readonly methods = Object.keys(METHOD_LABELS) as PaymentMethod[];
  protected readonly labels = METHOD_LABELS;
  protected readonly testCards = `${TEST_CARDS.success} pays, ${TEST_CARDS.declined} is declined, ${TEST_CARDS.insufficientFunds} lacks funds`;
  private readonly digits = fractionDigits(this.customer.currency);

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    amount: [
      typedAmount(this.payable, this.customer.currency),
      [
        Validators.required,
        (control: { value: string }) => {
          const minor = toMinorUnits(control.value, this.digits);
          return minor !== null && minor > 0 && minor <= this.payable ? null : { amount: true };
        },
      ],
    ],
    method: this.fb.control<PaymentMethod>('bank_transfer'),
    reference: [''],
    card: this.fb.group({
      number: ['', [Validators.required, Validators.pattern(/^[\d -]{12,23}$/)]],
      expMonth: ['', [Validators.required, Validators.pattern(/^(0?[1-9]|1[0-2])$/)]],
      expYear: ['', [Validators.required, Validators.pattern(/^20\d\d$/)]],
      cvc: ['', [Validators.required, Validators.pattern(/^\d{3,4}$/)]],
    }),
  });
  protected readonly method = toSignal(this.form.controls.method.valueChanges, {
    initialValue: this.form.controls.method.value,
  });
  protected readonly saving = signal(false);
  protected readonly error = signal('');

  constructor() {
    this.form.controls.method.valueChanges.subscribe((method) => {
      if (method === 'card') this.form.controls.card.enable();
      else this.form.controls.card.disable();
    });
    this.form.controls.card.disable();
  }

  protected money(minorUnits: number): string {
    return formatMoney(minorUnits, this.customer.currency);
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const value = this.form.getRawValue();
    const request: CreatePaymentRequest = {
      customerId: this.customer.id,
      amount: toMinorUnits(value.amount, this.digits) ?? 0,
      currency: this.customer.currency,
      method: value.method,
      reference: value.reference.trim() || null,
      ...(value.method === 'card'
        ? {
            card: {
              number: value.card.number,
              expMonth: Number(value.card.expMonth),
              expYear: Number(value.card.expYear),
              cvc: value.card.cvc,
            },
          }
        : {}),
    };
    this.saving.set(true);
    this.error.set('');
    try {
      this.dialog.close(await firstValueFrom(this.api.create(request, this.idempotencyKey)));
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.saving.set(false);
    }
  }
}
