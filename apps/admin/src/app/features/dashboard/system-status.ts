import { httpResource } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import type { HealthStatus } from '@collection-desk/contracts';

import { problemOf } from '../../shared/problem';

/** Whether the API and its storage answer. */
@Component({
  selector: 'cd-system-status',
  imports: [MatCardModule, MatIconModule, MatProgressBarModule],
  template: `
    <mat-card appearance="outlined" class="status" data-testid="system-status">
      <mat-card-header>
        <mat-card-title>System status</mat-card-title>
      </mat-card-header>
      <mat-card-content>
        @if (health.isLoading()) {
          <mat-progress-bar mode="indeterminate" aria-label="Checking the system" />
        } @else if (storage(); as storage) {
          <p class="line" [class.ok]="storage.ok">
            <mat-icon aria-hidden="true">{{ storage.ok ? 'check_circle' : 'error' }}</mat-icon>
            @if (storage.ok) {
              All systems operational · storage: {{ storage.driver }}
            } @else {
              Storage ({{ storage.driver }}) is not answering: {{ storage.error }}
            }
          </p>
        } @else {
          <p class="line">
            <mat-icon aria-hidden="true">cloud_off</mat-icon>
            {{ unreachable() }}
          </p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .status {
      max-width: 560px;
    }
    .line {
      display: flex;
      align-items: center;
      gap: 8px;
      color: var(--mat-sys-error);
    }
    .line.ok {
      color: var(--mat-sys-on-surface);
    }
    .line.ok mat-icon {
      color: var(--mat-sys-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SystemStatus {
  protected readonly health = httpResource<HealthStatus>(() => '/api/v1/health');

  /** A 503 still carries the health body that names the failing part. */
  protected readonly storage = computed(() => {
    if (this.health.hasValue()) return this.health.value().storage;
    const body = (this.health.error() as { error?: Partial<HealthStatus> } | undefined)?.error;
    return body?.storage ?? null;
  });

  protected readonly unreachable = computed(() => problemOf(this.health.error()).detail);
}
