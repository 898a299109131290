/** Money is stored in integer minor units; people read major units (yuan, dollars). */

const digitsCache = new Map<string, number>();

/** Decimal places of a currency: 2 for CNY and USD, 0 for JPY. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** 123456 fen → 1234.56 yuan, rounded to the currency's precision. */
export function minorToMajor(minor: number, currency: string): number {
  const scale = 10 ** currencyDigits(currency);
  return Math.round(minor) / scale;
}
