/**
 * How a customer search is read, shared by the API (both storage adapters) and the admin app
 * (which re-checks live updates against the filters on screen), so `q` means the same everywhere.
 */

/** Lower case, accents removed: "José ÁLVAREZ" → "jose alvarez". */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The words of a search query, folded; punctuation separates words. Letters, digits and
 * private-use characters make words, as in the SQLite search index's tokenizer.
 */
export function searchTerms(q: string): string[] {
  return foldForSearch(q)
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter((term) => term.length > 0);
}

/** Digit-only search terms match anywhere in the phone number. */
export function isDigitTerm(term: string): boolean {
  return /^\d+$/.test(term);
}

/**
 * Words as the server's search index compares them: its tokenizer also folds the final sigma,
 * which lower-casing leaves ("ΚΩΝΣ" lower-cases to "κωνς", a prefix of "κωνσταντινος" there).
 */
export const asIndexed = (word: string) => word.replaceAll('ς', 'σ');

/** A customer's fields a search reads. */
export interface Searchable {
  name: string;
  email: string;
  phone: string | null;
}

/**
 * Whether a customer matches `q`: every word must start a word of the name or the email, or,
 * when it is all digits, appear anywhere in the phone number. No words: everything matches.
 */
export function matchesSearch(customer: Searchable, q: string): boolean {
  return searchMatcher(q)(customer);
}

/** matchesSearch for one `q` and many customers: the query's words are read once. */
export function searchMatcher(q: string): (customer: Searchable) => boolean {
  const terms = searchTerms(q).map(asIndexed);
  return (customer) => {
    const words = searchTerms(`${customer.name} ${customer.email}`).map(asIndexed);
    const digits = (customer.phone ?? '').replace(/\D/g, '');
    return terms.every(
      (term) =>
        words.some((word) => word.startsWith(term)) || (isDigitTerm(term) && digits.includes(term)),
    );
  };
}
