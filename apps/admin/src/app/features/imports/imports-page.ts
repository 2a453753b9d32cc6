import { HttpEventType } from '@angular/common/http';
import { DecimalPipe, NgTemplateOutlet } from '@angular/common';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  Injector,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { type MatStepper, MatStepperModule } from '@angular/material/stepper';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';

import {
  IMPORT_COLUMN_TITLES,
  IMPORT_DATE_FORMATS,
  type ImportDateFormat,
  type ImportInvalidRowPolicy,
  type ImportMode,
  type ImportProgressEvent,
  type ImportSummary,
} from '@collection-desk/contracts';

import { AuthStore } from '../../core/auth/auth-store';
import { RealtimeClient } from '../../core/realtime/realtime-client';
import { problemOf } from '../../shared/problem';
import { saveFile } from '../../shared/save-file';
import { ImportHistory } from './import-history';
import { ImportPreview } from './import-preview';
import { ImportsApi } from './imports-api';

/** Where a running upload or commit stands, as a share of 100 (null: not measurable yet). */
interface Progress {
  label: string;
  percent: number | null;
}

const PHASE_LABELS: Record<ImportProgressEvent['phase'], string> = {
  validating: 'Checking rows',
  committing: 'Writing customers',
};

/**
 * Import customers from a spreadsheet in four steps: get the template, upload a file (checked
 * on the server, nothing written), look at every row and its problems, then import.
 */
@Component({
  selector: 'cd-imports-page',
  imports: [
    DecimalPipe,
    ImportHistory,
    ImportPreview,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatRadioModule,
    MatSelectModule,
    MatStepperModule,
    NgTemplateOutlet,
  ],
  template: `
    <h1>Import customers</h1>
    <!-- The running step's progress: reading and checking the file, or writing it. -->
    <ng-template #progressBar>
      @if (progress(); as running) {
        <div class="progress">
          <span>{{ running.label }}</span>
          <mat-progress-bar
            [mode]="running.percent === null ? 'indeterminate' : 'determinate'"
            [value]="running.percent ?? 0"
            [attr.aria-label]="running.label"
          />
        </div>
      }
    </ng-template>
    @if (canWrite()) {
      <mat-stepper [linear]="true" orientation="vertical" #stepper>
        <mat-step label="Get the template" [completed]="true">
          <p>
            Start from the template: it has every column, two example rows, drop-downs for currency
            and assignee, and instructions. Files from Excel, LibreOffice, Numbers or Google Sheets
            work too (.xlsx, .xls, .ods or .csv).
          </p>
          <div class="actions">
            <button mat-stroked-button type="button" (click)="downloadTemplate()">
              <mat-icon>download</mat-icon> Download template
            </button>
            <button mat-flat-button type="button" matStepperNext>Next</button>
          </div>
        </mat-step>

        <mat-step label="Upload a file" [completed]="summary() !== null">
          <div
            class="drop"
            [class.over]="dragging()"
            (dragover)="$event.preventDefault(); dragging.set(true)"
            (dragleave)="dragging.set(false)"
            (drop)="dropped($event)"
          >
            <mat-icon aria-hidden="true">upload_file</mat-icon>
            <p>Drop a spreadsheet here, or</p>
            <label class="choose">
              <input
                type="file"
                accept=".xlsx,.xls,.ods,.csv"
                (change)="chosen($event)"
                data-testid="import-file"
                aria-label="Choose a spreadsheet"
              />
            </label>
            @if (file(); as chosenFile) {
              <p class="file-name">
                {{ chosenFile.name }} ({{ chosenFile.size / 1024 | number: '1.0-0' }} KB)
              </p>
            }
          </div>
          <mat-form-field class="date-format" subscriptSizing="dynamic">
            <mat-label>Dates typed as text are written</mat-label>
            <mat-select [value]="dateFormat()" (selectionChange)="dateFormat.set($event.value)">
              @for (format of dateFormats; track format) {
                <mat-option [value]="format">{{ format }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <ng-container [ngTemplateOutlet]="progressBar" />
          @if (uploadError()) {
            <p role="alert" class="error" data-testid="upload-error">{{ uploadError() }}</p>
          }
          <div class="actions">
            <button mat-flat-button type="button" (click)="upload()" [disabled]="!file() || busy()">
              Check file
            </button>
          </div>
        </mat-step>

        <mat-step label="Check the rows" [completed]="summary() !== null">
          @if (summary(); as checked) {
            <p class="totals" data-testid="import-totals">
              {{ checked.totals.rows | number }} rows: {{ checked.totals.valid | number }} valid ({{
                checked.totals.toCreate | number
              }}
              new, {{ checked.totals.toUpdate | number }} existing),
              <strong>{{ checked.totals.invalid | number }} with errors</strong>
              @if (checked.totals.duplicatesInFile) {
                , {{ checked.totals.duplicatesInFile | number }} repeated emails
              }
              @if (checked.totals.withWarnings) {
                , {{ checked.totals.withWarnings | number }} with warnings
              }
            </p>
            @if (checked.columns.unknown.length) {
              <p class="note">Ignored columns: {{ checked.columns.unknown.join(', ') }}.</p>
            }
            @if (checked.columns.missing.length) {
              <p class="note">Not in the file: {{ missingTitles(checked) }}.</p>
            }
            <cd-import-preview [summary]="checked" />
            <div class="actions">
              @if (checked.totals.invalid > 0) {
                <button mat-stroked-button type="button" (click)="downloadErrors(checked)">
                  <mat-icon>download</mat-icon> Download error rows
                </button>
              }
              <button mat-button type="button" (click)="startOver()">Upload another file</button>
              <button mat-flat-button type="button" matStepperNext>Next</button>
            </div>
          }
        </mat-step>

        <mat-step label="Import">
          @if (summary(); as checked) {
            @if (checked.status === 'committed' && checked.result; as result) {
              <div class="done" role="status" data-testid="import-result">
                <mat-icon aria-hidden="true">task_alt</mat-icon>
                Imported {{ checked.fileName }}: {{ result.created | number }} created,
                {{ result.updated | number }} updated, {{ result.skipped | number }} skipped{{
                  result.failed ? ', ' + result.failed + ' failed' : ''
                }}.
              </div>
              <div class="actions">
                @if (checked.totals.invalid > 0) {
                  <button mat-stroked-button type="button" (click)="downloadErrors(checked)">
                    <mat-icon>download</mat-icon> Download error rows
                  </button>
                }
                <button mat-flat-button type="button" (click)="startOver()">
                  Import another file
                </button>
              </div>
            } @else {
              <div class="choices">
                <mat-radio-group
                  aria-label="Customers whose email already exists"
                  [value]="mode()"
                  (change)="mode.set($event.value)"
                >
                  <mat-radio-button value="create-only">Only add new customers</mat-radio-button>
                  <mat-radio-button value="upsert"
                    >Add new ones and update existing ones</mat-radio-button
                  >
                </mat-radio-group>
                @if (checked.totals.invalid > 0) {
                  <mat-radio-group
                    aria-label="Rows with errors"
                    [value]="onInvalid()"
                    (change)="onInvalid.set($event.value)"
                  >
                    <mat-radio-button value="skip"
                      >Import the valid rows, skip the rest</mat-radio-button
                    >
                    <mat-radio-button value="abort"
                      >Import nothing until every row is valid</mat-radio-button
                    >
                  </mat-radio-group>
                }
              </div>
              <ng-container [ngTemplateOutlet]="progressBar" />
              @if (commitError()) {
                <p role="alert" class="error">{{ commitError() }}</p>
              }
              <div class="actions">
                <button
                  mat-flat-button
                  type="button"
                  (click)="commit(checked)"
                  [disabled]="busy() || checked.totals.valid === 0"
                >
                  Import {{ checked.totals.valid | number }} customers
                </button>
              </div>
            }
          }
        </mat-step>
      </mat-stepper>
    } @else {
      <p>Viewers can see past imports; agents and admins import.</p>
    }

    <section class="history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <cd-import-history [version]="historyVersion()" />
    </section>
  `,
  styles: `
    .actions {
      display: flex;
      gap: 8px;
      margin-top: 16px;
      flex-wrap: wrap;
    }
    .drop {
      border: 2px dashed var(--mat-sys-outline);
      border-radius: 12px;
      padding: 24px;
      text-align: center;
      margin-bottom: 16px;
    }
    .drop.over {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-surface-container);
    }
    .file-name {
      font-weight: 500;
    }
    .date-format {
      min-width: 280px;
    }
    .progress {
      margin-top: 16px;
      display: grid;
      gap: 4px;
    }
    .error {
      color: var(--mat-sys-error);
    }
    .note {
      color: var(--mat-sys-on-surface-variant);
    }
    .choices {
      display: grid;
      gap: 12px;
    }
    .choices mat-radio-group {
      display: flex;
      flex-direction: column;
    }
    .done {
      display: flex;
      align-items: center;
      gap: 8px;
      font-weight: 500;
    }
    .history {
      margin-top: 32px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportsPage {
  private readonly api = inject(ImportsApi);
  private readonly auth = inject(AuthStore);
  private readonly snackBar = inject(MatSnackBar);
  private readonly injector = inject(Injector);
  private readonly stepper = viewChild<MatStepper>('stepper');
  protected readonly dateFormats = IMPORT_DATE_FORMATS;
  protected readonly canWrite = computed(() => this.auth.user()?.role !== 'viewer');
  protected readonly file = signal<File | null>(null);
  protected readonly dateFormat = signal<ImportDateFormat>('YYYY-MM-DD');
  protected readonly dragging = signal(false);
  protected readonly summary = signal<ImportSummary | null>(null);
  protected readonly progress = signal<Progress | null>(null);
  protected readonly busy = signal(false);
  protected readonly uploadError = signal('');
  protected readonly commitError = signal('');
  protected readonly mode = signal<ImportMode>('create-only');
  protected readonly onInvalid = signal<ImportInvalidRowPolicy>('skip');
  protected readonly historyVersion = signal(0);
  private uploadToken = '';

  constructor() {
    inject(RealtimeClient)
      .on('import.progress')
      .pipe(
        filter(
          (event) =>
            event.uploadToken === this.uploadToken ||
            (event.importId !== null && event.importId === this.summary()?.id),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((event) => {
        if (!this.busy()) return;
        this.progress.set({
          label: `${PHASE_LABELS[event.phase]}: ${event.done.toLocaleString()}${event.total ? ` of ${event.total.toLocaleString()}` : ''}`,
          percent: event.total ? Math.round((event.done / event.total) * 100) : null,
        });
      });
  }

  protected async downloadTemplate(): Promise<void> {
    try {
      saveFile(await firstValueFrom(this.api.template()), 'customers-import-template.xlsx');
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  protected chosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.pick(input.files?.[0] ?? null);
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    this.pick(event.dataTransfer?.files[0] ?? null);
  }

  protected async upload(): Promise<void> {
    const file = this.file();
    if (!file) return;
    this.busy.set(true);
    this.uploadError.set('');
    this.uploadToken = crypto.randomUUID();
    this.progress.set({ label: 'Sending the file', percent: 0 });
    try {
      const response = await lastValueFrom(
        this.api.upload(file, this.dateFormat(), this.uploadToken).pipe(
          filter((event) => {
            if (event.type === HttpEventType.UploadProgress && event.total) {
              const percent = Math.round((event.loaded / event.total) * 100);
              this.progress.set(
                percent < 100
                  ? { label: 'Sending the file', percent }
                  : { label: 'Checking every row', percent: null },
              );
            }
            return event.type === HttpEventType.Response;
          }),
        ),
      );
      if (response.type !== HttpEventType.Response || !response.body) return;
      this.summary.set(response.body);
      this.historyVersion.update((version) => version + 1);
      // A linear stepper moves on once the step shows as completed, after this render.
      afterNextRender(() => this.stepper()?.next(), { injector: this.injector });
    } catch (error) {
      this.uploadError.set(problemOf(error).detail);
    } finally {
      this.busy.set(false);
      this.progress.set(null);
    }
  }

  protected async commit(checked: ImportSummary): Promise<void> {
    this.busy.set(true);
    this.commitError.set('');
    this.progress.set({ label: 'Writing customers', percent: null });
    try {
      const committed = await firstValueFrom(
        this.api.commit(checked.id, {
          mode: this.mode(),
          onInvalid: checked.totals.invalid > 0 ? this.onInvalid() : 'abort',
        }),
      );
      this.summary.set(committed);
      this.historyVersion.update((version) => version + 1);
    } catch (error) {
      this.commitError.set(problemOf(error).detail);
    } finally {
      this.busy.set(false);
      this.progress.set(null);
    }
  }

  protected async downloadErrors(checked: ImportSummary): Promise<void> {
    try {
      const base = checked.fileName.replace(/\.[^.]+$/, '');
      saveFile(await firstValueFrom(this.api.errors(checked.id)), `${base}-errors.xlsx`);
    } catch (error) {
      this.snackBar.open(problemOf(error).detail, 'Dismiss', { duration: 6000 });
    }
  }

  protected startOver(): void {
    this.summary.set(null);
    this.file.set(null);
    this.uploadError.set('');
    this.commitError.set('');
    const stepper = this.stepper();
    if (stepper) stepper.selectedIndex = 1;
  }

  protected missingTitles(checked: ImportSummary): string {
    return checked.columns.missing.map((column) => IMPORT_COLUMN_TITLES[column]).join(', ');
  }

  private pick(file: File | null): void {
    this.file.set(file);
    this.uploadError.set('');
    this.summary.set(null);
  }
}
