import { foldForSearch, searchTerms } from '@collection-desk/contracts';

/**
 * Search keys shared by every storage adapter, so that `q` means the same everywhere.
 */

export { foldForSearch, isDigitTerm, searchMatcher, searchTerms } from '@collection-desk/contracts';

/** The key a customer's email is unique by. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The key names sort by: case and accents do not change the order. */
export function nameSortKey(name: string): string {
  return foldForSearch(name).trim();
}

/**
 * What a name must start with to rank as a name match for `q`: the query folded like a name's
 * sort key, so "Globex Logistics" ranks "Globex Logistics GmbH" first.
 */
export function namePrefixOf(q: string): string {
  return foldForSearch(q).trim();
}

/**
 * Every prefix of a name's sort key, one per character: Elasticsearch answers "the name starts
 * with" with one term lookup (no prefix query). Names are at most CUSTOMER_NAME_MAX_LENGTH long.
 */
export function nameKeyPrefixes(name: string): string[] {
  // By code point: a prefix never ends half-way through a surrogate pair.
  const characters = [...nameSortKey(name)];
  return characters.map((_, index) => characters.slice(0, index + 1).join(''));
}

/** Every suffix of a phone's digits: a prefix match on them finds any run of digits. */
export function phoneDigitSuffixes(phone: string | null): string[] {
  const digits = (phone ?? '').replace(/\D/g, '');
  return Array.from({ length: digits.length }, (_, start) => digits.slice(start));
}

/** Longest word prefix Elasticsearch indexes; longer search words match on their first 20 characters. */
export const MAX_INDEXED_PREFIX = 20;

/**
 * Every prefix (up to MAX_INDEXED_PREFIX characters) of every word of the name and the email,
 * so a word-start search is an exact term lookup: no prefix query, which clusters running with
 * `search.allow_expensive_queries=false` refuse.
 */
export function wordPrefixes(text: string): string[] {
  const prefixes = new Set<string>();
  for (const word of searchTerms(text)) {
    const capped = word.slice(0, MAX_INDEXED_PREFIX);
    for (let end = 1; end <= capped.length; end += 1) prefixes.add(capped.slice(0, end));
  }
  return [...prefixes];
}

/** Every run of consecutive digits of the phone number (at most 120 for 15 digits). */
export function phoneDigitRuns(phone: string | null): string[] {
  const digits = (phone ?? '').replace(/\D/g, '');
  const runs = new Set<string>();
  for (let start = 0; start < digits.length; start += 1) {
    for (let end = start + 1; end <= digits.length; end += 1) runs.add(digits.slice(start, end));
  }
  return [...runs];
}
