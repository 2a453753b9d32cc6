import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom } from 'rxjs';

import {
  type Assignee,
  CUSTOMER_NAME_MAX_LENGTH,
  CUSTOMER_NOTES_MAX_LENGTH,
  type CreateCustomerRequest,
  type Customer,
  type UpdateCustomerRequest,
} from '@collection-desk/contracts';

import { applyServerErrors } from '../../shared/problem';
import { toMinorUnits } from './customer-filters';
import { CustomersApi, type Versioned } from './customers-api';
import { fractionDigits } from './money';

export interface CustomerDialogData {
  /** Absent: create a customer. */
  existing?: Versioned;
  defaultCurrency: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Create or edit a customer. The rules mirror the API's; the API's answer has the last word. */
@Component({
  selector: 'cd-customer-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './customer-dialog.html',
  styles: `
    form {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0 16px;
    }
    .wide {
      grid-column: 1 / -1;
    }
    .error {
      color: var(--mat-sys-error);
      grid-column: 1 / -1;
    }
    @media (max-width: 599px) {
      form {
        grid-template-columns: 1fr;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerDialog {
  private readonly api = inject(CustomersApi);
  private readonly dialog = inject(MatDialogRef<CustomerDialog, Customer>);
  protected readonly data = inject<CustomerDialogData>(MAT_DIALOG_DATA);
  private readonly existing = this.data.existing?.customer;
  protected readonly nameMax = CUSTOMER_NAME_MAX_LENGTH;
  protected readonly notesMax = CUSTOMER_NOTES_MAX_LENGTH;

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [
      this.existing?.name ?? '',
      [Validators.required, Validators.maxLength(CUSTOMER_NAME_MAX_LENGTH)],
    ],
    email: [this.existing?.email ?? '', [Validators.required, Validators.email]],
    phone: [this.existing?.phone ?? '', Validators.pattern(/^\+[\d\s().-]{6,}$/)],
    address: [this.existing?.address ?? '', Validators.maxLength(500)],
    amount: [
      this.existing
        ? amountForEditing(this.existing.outstandingAmount, this.existing.currency)
        : '',
      [Validators.required, Validators.pattern(/^[\d\s.,'\u00a0\u202f]+$/)],
    ],
    currency: [
      this.existing?.currency ?? this.data.defaultCurrency,
      Validators.pattern(/^[A-Za-z]{3}$/),
    ],
    dueDate: [this.existing?.dueDate ?? '', [Validators.required, Validators.pattern(DATE)]],
    assigneeId: [this.existing?.assigneeId ?? ''],
    notes: [this.existing?.notes ?? '', Validators.maxLength(CUSTOMER_NOTES_MAX_LENGTH)],
    reason: [''],
  });

  private readonly typedAmount = toSignal(this.form.controls.amount.valueChanges, {
    initialValue: this.form.controls.amount.value,
  });
  private readonly typedCurrency = toSignal(this.form.controls.currency.valueChanges, {
    initialValue: this.form.controls.currency.value,
  });
  /** The amount as it will be stored, or null while it is not a number. */
  private readonly minorUnits = computed(() => {
    try {
      const currency = this.typedCurrency().trim().toUpperCase();
      return toMinorUnits(this.typedAmount(), currency.length === 3 ? fractionDigits(currency) : 2);
    } catch {
      return null;
    }
  });
  /** Editing the amount by hand needs a reason, kept as an adjustment. */
  protected readonly amountChanged = computed(
    () =>
      this.existing !== undefined &&
      this.minorUnits() !== null &&
      this.minorUnits() !== this.existing.outstandingAmount,
  );
  protected readonly assignees = httpResource<Assignee[]>(() => '/api/v1/users/assignable');
  protected readonly example = new Intl.NumberFormat(undefined, {
    minimumFractionDigits: 2,
  }).format(1250.5);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly title = this.existing ? `Edit ${this.existing.name}` : 'New customer';

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    const outstandingAmount = this.minorUnits();
    if (this.amountChanged() && !this.form.controls.reason.value.trim()) {
      this.form.controls.reason.setErrors({ required: true });
    }
    if (outstandingAmount === null) this.form.controls.amount.setErrors({ amount: true });
    if (this.form.invalid || outstandingAmount === null) return;
    const value = this.form.getRawValue();
    const fields: CreateCustomerRequest = {
      name: value.name.trim(),
      email: value.email.trim(),
      phone: value.phone.trim() || null,
      address: value.address.trim() || null,
      outstandingAmount,
      ...(value.currency.trim() ? { currency: value.currency.trim().toUpperCase() } : {}),
      dueDate: value.dueDate,
      assigneeId: value.assigneeId || null,
      notes: value.notes.trim() || null,
    };
    const existing = this.data.existing;
    const changes = existing ? changedFields(existing.customer, fields) : fields;
    if (existing && Object.keys(changes).length === 0) {
      this.dialog.close(existing.customer);
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const saved = existing
        ? (
            await firstValueFrom(
              this.api.update(existing.customer.id, existing.etag, {
                ...changes,
                ...(this.amountChanged() ? { reason: value.reason.trim() } : {}),
              }),
            )
          ).customer
        : await firstValueFrom(this.api.create(fields));
      this.dialog.close(saved);
    } catch (error) {
      this.error.set(applyServerErrors(this.form, renameAmountErrors(error)));
    } finally {
      this.busy.set(false);
    }
  }
}

/**
 * Only what the user changed is sent: a field left alone is never re-checked by the server
 * (an assignee deactivated since it was set does not block an edit of the notes).
 */
function changedFields(current: Customer, wanted: CreateCustomerRequest): UpdateCustomerRequest {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted) as [keyof CreateCustomerRequest, unknown][]) {
    if (value !== undefined && value !== current[key]) changes[key] = value;
  }
  return changes;
}

/** How an amount is shown for editing: the locale's decimal mark, no grouping. */
function amountForEditing(minorUnits: number, currency: string): string {
  const digits = fractionDigits(currency);
  return new Intl.NumberFormat(undefined, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(minorUnits / 10 ** digits);
}

/** The form calls the amount "amount"; the API calls it "outstandingAmount". */
function renameAmountErrors(error: unknown): unknown {
  const body = (error as { error?: { errors?: { field: string; message: string }[] } }).error;
  for (const fieldError of body?.errors ?? []) {
    if (fieldError.field === 'outstandingAmount') fieldError.field = 'amount';
  }
  return error;
}
