import { DecimalPipe, PercentPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { ChartConfiguration } from 'chart.js';
import { BaseChartDirective, provideCharts, withDefaultRegisterables } from 'ng2-charts';
import { debounceTime, firstValueFrom, merge, Subject, switchMap, catchError, of, tap } from 'rxjs';

import type { DashboardSummary, ExportFormat } from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { RealtimeClient } from '../../core/realtime/realtime-client';
import { ThemeStore } from '../../core/theme/theme-store';
import { problemOf } from '../../shared/problem';
import { saveFile } from '../../shared/save-file';
import { formatMoney } from '../customers/money';
import { DashboardApi } from './dashboard-api';
import { SystemStatus } from './system-status';

/** Live changes are gathered for this long, then the figures are read once. */
const LIVE_DEBOUNCE_MS = 1000;

/** Colors that read on both light and dark surfaces. */
const SERIES = ['#4c7bd9', '#e0a21b', '#d9534f', '#2e9d6a', '#8e5bd1'];

/**
 * Where the money is, at a glance: KPIs with their change, aging, statuses, money collected per
 * day and the largest overdue accounts, for one currency, optionally only my customers. Each
 * chart has a table behind it for screen readers. Figures follow payments and scans live.
 */
@Component({
  selector: 'cd-dashboard',
  imports: [
    BaseChartDirective,
    DecimalPipe,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    PercentPipe,
    RouterLink,
    SystemStatus,
  ],
  providers: [provideCharts(withDefaultRegisterables())],
  templateUrl: './dashboard.html',
  styleUrl: './dashboard.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Dashboard {
  private readonly api = inject(DashboardApi);
  private readonly auth = inject(AuthStore);
  private readonly theme = inject(ThemeStore);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly currency = signal<string | null>(null);
  protected readonly mine = signal(false);
  protected readonly summary = signal<DashboardSummary | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal('');
  private readonly reload = new Subject<void>();

  protected readonly collectedChange = computed(() => {
    const collected = this.summary()?.collected;
    if (!collected || collected.previous30Days === 0) return null;
    return (collected.last30Days - collected.previous30Days) / collected.previous30Days;
  });

  private readonly textColor = computed(() => {
    this.theme.mode();
    const value = getComputedStyle(document.documentElement)
      .getPropertyValue('--mat-sys-on-surface')
      .trim();
    return value || '#444';
  });

  protected readonly agingChart = computed<ChartConfiguration<'bar'>>(() => {
    const summary = this.summary();
    return {
      type: 'bar',
      data: {
        labels: summary?.aging.map((row) => this.bucketLabel(row.bucket)) ?? [],
        datasets: [
          {
            label: 'Outstanding',
            data: summary?.aging.map((row) => this.major(row.amount)) ?? [],
            backgroundColor: ['#2e9d6a', '#e0a21b', '#e07b1b', '#d9534f', '#a12622'],
          },
        ],
      },
      options: this.axes(),
    };
  });

  protected readonly statusChart = computed<ChartConfiguration<'doughnut'>>(() => {
    const summary = this.summary();
    return {
      type: 'doughnut',
      data: {
        labels: summary?.statuses.map((row) => row.status) ?? [],
        datasets: [
          {
            data: summary?.statuses.map((row) => row.count) ?? [],
            backgroundColor: [SERIES[1], SERIES[2], SERIES[3]],
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom', labels: { color: this.textColor() } } },
      },
    };
  });

  protected readonly collectedChart = computed<ChartConfiguration<'line'>>(() => {
    const summary = this.summary();
    return {
      type: 'line',
      data: {
        labels: summary?.collectedPerDay.map((day) => day.date.slice(5)) ?? [],
        datasets: [
          {
            label: 'Collected',
            data: summary?.collectedPerDay.map((day) => this.major(day.amount)) ?? [],
            borderColor: SERIES[0],
            backgroundColor: 'rgba(76, 123, 217, 0.2)',
            fill: true,
            pointRadius: 0,
            tension: 0.2,
          },
        ],
      },
      options: this.axes(),
    };
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.reload
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap(() =>
          this.api
            .summary(this.currency(), this.mine() ? (this.auth.user()?.id ?? null) : null)
            .pipe(
              catchError((error: unknown) => {
                this.error.set(problemOf(error).detail);
                return of(null);
              }),
            ),
        ),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((summary) => {
        this.loading.set(false);
        if (summary) {
          this.error.set('');
          this.summary.set(summary);
        }
      });
    this.reload.next();
    const realtime = inject(RealtimeClient);
    merge(
      realtime.on('payment.updated'),
      realtime.on('customer.created'),
      realtime.on('customer.updated'),
      realtime.on('notification.digest'),
      realtime.on('import.finished'),
      realtime.connected$,
    )
      .pipe(debounceTime(LIVE_DEBOUNCE_MS), takeUntilDestroyed(destroyRef))
      .subscribe(() => this.reload.next());
  }

  protected money(minorUnits: number): string {
    const currency = this.summary()?.currency ?? 'EUR';
    return formatMoney(minorUnits, currency);
  }

  protected bucketLabel(bucket: string): string {
    return bucket === 'current' ? 'Not yet due' : `${bucket} days`;
  }

  protected setCurrency(currency: string): void {
    this.currency.set(currency);
    this.reload.next();
  }

  protected setMine(mine: boolean): void {
    this.mine.set(mine);
    this.reload.next();
  }

  protected async exportAging(format: ExportFormat): Promise<void> {
    const summary = this.summary();
    if (!summary) return;
    try {
      const file = await firstValueFrom(this.api.agingReport(summary.currency, format));
      saveFile(file, `aging-${summary.asOf}.${format}`);
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  /** Major units for a chart axis (the tables keep the exact formatted amounts). */
  private major(minorUnits: number): number {
    const currency = this.summary()?.currency ?? 'EUR';
    const digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    return minorUnits / 10 ** digits;
  }

  private axes() {
    const color = this.textColor();
    return {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        x: { ticks: { color }, grid: { color: 'rgba(128, 128, 128, 0.2)' } },
        y: { ticks: { color }, grid: { color: 'rgba(128, 128, 128, 0.2)' }, beginAtZero: true },
      },
    };
  }
}
