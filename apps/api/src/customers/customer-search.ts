/**
 * Search normalisation shared by every storage adapter, so that `q` means the same everywhere.
 */

/** Lower case, accents removed: "José ÁLVAREZ" → "jose alvarez". */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a search query, folded; punctuation separates words. */
export function searchTerms(q: string): string[] {
  return foldForSearch(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0);
}

/** The key a customer's email is unique by. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The key names sort by: case and accents do not change the order. */
export function nameSortKey(name: string): string {
  return foldForSearch(name).trim();
}

/** Digit-only search terms match anywhere in the phone number. */
export function isDigitTerm(term: string): boolean {
  return /^\d+$/.test(term);
}

/** Every suffix of a phone's digits: a prefix match on them finds any run of digits. */
export function phoneDigitSuffixes(phone: string | null): string[] {
  const digits = (phone ?? '').replace(/\D/g, '');
  return Array.from({ length: digits.length }, (_, start) => digits.slice(start));
}
