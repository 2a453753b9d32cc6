import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import type { Session } from '@collection-desk/contracts';

import { authInterceptor } from './auth-interceptor';
import { AuthStore } from './auth-store';

const session = (token: string): Session => ({
  accessToken: token,
  expiresIn: 900,
  refreshToken: `refresh-${token}`,
  user: {
    id: 'u1',
    email: 'a@b.test',
    name: 'Ada',
    role: 'agent',
    active: true,
    createdAt: '',
    updatedAt: '',
  },
});

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthStore;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    const login = auth.login({ email: 'a@b.test', password: 'x' });
    backend.expectOne('/api/v1/auth/login').flush(session('first'));
    await login;
  });

  afterEach(() => backend.verify());

  it('sends the access token with API calls', async () => {
    const call = firstValueFrom(http.get('/api/v1/customers'));

    const request = backend.expectOne('/api/v1/customers');
    expect(request.request.headers.get('authorization')).toBe('Bearer first');
    request.flush({ items: [] });
    await call;
  });

  it('refreshes once on a 401 and replays the call with the new token', async () => {
    const call = firstValueFrom(http.get<{ ok: boolean }>('/api/v1/customers'));

    backend.expectOne('/api/v1/customers').flush({}, { status: 401, statusText: 'Unauthorized' });
    await Promise.resolve();
    backend.expectOne('/api/v1/auth/refresh').flush(session('second'));
    await new Promise((resolve) => setTimeout(resolve));
    const replay = backend.expectOne('/api/v1/customers');
    expect(replay.request.headers.get('authorization')).toBe('Bearer second');
    replay.flush({ ok: true });

    expect(await call).toEqual({ ok: true });
  });

  it('signs out and goes to the sign-in page when the refresh fails', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const call = firstValueFrom(http.get('/api/v1/customers'));

    backend.expectOne('/api/v1/customers').flush({}, { status: 401, statusText: 'Unauthorized' });
    await Promise.resolve();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush({}, { status: 401, statusText: 'Unauthorized' });

    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(auth.isSignedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });
});
