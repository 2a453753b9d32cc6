import { computed, effect, inject, Injectable, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { firstValueFrom, Subject } from 'rxjs';

import type { Notification } from '@collection-desk/contracts';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { NotificationsApi } from './notifications-api';

/** How many of the latest the bell's panel keeps. */
const KEPT = 20;

/**
 * The signed-in user's latest notifications and unread count, kept live. socket.io delivers at
 * most once, so on every (re)connection the store asks the API for everything after the newest
 * id it holds, and merges by id: nothing missed while a laptop slept, nothing shown twice.
 */
@Injectable({ providedIn: 'root' })
export class NotificationStore {
  private readonly api = inject(NotificationsApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly latestList = signal<Notification[]>([]);
  private readonly unread = signal(0);
  private readonly changed = new Subject<void>();

  readonly latest = this.latestList.asReadonly();
  readonly unreadCount = this.unread.asReadonly();
  readonly unreadLabel = computed(() => (this.unread() > 99 ? '99+' : String(this.unread())));
  /** Fires when notifications arrived or changed, for pages that show more of them. */
  readonly changed$ = this.changed.asObservable();

  constructor() {
    const realtime = inject(RealtimeClient);
    const auth = inject(AuthStore);
    // Another person signing in on this browser starts from nothing.
    let owner = auth.user()?.id ?? null;
    effect(() => {
      const user = auth.user()?.id ?? null;
      if (user === owner) return;
      owner = user;
      this.latestList.set([]);
      this.unread.set(0);
    });
    realtime.connected$.subscribe(() => void this.catchUp());
    if (realtime.connected()) void this.catchUp();
    realtime.on('notification').subscribe((notification) => {
      if (this.merge([notification]) > 0) {
        this.unread.update((count) => count + 1);
        // What you did yourself you know already: it is counted, not announced.
        if (notification.actorId !== auth.user()?.id) this.announce(notification);
      }
    });
    realtime.on('notification.digest').subscribe((digest) => {
      this.snackBar.open(digest.message, undefined, { duration: 6000 });
      void this.catchUp();
    });
  }

  async markRead(notification: Notification): Promise<void> {
    if (notification.read) return;
    const { unreadCount } = await firstValueFrom(this.api.markRead(notification.id));
    this.latestList.update((list) =>
      list.map((one) => (one.id === notification.id ? { ...one, read: true } : one)),
    );
    this.unread.set(unreadCount);
    this.changed.next();
  }

  /** Up to the newest one shown: one arriving meanwhile stays unread. */
  async markAllRead(): Promise<void> {
    const newest = this.latestList()[0]?.id;
    const { unreadCount } = await firstValueFrom(this.api.markAllRead(newest));
    this.latestList.update((list) => list.map((one) => ({ ...one, read: true })));
    this.unread.set(unreadCount);
    this.changed.next();
  }

  /** Opens what a notification is about, marking it read. */
  async open(notification: Notification): Promise<void> {
    await this.markRead(notification).catch(() => undefined);
    if (notification.customerId)
      await this.router.navigate(['/customers', notification.customerId]);
  }

  private async catchUp(): Promise<void> {
    const newest = this.latestList()[0]?.id;
    try {
      const page = await firstValueFrom(
        this.api.list(newest ? { after: newest, limit: '100' } : { limit: String(KEPT) }),
      );
      // More than a page missed: start again from the latest.
      if (newest && page.items.length === 100) this.latestList.set([]);
      this.merge(page.items);
      this.unread.set(page.unreadCount);
      this.changed.next();
    } catch {
      // The next connection tries again.
    }
  }

  /** Adds the new ones by id, newest first; returns how many were new. */
  private merge(incoming: Notification[]): number {
    const known = new Set(this.latestList().map((one) => one.id));
    const fresh = incoming.filter((one) => !known.has(one.id));
    if (fresh.length === 0) return 0;
    this.latestList.update((list) =>
      [...fresh, ...list].sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, KEPT),
    );
    this.changed.next();
    return fresh.length;
  }

  private announce(notification: Notification): void {
    const toast = this.snackBar.open(
      `${notification.title}: ${notification.message}`,
      notification.customerId ? 'Open' : undefined,
      { duration: 6000 },
    );
    toast.onAction().subscribe(() => void this.open(notification));
  }
}
