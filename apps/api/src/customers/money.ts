/** Digits by currency code (at most every 3-letter code): a NumberFormat takes ~16 µs to build,
 * and imports and exports ask once per row. */
const digitsByCurrency = new Map<string, number>();

/** Digits after the decimal point in a currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function fractionDigits(currency: string): number {
  const known = digitsByCurrency.get(currency);
  if (known !== undefined) return known;
  // Throws a RangeError for a code that is not a currency: nothing is kept for it.
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  digitsByCurrency.set(currency, digits);
  return digits;
}
