import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type {
  CreateCustomerRequest,
  Customer,
  CustomerPage,
  ExportFormat,
  LedgerEntry,
  Page,
  UpdateCustomerRequest,
} from '@collection-desk/contracts';

import type { CustomerFilters } from './customer-filters';
import { toQueryParams } from './customer-filters';

const BASE = '/api/v1/customers';

/** A customer with the ETag to send back when changing it. */
export interface Versioned {
  customer: Customer;
  etag: string;
}

@Injectable({ providedIn: 'root' })
export class CustomersApi {
  private readonly http = inject(HttpClient);

  list(filters: CustomerFilters): Observable<CustomerPage> {
    return this.http.get<CustomerPage>(BASE, {
      params: new HttpParams({ fromObject: toQueryParams(filters) }),
    });
  }

  get(id: string): Observable<Versioned> {
    return this.http.get<Customer>(`${BASE}/${id}`, { observe: 'response' }).pipe(map(versioned));
  }

  create(input: CreateCustomerRequest): Observable<Customer> {
    return this.http.post<Customer>(BASE, input);
  }

  update(id: string, etag: string, changes: UpdateCustomerRequest): Observable<Versioned> {
    return this.http
      .patch<Customer>(`${BASE}/${id}`, changes, {
        headers: { 'if-match': etag },
        observe: 'response',
      })
      .pipe(map(versioned));
  }

  archive(id: string): Observable<Customer> {
    return this.http.delete<Customer>(`${BASE}/${id}`);
  }

  restore(id: string): Observable<Customer> {
    return this.http.post<Customer>(`${BASE}/${id}/restore`, {});
  }

  ledger(id: string, page: number, pageSize: number): Observable<Page<LedgerEntry>> {
    return this.http.get<Page<LedgerEntry>>(`${BASE}/${id}/ledger`, {
      params: { page: String(page), pageSize: String(pageSize) },
    });
  }

  /** The export of the current filters, as a file (the API needs the bearer token, so no plain link). */
  export(filters: CustomerFilters, format: ExportFormat): Observable<Blob> {
    const { page: _page, pageSize: _pageSize, ...params } = toQueryParams(filters);
    return this.http.get(`${BASE}/export`, {
      params: new HttpParams({ fromObject: { ...params, format } }),
      responseType: 'blob',
    });
  }
}

function versioned(response: {
  body: Customer | null;
  headers: { get(name: string): string | null };
}): Versioned {
  if (!response.body) throw new Error('The server sent no customer');
  return {
    customer: response.body,
    etag: response.headers.get('etag') ?? `"v${response.body.version}"`,
  };
}

/** The versioned form of a customer received from elsewhere (a live event). */
export function versionedFrom(customer: Customer): Versioned {
  return { customer, etag: `"v${customer.version}"` };
}
