import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';

/** An honest empty state for a section that has not shipped yet. */
@Component({
  selector: 'cd-coming-soon',
  imports: [MatCardModule, MatIconModule],
  template: `
    <h1>{{ title() }}</h1>
    <mat-card appearance="outlined" class="empty">
      <mat-card-content>
        <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
        <p>{{ message() }}</p>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .empty {
      max-width: 560px;
      text-align: center;
    }
    mat-icon {
      font-size: 48px;
      width: 48px;
      height: 48px;
      color: var(--mat-sys-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComingSoon {
  readonly title = input.required<string>();
  readonly icon = input.required<string>();
  readonly message = input.required<string>();
}
