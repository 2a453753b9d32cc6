import { HttpClient, type HttpEvent, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  CommitImportRequest,
  ImportDateFormat,
  ImportRowFilter,
  ImportRowPage,
  ImportSummary,
  Page,
} from '@collection-desk/contracts';

const BASE = '/api/v1/imports';

@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  template(): Observable<Blob> {
    return this.http.get(`${BASE}/template`, { responseType: 'blob' });
  }

  /** Upload events too, for the bytes-sent part of the progress bar. */
  upload(
    file: File,
    dateFormat: ImportDateFormat,
    uploadToken: string,
  ): Observable<HttpEvent<ImportSummary>> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<ImportSummary>(BASE, form, {
      params: { dateFormat, uploadToken },
      reportProgress: true,
      observe: 'events',
    });
  }

  rows(
    id: string,
    filter: ImportRowFilter | null,
    page: number,
    pageSize: number,
  ): Observable<ImportRowPage> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    if (filter) params = params.set('status', filter);
    return this.http.get<ImportRowPage>(`${BASE}/${id}/rows`, { params });
  }

  commit(id: string, request: CommitImportRequest): Observable<ImportSummary> {
    return this.http.post<ImportSummary>(`${BASE}/${id}/commit`, request);
  }

  errors(id: string): Observable<Blob> {
    return this.http.get(`${BASE}/${id}/errors`, { responseType: 'blob' });
  }

  history(page: number, pageSize: number): Observable<Page<ImportSummary>> {
    return this.http.get<Page<ImportSummary>>(BASE, { params: { page, pageSize } });
  }
}
