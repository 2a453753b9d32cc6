import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { SystemStatus } from './system-status';

describe('SystemStatus', () => {
  async function render(respond: (backend: HttpTestingController) => void): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(SystemStatus);
    fixture.detectChanges();
    respond(TestBed.inject(HttpTestingController));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('says all is well, naming the storage', async () => {
    const element = await render((backend) =>
      backend
        .expectOne('/api/v1/health')
        .flush({ status: 'ok', storage: { driver: 'sqlite', ok: true } }),
    );

    expect(element.textContent).toContain('All systems operational · storage: sqlite');
  });

  it('names the failing storage from a 503', async () => {
    const element = await render((backend) =>
      backend.expectOne('/api/v1/health').flush(
        {
          status: 'error',
          storage: { driver: 'sqlite', ok: false, error: 'database is closed' },
        },
        { status: 503, statusText: 'Service Unavailable' },
      ),
    );

    expect(element.textContent).toContain('Storage (sqlite) is not answering: database is closed');
  });
});
