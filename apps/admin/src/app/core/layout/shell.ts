import { BreakpointObserver, Breakpoints } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';

import { AuthStore } from '../auth/auth-store';
import { NotificationStore } from '../notifications/notification-store';
import { ChangePasswordDialog } from '../auth/change-password-dialog';
import { RealtimeClient } from '../realtime/realtime-client';
import { ThemeStore } from '../theme/theme-store';

interface NavLink {
  path: string;
  label: string;
  icon: string;
  adminOnly?: boolean;
}

export const NAV_LINKS: readonly NavLink[] = [
  { path: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
  { path: '/customers', label: 'Customers', icon: 'groups' },
  { path: '/payments', label: 'Payments', icon: 'payments' },
  { path: '/imports', label: 'Imports', icon: 'upload_file' },
  { path: '/notifications', label: 'Notifications', icon: 'notifications' },
  { path: '/users', label: 'Users', icon: 'manage_accounts', adminOnly: true },
];

const THEME_ICONS = { system: 'brightness_auto', light: 'light_mode', dark: 'dark_mode' } as const;

@Component({
  selector: 'cd-shell',
  imports: [
    MatBadgeModule,
    MatButtonModule,
    MatDividerModule,
    MatIconModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    MatTooltipModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly auth = inject(AuthStore);
  protected readonly theme = inject(ThemeStore);
  protected readonly notifications = inject(NotificationStore);
  private readonly sidenav = viewChild.required(MatSidenav);

  protected readonly isHandset = toSignal(
    inject(BreakpointObserver)
      .observe([Breakpoints.Handset, Breakpoints.TabletPortrait])
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly links = computed(() =>
    NAV_LINKS.filter((link) => !link.adminOnly || this.auth.isAdmin()),
  );
  protected readonly themeIcon = computed(() => THEME_ICONS[this.theme.mode()]);
  protected readonly themeLabel = computed(() => `Theme: ${this.theme.mode()} (click to change)`);

  constructor() {
    // Opening the socket as soon as the signed-in shell exists keeps every page live.
    inject(RealtimeClient);
  }

  protected markAllRead(event: Event): void {
    // Keep the panel open: the list turns read in place.
    event.stopPropagation();
    void this.notifications.markAllRead();
  }

  protected closeOnHandset(): void {
    if (this.isHandset()) void this.sidenav().close();
  }

  protected changePassword(): void {
    this.dialog
      .open(ChangePasswordDialog)
      .afterClosed()
      .subscribe((changed: unknown) => {
        if (changed === true)
          this.snackBar.open('Password changed; other devices were signed out', undefined, {
            duration: 4000,
          });
      });
  }

  protected async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/login']);
  }
}
