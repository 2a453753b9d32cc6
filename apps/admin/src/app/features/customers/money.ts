/** Digits after the decimal point in a currency (JPY 0, EUR 2, KWD 3). */
export function fractionDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** Minor units shown in the currency, with the browser's locale: 125050 EUR → "€1,250.50". */
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    minorUnits / 10 ** fractionDigits(currency),
  );
}
