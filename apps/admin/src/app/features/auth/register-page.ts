import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { applyServerErrors } from '../../shared/problem';

@Component({
  selector: 'cd-register-page',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  template: `
    <mat-card appearance="outlined" class="card">
      <mat-card-content>
        <h1>Create your account</h1>
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" aria-label="Creating the account" />
        }
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (error()) {
            <p class="error" role="alert">{{ error() }}</p>
          }
          <mat-form-field>
            <mat-label>Name</mat-label>
            <input matInput formControlName="name" autocomplete="name" required />
            @if (form.controls.name.hasError('server')) {
              <mat-error>{{ form.controls.name.getError('server') }}</mat-error>
            } @else if (form.controls.name.invalid) {
              <mat-error>Enter your name.</mat-error>
            }
          </mat-form-field>
          <mat-form-field>
            <mat-label>Email</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="email" required />
            @if (form.controls.email.hasError('server')) {
              <mat-error>{{ form.controls.email.getError('server') }}</mat-error>
            } @else if (form.controls.email.invalid) {
              <mat-error>Enter a valid email address.</mat-error>
            }
          </mat-form-field>
          <mat-form-field>
            <mat-label>Password</mat-label>
            <input
              matInput
              type="password"
              formControlName="password"
              autocomplete="new-password"
              required
            />
            <mat-hint
              >{{ minLength }} to {{ maxLength }} characters; a passphrase works well.</mat-hint
            >
            @if (form.controls.password.hasError('server')) {
              <mat-error>Password {{ form.controls.password.getError('server') }}.</mat-error>
            } @else if (form.controls.password.invalid) {
              <mat-error>Use {{ minLength }} to {{ maxLength }} characters.</mat-error>
            }
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="busy()">Create account</button>
        </form>
        <p class="alternative">Already have an account? <a routerLink="/login">Sign in</a></p>
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegisterPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly maxLength = PASSWORD_MAX_LENGTH;

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email]],
    password: [
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

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set('');
    try {
      const account = this.form.getRawValue();
      await this.auth.register(account);
      await this.auth.login({ email: account.email, password: account.password });
      await this.router.navigateByUrl('/dashboard');
    } catch (error) {
      this.error.set(applyServerErrors(this.form, error));
    } finally {
      this.busy.set(false);
    }
  }
}
