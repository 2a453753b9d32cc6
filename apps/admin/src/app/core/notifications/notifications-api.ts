import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  MarkAllReadRequest,
  NotificationPage,
  OverdueRun,
  UnreadCount,
} from '@collection-desk/contracts';

const BASE = '/api/v1/notifications';

@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  list(query: Record<string, string>): Observable<NotificationPage> {
    return this.http.get<NotificationPage>(BASE, { params: new HttpParams({ fromObject: query }) });
  }

  markRead(id: string): Observable<UnreadCount> {
    return this.http.post<UnreadCount>(`${BASE}/${id}/read`, {});
  }

  markAllRead(upTo?: string): Observable<UnreadCount> {
    return this.http.post<UnreadCount>(
      `${BASE}/read-all`,
      (upTo ? { upTo } : {}) satisfies MarkAllReadRequest,
    );
  }

  overdueRuns(): Observable<OverdueRun[]> {
    return this.http.get<OverdueRun[]>('/api/v1/overdue/runs');
  }

  runOverdueScan(): Observable<OverdueRun> {
    return this.http.post<OverdueRun>('/api/v1/overdue/scan', {});
  }
}
