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
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import { debounceTime, firstValueFrom, map } from 'rxjs';

import {
  type Notification,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type OverdueRun,
} from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { NotificationStore } from '../../core/notifications/notification-store';
import { NotificationsApi } from '../../core/notifications/notifications-api';
import { problemOf } from '../../shared/problem';

const KIND_LABELS: Record<NotificationKind, string> = {
  customer_created: 'New customer',
  payment_received: 'Payment received',
  payment_overdue: 'Payment overdue',
  import_finished: 'Import finished',
};
const PAGE = 20;

interface Filters {
  kinds: NotificationKind[];
  unread: boolean;
  mine: boolean;
}

function filtersFrom(params: Record<string, unknown>): Filters {
  const kinds = typeof params['type'] === 'string' ? params['type'].split(',') : [];
  return {
    kinds: kinds.filter((kind): kind is NotificationKind =>
      (NOTIFICATION_KINDS as readonly string[]).includes(kind),
    ),
    unread: params['unread'] === 'true',
    mine: params['mine'] === 'true',
  };
}

/**
 * Every notification, newest first, loaded a page at a time; filters in the URL. Admins also
 * see the overdue scan's runs and can start one.
 */
@Component({
  selector: 'cd-notifications-page',
  imports: [
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTableModule,
  ],
  template: `
    <header class="header">
      <h1>Notifications</h1>
      <span class="spacer"></span>
      @if (store.unreadCount() > 0) {
        <button mat-stroked-button type="button" (click)="markAllRead()">
          <mat-icon>done_all</mat-icon> Mark all read
        </button>
      }
    </header>
    <section class="filters" aria-label="Filters">
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>Kind</mat-label>
        <mat-select
          multiple
          [value]="filters().kinds"
          (selectionChange)="setFilter({ kinds: $event.value })"
        >
          @for (kind of kinds; track kind) {
            <mat-option [value]="kind">{{ label(kind) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-slide-toggle
        [checked]="filters().unread"
        (change)="setFilter({ unread: $event.checked })"
      >
        Unread only
      </mat-slide-toggle>
      <mat-slide-toggle [checked]="filters().mine" (change)="setFilter({ mine: $event.checked })">
        My customers
      </mat-slide-toggle>
    </section>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading notifications" />
    }
    @if (error()) {
      <p role="alert" class="error">{{ error() }}</p>
    }
    <ul class="list" aria-label="Notifications">
      @for (notification of items(); track notification.id) {
        <li class="item" [class.unread]="!notification.read" data-testid="notification">
          <div class="text">
            <span class="kind">{{ label(notification.kind) }}</span>
            <span class="message">{{ notification.message }}</span>
            <span class="when">{{ notification.createdAt | date: 'medium' }}</span>
          </div>
          @if (notification.customerId) {
            <button mat-button type="button" (click)="open(notification)">Open</button>
          }
          @if (!notification.read) {
            <button
              mat-button
              type="button"
              (click)="markRead(notification)"
              [attr.aria-label]="'Mark read: ' + notification.message"
            >
              Mark read
            </button>
          }
        </li>
      } @empty {
        @if (!loading()) {
          <li class="empty">No notifications match.</li>
        }
      }
    </ul>
    @if (nextCursor()) {
      <button mat-stroked-button type="button" (click)="loadMore()">Load older</button>
    }

    @if (auth.isAdmin()) {
      <section class="runs" aria-labelledby="runs-heading">
        <header class="header">
          <h2 id="runs-heading">Overdue scans</h2>
          <span class="spacer"></span>
          <button mat-flat-button type="button" (click)="runScan()" [disabled]="scanning()">
            <mat-icon>update</mat-icon> Run scan now
          </button>
        </header>
        <table mat-table [dataSource]="runs()" aria-label="Overdue scans">
          <ng-container matColumnDef="startedAt">
            <th mat-header-cell *matHeaderCellDef>Started</th>
            <td mat-cell *matCellDef="let run">{{ run.startedAt | date: 'medium' }}</td>
          </ng-container>
          <ng-container matColumnDef="trigger">
            <th mat-header-cell *matHeaderCellDef>Trigger</th>
            <td mat-cell *matCellDef="let run">{{ run.trigger }}</td>
          </ng-container>
          <ng-container matColumnDef="durationMs">
            <th mat-header-cell *matHeaderCellDef class="number">Duration</th>
            <td mat-cell *matCellDef="let run" class="number">{{ run.durationMs }} ms</td>
          </ng-container>
          <ng-container matColumnDef="checked">
            <th mat-header-cell *matHeaderCellDef class="number">Checked</th>
            <td mat-cell *matCellDef="let run" class="number">{{ run.checked }}</td>
          </ng-container>
          <ng-container matColumnDef="markedOverdue">
            <th mat-header-cell *matHeaderCellDef class="number">Became overdue</th>
            <td mat-cell *matCellDef="let run" class="number">{{ run.markedOverdue }}</td>
          </ng-container>
          <ng-container matColumnDef="error">
            <th mat-header-cell *matHeaderCellDef>Error</th>
            <td mat-cell *matCellDef="let run">{{ run.error ?? '—' }}</td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="runColumns"></tr>
          <tr mat-row *matRowDef="let run; columns: runColumns"></tr>
          <tr class="mat-row" *matNoDataRow>
            <td class="mat-cell empty" [attr.colspan]="runColumns.length">No scan has run yet.</td>
          </tr>
        </table>
      </section>
    }
  `,
  styles: `
    .header {
      display: flex;
      align-items: center;
      gap: 12px;
    }
    .spacer {
      flex: 1;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 16px;
      margin-bottom: 12px;
    }
    .list {
      list-style: none;
      padding: 0;
      margin: 0 0 16px;
    }
    .item {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 12px 16px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .item.unread {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .text {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .kind {
      font: var(--mat-sys-label-large);
    }
    .when {
      font: var(--mat-sys-body-small);
    }
    .runs {
      margin-top: 32px;
    }
    .number {
      text-align: right;
    }
    .empty {
      padding: 24px;
      text-align: center;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsPage {
  private readonly api = inject(NotificationsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly store = inject(NotificationStore);
  protected readonly auth = inject(AuthStore);

  protected readonly kinds = NOTIFICATION_KINDS;
  protected readonly runColumns = [
    'startedAt',
    'trigger',
    'durationMs',
    'checked',
    'markedOverdue',
    'error',
  ];
  protected readonly filters = toSignal(this.route.queryParams.pipe(map(filtersFrom)), {
    requireSync: true,
  });
  protected readonly items = signal<Notification[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal('');
  protected readonly runs = signal<OverdueRun[]>([]);
  protected readonly scanning = signal(false);
  private readonly query = computed(() => {
    const { kinds, unread, mine } = this.filters();
    const query: Record<string, string> = { limit: String(PAGE) };
    if (kinds.length) query['type'] = kinds.join(',');
    if (unread) query['unread'] = 'true';
    if (mine) query['mine'] = 'true';
    return query;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.route.queryParams.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => void this.load());
    // New or changed notifications (live, or read elsewhere on this screen): read the page again.
    this.store.changed$
      .pipe(debounceTime(300), takeUntilDestroyed(destroyRef))
      .subscribe(() => void this.load());
    if (this.auth.isAdmin()) void this.loadRuns();
  }

  protected label(kind: NotificationKind): string {
    return KIND_LABELS[kind];
  }

  protected setFilter(changes: Partial<Filters>): void {
    const next = { ...this.filters(), ...changes };
    const queryParams: Record<string, string> = {};
    if (next.kinds.length) queryParams['type'] = next.kinds.join(',');
    if (next.unread) queryParams['unread'] = 'true';
    if (next.mine) queryParams['mine'] = 'true';
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  protected async markRead(notification: Notification): Promise<void> {
    await this.store.markRead(notification);
  }

  protected async markAllRead(): Promise<void> {
    await this.store.markAllRead();
  }

  protected open(notification: Notification): Promise<void> {
    return this.store.open(notification);
  }

  protected async loadMore(): Promise<void> {
    const before = this.nextCursor();
    if (!before) return;
    const page = await firstValueFrom(this.api.list({ ...this.query(), before }));
    this.items.update((items) => [...items, ...page.items]);
    this.nextCursor.set(page.nextCursor);
  }

  protected async runScan(): Promise<void> {
    this.scanning.set(true);
    try {
      const run = await firstValueFrom(this.api.runOverdueScan());
      this.snackBar.open(
        `Scan done: ${run.markedOverdue} became overdue (${run.checked} checked, ${run.durationMs} ms)`,
        undefined,
        { duration: 5000 },
      );
      await this.loadRuns();
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    } finally {
      this.scanning.set(false);
    }
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      const page = await firstValueFrom(this.api.list(this.query()));
      this.items.set(page.items);
      this.nextCursor.set(page.nextCursor);
      this.error.set('');
    } catch (error) {
      this.error.set(problemOf(error).detail);
    } finally {
      this.loading.set(false);
    }
  }

  private async loadRuns(): Promise<void> {
    this.runs.set(await firstValueFrom(this.api.overdueRuns()).catch(() => []));
  }
}
