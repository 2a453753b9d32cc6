import { inject, Injectable } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { catchError, filter, firstValueFrom, map, merge, of, take, timeout } from 'rxjs';

import type { Customer, Payment } from '@collection-desk/contracts';

import { RealtimeClient } from '../../core/realtime/realtime-client';
import { formatMoney } from '../customers/money';
import { PaymentsApi } from './payments-api';
import { RecordPaymentDialog } from './record-payment-dialog';

/** How long this browser waits to tell the outcome of a payment it recorded. */
const OUTCOME_WAIT_MS = 5 * 60 * 1000;

/**
 * Opens the Record payment dialog from anywhere, and tells the user how it went: recorded now,
 * and, should the gateway refuse it, why. (A completion comes as a notification, to everyone.)
 */
@Injectable({ providedIn: 'root' })
export class PaymentRecorder {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly realtime = inject(RealtimeClient);
  private readonly api = inject(PaymentsApi);

  async record(customer: Customer): Promise<Payment | undefined> {
    const payment = await firstValueFrom(
      this.dialog
        .open<RecordPaymentDialog, Customer, Payment>(RecordPaymentDialog, {
          data: customer,
          width: '560px',
          maxWidth: '95vw',
        })
        .afterClosed(),
    );
    if (!payment) return undefined;
    const amount = formatMoney(payment.amount, payment.currency);
    this.snackBar.open(
      payment.method === 'bank_transfer'
        ? `${amount} from ${customer.name} recorded: pending until the transfer arrives`
        : `${amount} from ${customer.name} sent to the payment gateway`,
      undefined,
      { duration: 4000 },
    );
    if (payment.method !== 'bank_transfer') this.tellOutcome(payment, customer.name);
    return payment;
  }

  private tellOutcome(payment: Payment, customerName: string): void {
    const amount = formatMoney(payment.amount, payment.currency);
    // The gateway may have answered before this browser heard back: read it once as well.
    merge(
      this.realtime.on('payment.updated').pipe(map((event) => event.payment)),
      this.api.get(payment.id).pipe(catchError(() => of(payment))),
    )
      .pipe(
        filter((update) => update.id === payment.id && update.status !== 'pending'),
        take(1),
        timeout({ first: OUTCOME_WAIT_MS, with: () => [] }),
      )
      .subscribe((settled) => {
        // A completion reaches everyone as a "Payment received" notification; a refusal only
        // matters to whoever recorded it.
        if (settled.status !== 'failed') return;
        this.snackBar.open(
          `Payment of ${amount} from ${customerName} failed: ${settled.failureReason ?? 'declined'}`,
          'Dismiss',
          { duration: 10000 },
        );
      });
  }
}
