import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { firstValueFrom } from 'rxjs';

import { ROLES, type Role, type UpdateUserRequest, type User } from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { problemOf } from '../../shared/problem';
import { AddUserDialog } from './add-user-dialog';
import { UsersApi } from './users-api';

@Component({
  selector: 'cd-users-page',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatSnackBarModule,
    MatTableModule,
  ],
  template: `
    <header class="header">
      <h1>Users</h1>
      <button mat-flat-button type="button" (click)="add()">
        <mat-icon>person_add</mat-icon> Add user
      </button>
    </header>
    <p>Admins manage roles: admins do everything, agents work customers, viewers only read.</p>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading users" />
    }
    @if (loadError()) {
      <p role="alert" class="error">{{ loadError() }}</p>
    }
    <table mat-table [dataSource]="users()" class="users">
      <ng-container matColumnDef="name">
        <th mat-header-cell *matHeaderCellDef>Name</th>
        <td mat-cell *matCellDef="let user">{{ user.name }}</td>
      </ng-container>
      <ng-container matColumnDef="email">
        <th mat-header-cell *matHeaderCellDef>Email</th>
        <td mat-cell *matCellDef="let user">{{ user.email }}</td>
      </ng-container>
      <ng-container matColumnDef="role">
        <th mat-header-cell *matHeaderCellDef>Role</th>
        <td mat-cell *matCellDef="let user">
          <mat-select
            [value]="user.role"
            (selectionChange)="change(user, { role: $event.value })"
            [attr.aria-label]="'Role of ' + user.name"
            [disabled]="user.id === auth.user()?.id"
          >
            @for (role of roles; track role) {
              <mat-option [value]="role">{{ role }}</mat-option>
            }
          </mat-select>
        </td>
      </ng-container>
      <ng-container matColumnDef="active">
        <th mat-header-cell *matHeaderCellDef>Active</th>
        <td mat-cell *matCellDef="let user">
          <mat-slide-toggle
            [checked]="user.active"
            (change)="change(user, { active: $event.checked })"
            [disabled]="user.id === auth.user()?.id"
            [attr.aria-label]="(user.active ? 'Deactivate ' : 'Reactivate ') + user.name"
          />
        </td>
      </ng-container>
      <tr mat-header-row *matHeaderRowDef="columns"></tr>
      <tr mat-row *matRowDef="let row; columns: columns"></tr>
    </table>
  `,
  styles: `
    .header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      max-width: 900px;
    }
    .users {
      max-width: 900px;
    }
    mat-select {
      width: 120px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  protected readonly auth = inject(AuthStore);
  protected readonly roles: readonly Role[] = ROLES;
  protected readonly columns = ['name', 'email', 'role', 'active'];
  protected readonly users = signal<User[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');

  constructor() {
    void this.load();
  }

  protected add(): void {
    this.dialog
      .open<AddUserDialog, undefined, User>(AddUserDialog)
      .afterClosed()
      .subscribe((created) => {
        if (!created) return;
        this.users.update((users) => [...users, created]);
        this.snackBar.open(`${created.name} can now sign in`, undefined, { duration: 3000 });
      });
  }

  protected async change(user: User, changes: UpdateUserRequest): Promise<void> {
    try {
      const updated = await firstValueFrom(this.api.update(user.id, changes));
      this.users.update((users) => users.map((each) => (each.id === updated.id ? updated : each)));
      this.snackBar.open(`${updated.name} updated`, undefined, { duration: 3000 });
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
      await this.load();
    }
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.users.set(await firstValueFrom(this.api.list()));
      this.loadError.set('');
    } catch (error) {
      this.loadError.set(problemOf(error).detail);
    } finally {
      this.loading.set(false);
    }
  }
}
