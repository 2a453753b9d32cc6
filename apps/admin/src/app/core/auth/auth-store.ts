import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type {
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
  Session,
  User,
} from '@collection-desk/contracts';

export const AUTH_API = '/api/v1/auth';

/**
 * The signed-in session. The access token lives in memory only; the refresh token travels as an
 * HttpOnly cookie scoped to the auth routes, so a reload restores the session without script
 * ever seeing it.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly session = signal<Session | null>(null);
  private refreshing: Promise<boolean> | null = null;
  /** A request that will hand out a new session (a password change) and is still in flight. */
  private replacing: Promise<unknown> | null = null;

  readonly user = computed<User | null>(() => this.session()?.user ?? null);
  readonly accessToken = computed(() => this.session()?.accessToken ?? null);
  readonly isSignedIn = computed(() => this.session() !== null);
  readonly isAdmin = computed(() => this.user()?.role === 'admin');

  async login(credentials: LoginRequest): Promise<User> {
    const session = await firstValueFrom(this.http.post<Session>(`${AUTH_API}/login`, credentials));
    this.session.set(session);
    return session.user;
  }

  register(account: RegisterRequest): Promise<User> {
    return firstValueFrom(this.http.post<User>(`${AUTH_API}/register`, account));
  }

  /** The server ends every other session and hands this one a fresh pair. */
  async changePassword(change: ChangePasswordRequest): Promise<void> {
    const token = this.accessToken();
    const request = firstValueFrom(
      this.http.post<Session>(`${AUTH_API}/change-password`, change, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    );
    this.replacing = request.catch(() => undefined);
    try {
      this.session.set(await request);
    } finally {
      this.replacing = null;
    }
  }

  async logout(): Promise<void> {
    const token = this.accessToken();
    this.session.set(null);
    await firstValueFrom(
      this.http.post<void>(
        `${AUTH_API}/logout`,
        {},
        { headers: token ? { authorization: `Bearer ${token}` } : {} },
      ),
    ).catch(() => undefined);
  }

  /**
   * Exchanges the refresh cookie for a new session; concurrent callers share one request. A
   * password change ends every session, this one's socket included, and the socket asks for a
   * refresh before the change's answer (with the new cookie) may have arrived: so a refresh waits
   * for a session-replacing request first, and a refusal only signs out the session it was for.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchangeRefreshCookie().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async exchangeRefreshCookie(): Promise<boolean> {
    const requestedDuring = this.session();
    if (this.replacing) await this.replacing;
    const before = this.session();
    if (before !== null && before !== requestedDuring) return true;
    try {
      this.session.set(await firstValueFrom(this.http.post<Session>(`${AUTH_API}/refresh`, {})));
      return true;
    } catch {
      if (this.session() !== before) return this.session() !== null;
      this.session.set(null);
      return false;
    }
  }

  /** Signed in already, or a session kept by the refresh cookie (after a reload) can be resumed. */
  restore(): Promise<boolean> {
    return this.isSignedIn() ? Promise.resolve(true) : this.refresh();
  }

  /** Forget the local session (the server already ended it). */
  clear(): void {
    this.session.set(null);
  }
}
