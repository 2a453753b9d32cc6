/**
 * Search words the full-text index can look up whole.
 *
 * A search word is a prefix ("globex" finds "globexcorp"), and FTS5 answers a prefix beyond its
 * prefix indexes by gathering every posting of every word that starts with it before the first
 * match (5.3 ms for "globex logistics" at a million customers). A whole word it reads lazily and
 * stops early (2.9 ms). Both find the same customers when no other indexed word starts with
 * the search word: search_words (migration 015) holds every indexed word with a character other
 * than a digit, so one range lookup tells.
 *
 * Loaded from TypeScript source by the read-pool worker: erasable syntax only.
 */
import type { StatementSync } from 'node:sqlite';

import { asIndexed } from '@collection-desk/contracts';

/**
 * What every version of the index's tokenizer separates words at: ASCII other than letters and
 * digits. Elsewhere its Unicode tables and JavaScript's disagree (it keeps code points it does
 * not know inside words, and splits at some JavaScript counts as letters).
 */
const ASCII_SEPARATORS = /[^a-z0-9\u{80}-\u{10FFFF}]+/iu;
const HAS_NOT_A_DIGIT = /\D/;
const NOT_ASCII = /[^\0-\x7f]/;
const LAST_CHARACTER = '\u{10FFFF}';

/**
 * The words of a search document to keep in search_words, so that every word the index holds
 * starts one of them (a word kept too many only keeps a search word a prefix; one missing would
 * lose matches). Runs between ASCII separators, folded as the index folds them, and — as the
 * index may start a word after any character outside ASCII — the rest of a run after each such
 * character. Only those with a character other than a digit: digit-only search words stay
 * prefixes.
 */
export function searchWordsOf(document: string): string[] {
  const words = new Set<string>();
  for (const run of document.split(ASCII_SEPARATORS)) {
    if (!HAS_NOT_A_DIGIT.test(run)) continue;
    if (!NOT_ASCII.test(run)) {
      words.add(run);
      continue;
    }
    const characters = [...asIndexed(run)];
    characters.forEach((character, index) => {
      if (index === 0 || NOT_ASCII.test(characters[index - 1])) {
        const word = characters.slice(index).join('');
        if (HAS_NOT_A_DIGIT.test(word)) words.add(word);
      }
    });
  }
  return [...words];
}

/** Finds the first two kept words from a word on (its first parameter), before the second. */
export const WORDS_STARTING_WITH =
  'SELECT count(*) AS found, min(word) AS first FROM (SELECT word FROM search_words WHERE word >= ? AND word < ? LIMIT 2)';

/**
 * Whether `term` (a folded search word) is the only kept word that starts with it: then the
 * index finds the same customers looking it up whole. `wordsStartingWith` is the prepared
 * WORDS_STARTING_WITH, read in the same snapshot as the search itself.
 */
export function isSoleWord(wordsStartingWith: StatementSync, term: string): boolean {
  const word = asIndexed(term);
  if (!HAS_NOT_A_DIGIT.test(word)) return false;
  const { found, first } = wordsStartingWith.get(word, `${word}${LAST_CHARACTER}`) as {
    found: number;
    first: string | null;
  };
  return found === 1 && first === word;
}
