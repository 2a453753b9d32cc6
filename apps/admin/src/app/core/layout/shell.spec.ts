import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NEVER } from 'rxjs';

import type { Role, Session } from '@collection-desk/contracts';

import { AuthStore } from '../auth/auth-store';
import { RealtimeClient } from '../realtime/realtime-client';
import { Shell } from './shell';

describe('Shell', () => {
  async function renderAs(role: Role): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: RealtimeClient,
          useValue: { connected$: NEVER, on: () => NEVER, connected: () => false },
        },
      ],
    });
    const auth = TestBed.inject(AuthStore);
    const login = auth.login({ email: 'a@b.test', password: 'x' });
    TestBed.inject(HttpTestingController)
      .expectOne('/api/v1/auth/login')
      .flush({
        accessToken: 't',
        expiresIn: 900,
        refreshToken: 'r',
        user: {
          id: 'u',
          email: 'a@b.test',
          name: 'Ada',
          role,
          active: true,
          createdAt: '',
          updatedAt: '',
        },
      } satisfies Session);
    await login;
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const links = (element: HTMLElement) =>
    [...element.querySelectorAll('nav a')].map((a) => [
      a.querySelector('mat-icon')?.textContent?.trim(),
      a.querySelector('[matListItemTitle]')?.textContent?.trim(),
      a.getAttribute('href'),
    ]);

  it('links every section, and the API docs, for an admin', async () => {
    expect(links(await renderAs('admin'))).toEqual([
      ['dashboard', 'Dashboard', '/dashboard'],
      ['groups', 'Customers', '/customers'],
      ['payments', 'Payments', '/payments'],
      ['upload_file', 'Imports', '/imports'],
      ['notifications', 'Notifications', '/notifications'],
      ['manage_accounts', 'Users', '/users'],
      ['api', 'API docs', '/api/docs'],
    ]);
  });

  it('hides user management from other roles', async () => {
    expect(links(await renderAs('agent')).map(([, label]) => label)).not.toContain('Users');
  });

  it("shows the signed-in user's name", async () => {
    expect(
      (await renderAs('viewer')).querySelector('[data-testid="user-menu"]')?.textContent,
    ).toContain('Ada');
  });
});
