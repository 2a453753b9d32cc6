import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { DashboardSummary, ExportFormat } from '@collection-desk/contracts';

@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);

  summary(currency: string | null, assignee: string | null): Observable<DashboardSummary> {
    let params = new HttpParams();
    if (currency) params = params.set('currency', currency);
    if (assignee) params = params.set('assignee', assignee);
    return this.http.get<DashboardSummary>('/api/v1/dashboard', { params });
  }

  agingReport(currency: string, format: ExportFormat): Observable<Blob> {
    return this.http.get('/api/v1/reports/aging', {
      params: { currency, format },
      responseType: 'blob',
    });
  }
}
