import type { Customer, ImportSummary, Payment, PaymentMethod } from '@collection-desk/contracts';

const METHODS: Record<PaymentMethod, string> = {
  card: 'card',
  bank_transfer: 'bank transfer',
  cash: 'cash',
};

const formats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

/** Minor units in the currency ("€1,250.50"); formats are made once per currency (a scan writes thousands). */
export function money(minorUnits: number, currency: string): string {
  let known = formats.get(currency);
  if (!known) {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    known = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(currency, known);
  }
  return known.format.format(minorUnits / 10 ** known.digits);
}

const count = (value: number, noun: string) =>
  `${value.toLocaleString('en')} ${noun}${value === 1 ? '' : 's'}`;

/** What each kind of notification says, in one place. */
export const notificationText = {
  customerCreated: (customer: Customer) => ({
    title: 'New customer',
    message: `${customer.name} was added, owing ${money(customer.outstandingAmount, customer.currency)}.`,
  }),
  paymentReceived: (payment: Payment, customer: Customer) => ({
    title: 'Payment received',
    message: `${money(payment.amount, payment.currency)} from ${customer.name} by ${METHODS[payment.method]}; ${money(customer.outstandingAmount, customer.currency)} left to pay.`,
  }),
  paymentOverdue: (customer: Customer) => ({
    title: 'Payment overdue',
    message: `${customer.name} owes ${money(customer.outstandingAmount, customer.currency)}, due ${customer.dueDate}.`,
  }),
  importFinished: ({ fileName, result }: ImportSummary) => ({
    title: 'Import finished',
    message: `${fileName}: ${count(result?.created ?? 0, 'customer')} created, ${(result?.updated ?? 0).toLocaleString('en')} updated, ${(result?.skipped ?? 0).toLocaleString('en')} skipped${result?.failed ? `, ${result.failed.toLocaleString('en')} failed` : ''}.`,
  }),
  overdueDigest: (count: number) => `${count.toLocaleString('en')} accounts became overdue`,
};
