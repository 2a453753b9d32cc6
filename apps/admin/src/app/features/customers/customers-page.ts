import { httpResource } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  catchError,
  debounceTime,
  distinctUntilChanged,
  firstValueFrom,
  map,
  merge,
  of,
  Subject,
  switchMap,
  tap,
} from 'rxjs';

import {
  type Assignee,
  type Customer,
  type CustomerPage,
  type ExportFormat,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { RealtimeClient } from '../../core/realtime/realtime-client';
import { ConfirmDialog, type ConfirmData } from '../../shared/confirm-dialog';
import { problemOf } from '../../shared/problem';
import { saveFile } from '../../shared/save-file';
import { PaymentRecorder } from '../payments/payment-recorder';
import { CustomerDialog, type CustomerDialogData } from './customer-dialog';
import {
  customerMatches,
  type CustomerFilters,
  fromCalendarDate,
  fromUrl,
  ranksByRelevance,
  toCalendarDate,
  toUrl,
} from './customer-filters';
import { CustomersApi } from './customers-api';
import { formatMoney } from './money';

const HIGHLIGHT_MS = 2500;
/** Changes elsewhere that may alter this page are gathered for this long, then one reload. */
const LIVE_RELOAD_DEBOUNCE_MS = 400;

@Component({
  selector: 'cd-customers-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatChipsModule,
    MatDatepickerModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatSnackBarModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
    RouterLink,
  ],
  providers: [provideNativeDateAdapter()],
  templateUrl: './customers-page.html',
  styleUrl: './customers-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomersPage {
  private readonly api = inject(CustomersApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly auth = inject(AuthStore);
  private readonly payments = inject(PaymentRecorder);

  protected readonly statuses = PAYMENT_STATUSES;
  protected readonly columns = [
    'name',
    'email',
    'outstandingAmount',
    'dueDate',
    'paymentStatus',
    'actions',
  ];
  /** The filters are the URL: shareable, and the back button walks through them. */
  protected readonly filters = toSignal(this.route.queryParams.pipe(map(fromUrl)), {
    requireSync: true,
  });
  protected readonly page = signal<CustomerPage | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal('');
  protected readonly dueFrom = computed(() => fromCalendarDate(this.filters().dueFrom));
  protected readonly dueTo = computed(() => fromCalendarDate(this.filters().dueTo));
  protected readonly calendarDate = toCalendarDate;
  protected readonly assignees = httpResource<Assignee[]>(() => '/api/v1/users/assignable');
  protected readonly highlighted = signal<ReadonlySet<string>>(new Set());
  protected readonly canWrite = computed(() => this.auth.user()?.role !== 'viewer');
  protected readonly ranked = computed(() => ranksByRelevance(this.filters()));
  /** The arrow on the column the list is sorted by; none while a search ranks its matches. */
  protected readonly sortState = computed(() => {
    if (this.ranked()) return { active: '', direction: '' as const };
    const sort = this.filters().sort.split(',')[0] || 'dueDate';
    return {
      active: sort.replace(/^-/, ''),
      direction: sort.startsWith('-') ? ('desc' as const) : ('asc' as const),
    };
  });
  private readonly searchInput = new Subject<string>();
  private readonly reload = new Subject<void>();
  /** A change elsewhere may move rows into or out of this page: reload soon, once. */
  private readonly liveReload = new Subject<void>();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.searchInput
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(destroyRef))
      .subscribe((q) => this.navigate({ q, page: 1 }));
    this.route.queryParams
      .pipe(
        map(fromUrl),
        tap(() => this.reload.next()),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe();
    this.reload
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap(() =>
          this.api.list(this.filters()).pipe(
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
    this.reload.next();

    const realtime = inject(RealtimeClient);
    realtime
      .customerChanges()
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((customer) => this.applyRemoteChange(customer));
    realtime
      .on('customer.created')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ customer }) => {
        if (customerMatches(customer, this.filters())) this.liveReload.next();
      });
    // socket.io delivers at most once: after any gap, what is shown is read again.
    // A large overdue scan and an import announce themselves once, not customer by customer.
    merge(
      this.liveReload.pipe(debounceTime(LIVE_RELOAD_DEBOUNCE_MS)),
      realtime.connected$,
      realtime.on('notification.digest'),
      realtime.on('import.finished'),
    )
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.reload.next());
  }

  protected money(customer: Customer): string {
    return formatMoney(customer.outstandingAmount, customer.currency);
  }

  protected search(q: string): void {
    this.searchInput.next(q);
  }

  protected setStatuses(statuses: PaymentStatus[]): void {
    this.navigate({ statuses, page: 1 });
  }

  protected setFilter(changes: Partial<CustomerFilters>): void {
    this.navigate({ ...changes, page: 1 });
  }

  protected sortBy(sort: Sort): void {
    // A third click takes the sort off: back to best matches (or due date without a search).
    const value =
      sort.direction === '' ? '' : `${sort.direction === 'desc' ? '-' : ''}${sort.active}`;
    this.navigate({ sort: value, page: 1 });
  }

  protected paginate(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected async create(): Promise<void> {
    // An empty currency lets the server apply its DEFAULT_CURRENCY.
    const created = await this.openDialog({ defaultCurrency: '' });
    if (created) {
      this.snackBar.open(`${created.name} added`, undefined, { duration: 3000 });
      this.reload.next();
    }
  }

  protected async edit(customer: Customer): Promise<void> {
    try {
      const existing = await firstValueFrom(this.api.get(customer.id));
      const saved = await this.openDialog({
        existing,
        defaultCurrency: existing.customer.currency,
      });
      if (saved) this.applyRemoteChange(saved);
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  protected async recordPayment(customer: Customer): Promise<void> {
    // The latest figures, so what is left to pay counts payments recorded elsewhere.
    try {
      const { customer: current } = await firstValueFrom(this.api.get(customer.id));
      await this.payments.record(current);
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  protected async archive(customer: Customer): Promise<void> {
    const confirmed = await firstValueFrom(
      this.dialog
        .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, {
          data: {
            title: `Archive ${customer.name}?`,
            message:
              'Archived customers leave the list; nothing is deleted and you can restore them.',
            confirm: 'Archive',
          },
        })
        .afterClosed(),
    );
    if (!confirmed) return;
    try {
      await firstValueFrom(this.api.archive(customer.id));
      this.reload.next();
      const undo = this.snackBar.open(`${customer.name} archived`, 'Undo', { duration: 8000 });
      undo.onAction().subscribe(() => void this.restore(customer));
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  protected async restore(customer: Customer): Promise<void> {
    try {
      await firstValueFrom(this.api.restore(customer.id));
      this.snackBar.open(`${customer.name} restored`, undefined, { duration: 3000 });
      this.reload.next();
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  protected async export(format: ExportFormat): Promise<void> {
    try {
      const file = await firstValueFrom(this.api.export(this.filters(), format));
      saveFile(file, `customers-${new Date().toISOString().slice(0, 10)}.${format}`);
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  private async openDialog(data: CustomerDialogData): Promise<Customer | undefined> {
    return firstValueFrom(
      this.dialog
        .open<CustomerDialog, CustomerDialogData, Customer>(CustomerDialog, {
          data,
          width: '640px',
          maxWidth: '95vw',
        })
        .afterClosed(),
    );
  }

  /**
   * A customer changed (here or in another browser). Only a newer version than the one shown
   * is applied, so a late or repeated event never takes a row back in time. A row that no
   * longer matches the filters leaves; a customer off this page that now matches may enter it.
   */
  private applyRemoteChange(customer: Customer): void {
    const page = this.page();
    if (!page) return;
    const shown = page.items.find((item) => item.id === customer.id);
    const matches = customerMatches(customer, this.filters());
    if (!shown) {
      if (matches) this.liveReload.next();
      return;
    }
    if (customer.version <= shown.version) return;
    if (!matches) {
      this.page.set({ ...page, items: page.items.filter((item) => item.id !== customer.id) });
      this.liveReload.next();
      return;
    }
    this.page.set({
      ...page,
      items: page.items.map((item) => (item.id === customer.id ? customer : item)),
    });
    this.highlighted.update((ids) => new Set([...ids, customer.id]));
    setTimeout(
      () => this.highlighted.update((ids) => new Set([...ids].filter((id) => id !== customer.id))),
      HIGHLIGHT_MS,
    );
  }

  private navigate(changes: Partial<CustomerFilters>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: toUrl({ ...this.filters(), ...changes }),
    });
  }
}
