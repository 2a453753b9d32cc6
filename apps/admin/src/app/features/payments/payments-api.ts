import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import {
  type CreatePaymentRequest,
  IDEMPOTENCY_KEY_HEADER,
  type Page,
  type Payment,
  type UpdatePaymentRequest,
} from '@collection-desk/contracts';

const BASE = '/api/v1/payments';

@Injectable({ providedIn: 'root' })
export class PaymentsApi {
  private readonly http = inject(HttpClient);

  /** `idempotencyKey` is made once per payment the user means: a retry sends the same one. */
  create(input: CreatePaymentRequest, idempotencyKey: string): Observable<Payment> {
    return this.http.post<Payment>(BASE, input, {
      headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
    });
  }

  list(params: Record<string, string>): Observable<Page<Payment>> {
    return this.http.get<Page<Payment>>(BASE, { params: new HttpParams({ fromObject: params }) });
  }

  get(id: string): Observable<Payment> {
    return this.http.get<Payment>(`${BASE}/${id}`);
  }

  setStatus(id: string, status: UpdatePaymentRequest['status']): Observable<Payment> {
    return this.http.patch<Payment>(`${BASE}/${id}`, { status } satisfies UpdatePaymentRequest);
  }
}
