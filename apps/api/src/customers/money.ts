/** Digits after the decimal point in a currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function fractionDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}
