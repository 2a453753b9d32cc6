import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';

import type { Notification, NotificationPage } from '@collection-desk/contracts';

import { RealtimeClient } from '../realtime/realtime-client';
import { NotificationStore } from './notification-store';

const note = (id: string, read = false): Notification => ({
  id,
  kind: 'customer_created',
  title: 'New customer',
  message: `Customer ${id} was added.`,
  customerId: `c-${id}`,
  paymentId: null,
  actorId: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  read,
});

describe('NotificationStore', () => {
  let connected: Subject<void>;
  let live: Subject<Notification>;
  let backend: HttpTestingController;
  let store: NotificationStore;

  beforeEach(() => {
    connected = new Subject<void>();
    live = new Subject<Notification>();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: RealtimeClient,
          useValue: {
            connected$: connected,
            connected: () => false,
            on: (name: string) => (name === 'notification' ? live : new Subject()),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(NotificationStore);
  });

  afterEach(() => backend.verify());

  const answer = (url: RegExp, page: Partial<NotificationPage>) =>
    backend
      .expectOne((request) => url.test(request.urlWithParams))
      .flush({ items: [], nextCursor: null, unreadCount: 0, ...page } satisfies NotificationPage);

  it('catches up on what it missed while disconnected, each exactly once', async () => {
    connected.next();
    answer(/limit=20/, { items: [note('0002'), note('0001')], unreadCount: 2 });
    await Promise.resolve();
    live.next(note('0003'));
    expect(store.unreadCount()).toBe(3);

    // Offline: 0004 to 0006 went out while the socket was down; 0003 arrives again by REST.
    connected.next();
    answer(/after=0003/, {
      items: [note('0006'), note('0005'), note('0004')],
      unreadCount: 6,
    });
    await new Promise((resolve) => setTimeout(resolve));
    live.next(note('0006'));

    expect(store.latest().map((one) => one.id)).toEqual([
      '0006',
      '0005',
      '0004',
      '0003',
      '0002',
      '0001',
    ]);
    expect(store.unreadCount()).toBe(6);
  });

  it('marks all read up to the newest it shows', async () => {
    connected.next();
    answer(/limit=20/, { items: [note('0002'), note('0001')], unreadCount: 2 });
    await new Promise((resolve) => setTimeout(resolve));

    const marking = store.markAllRead();
    const request = backend.expectOne('/api/v1/notifications/read-all');
    expect(request.request.body).toEqual({ upTo: '0002' });
    request.flush({ unreadCount: 0 });
    await marking;

    expect(store.latest().every((one) => one.read)).toBe(true);
    expect(store.unreadCount()).toBe(0);
  });
});
