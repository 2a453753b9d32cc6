import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@collection-desk/contracts';

import { applyServerErrors } from '../../shared/problem';
import { AuthStore } from './auth-store';

/** Changes the signed-in user's password; other devices are signed out, this one stays in. */
@Component({
  selector: 'cd-change-password-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>Change password</h2>
    <mat-dialog-content>
      <form [formGroup]="form" id="password-form" (ngSubmit)="save()" novalidate class="form">
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
        <mat-form-field>
          <mat-label>Current password</mat-label>
          <input
            matInput
            type="password"
            formControlName="currentPassword"
            autocomplete="current-password"
            required
          />
          @if (form.controls.currentPassword.hasError('server')) {
            <mat-error
              >Current password {{ form.controls.currentPassword.getError('server') }}.</mat-error
            >
          } @else if (form.controls.currentPassword.invalid) {
            <mat-error>Enter your current password.</mat-error>
          }
        </mat-form-field>
        <mat-form-field>
          <mat-label>New password</mat-label>
          <input
            matInput
            type="password"
            formControlName="newPassword"
            autocomplete="new-password"
            required
          />
          <mat-hint
            >{{ minLength }} to {{ maxLength }} characters. Other devices will be signed
            out.</mat-hint
          >
          @if (form.controls.newPassword.hasError('server')) {
            <mat-error>New password {{ form.controls.newPassword.getError('server') }}.</mat-error>
          } @else if (form.controls.newPassword.invalid) {
            <mat-error>Use {{ minLength }} to {{ maxLength }} characters.</mat-error>
          }
        </mat-form-field>
      </form>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Cancel</button>
      <button mat-flat-button type="submit" form="password-form" [disabled]="busy()">
        Change password
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .form {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-width: min(360px, 80vw);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordDialog {
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialogRef<ChangePasswordDialog, boolean>);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', Validators.required],
    newPassword: [
      '',
      [
        Validators.required,
        Validators.minLength(PASSWORD_MIN_LENGTH),
        Validators.maxLength(PASSWORD_MAX_LENGTH),
      ],
    ],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set('');
    try {
      await this.auth.changePassword(this.form.getRawValue());
      this.dialog.close(true);
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }
}
