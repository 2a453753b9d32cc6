import type { Migration } from '../migrations.js';

/**
 * Every word the search index holds that has a character other than a digit (search-words.ts):
 * a search word that no other indexed word starts with is looked up as a whole word, which the
 * index reads lazily and stops early, instead of as a prefix, whose postings it gathers whole
 * first (half the time for two common words). Filled here from the index's own vocabulary, then
 * by every write of a search document. Words are never removed: one too many only keeps a
 * search word a prefix.
 */
export const migration015SearchWords: Migration = {
  version: 15,
  name: 'search-words',
  sql: `
    CREATE TABLE search_words (word TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

    CREATE VIRTUAL TABLE temp.customer_search_vocabulary USING fts5vocab(main, customer_search, 'row');
    INSERT INTO search_words SELECT term FROM temp.customer_search_vocabulary WHERE term GLOB '*[^0-9]*';
    DROP TABLE temp.customer_search_vocabulary;
  `,
};
