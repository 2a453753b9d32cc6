import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type { Session } from '@collection-desk/contracts';

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

const refused = { status: 401, statusText: 'Unauthorized' };

describe('AuthStore', () => {
  let backend: HttpTestingController;
  let auth: AuthStore;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    const login = auth.login({ email: 'a@b.test', password: 'x' });
    backend.expectOne('/api/v1/auth/login').flush(session('first'));
    await login;
  });

  afterEach(() => backend.verify());

  it('stays signed in when a socket asks for a refresh while a password change is answering', async () => {
    const change = auth.changePassword({ currentPassword: 'x', newPassword: 'y' });
    // The server ended every session, this socket's included, before its answer came back.
    const refresh = auth.refresh();
    backend.expectOne('/api/v1/auth/change-password').flush(session('after-change'));
    await change;

    expect(await refresh).toBe(true);
    backend.expectNone('/api/v1/auth/refresh');
    expect(auth.accessToken()).toBe('after-change');
  });

  it('keeps a session that arrived while a refused refresh was on its way', async () => {
    const refresh = auth.refresh();
    const request = backend.expectOne('/api/v1/auth/refresh');
    const login = auth.login({ email: 'a@b.test', password: 'x' });
    backend.expectOne('/api/v1/auth/login').flush(session('signed-in-again'));
    await login;
    request.flush(null, refused);

    expect(await refresh).toBe(true);
    expect(auth.accessToken()).toBe('signed-in-again');
  });

  it('signs out when the refresh is refused and nothing replaced the session', async () => {
    const refresh = auth.refresh();
    backend.expectOne('/api/v1/auth/refresh').flush(null, refused);

    expect(await refresh).toBe(false);
    expect(auth.isSignedIn()).toBe(false);
  });
});
