/**
 * The matches of common search terms, kept in memory by a read-pool thread as bitsets by seq.
 *
 * A search alone reads its matches' seqs from the search index on every request. For terms that
 * thousands of customers share, that read is most of the request: FTS5 decodes every posting of
 * each term (two words of 50,000 and 66,666 customers: 2.6 ms of ~3.8 ms at a million). Their
 * bitsets give the same seqs in a fraction of a millisecond: an index of the common terms, the
 * way Lucene keeps the filters it is asked for often.
 *
 * A term is kept once a search with at least `keepFromMatches` matches uses it (every term of a
 * search matches at least as many customers as the search). Before each use it is brought up to
 * date from customer_changes: each customer written since is looked up in the search index again
 * (~13 µs). When too many were written, or the log no longer reaches back, it is read again.
 *
 * Every method runs inside the caller's read transaction, so terms, changes and the index are one
 * snapshot. Loaded from TypeScript source by the read-pool worker: erasable syntax only.
 */
import { CustomerChangeLog, type Prepare } from './customer-change-log.js';
import { seqsOf } from './customer-sort-positions.js';
import { SEARCH_MATCHES } from './sqlite-customer-queries.js';

/** Under this many matches the search index answers in well under 0.1 ms: nothing to keep. */
export const KEEP_TERMS_FROM_MATCHES = 1_000;
/** Terms kept at once, a bound (125 KB each at a million customers: 8 MB). */
const MOST_TERMS = 64;
/** Past this many changes, one read of a common term (~2–10 ms) costs less than the lookups. */
export const MOST_CHANGES_TO_LOOK_UP = 256;

/**
 * Whether the customer `seq` matches an FTS5 term. The seq is bound as a BigInt: node:sqlite
 * binds a number as a REAL, and FTS5 then drops the rowid constraint and answers every match.
 */
const TERM_MATCHES_SEQ =
  'SELECT 1 AS found FROM customer_search WHERE customer_search MATCH ? AND rowid = ?';

interface KeptTerm {
  matches: SeqSet;
  /** The newest change its matches have taken in. */
  upTo: number;
}

export class SearchTermMatches {
  /** Most recently used last. */
  private readonly kept = new Map<string, KeptTerm>();
  private readonly prepare: Prepare;
  private readonly changeLog: CustomerChangeLog;
  private readonly keepFromMatches: number;

  constructor(prepare: Prepare, keepFromMatches = KEEP_TERMS_FROM_MATCHES) {
    this.prepare = prepare;
    this.changeLog = new CustomerChangeLog(prepare);
    this.keepFromMatches = keepFromMatches;
  }

  /**
   * The seqs of the customers that match every term, in no particular order. Terms are FTS5
   * query terms as ftsTerms writes them: `"word"` or `"prefix"*`.
   */
  matching(terms: readonly string[]): number[] {
    if (terms.length === 0) return [];
    const kept = terms.map((term) => this.upToDate(term));
    if (kept.every((term) => term !== undefined))
      return seqsInAll(kept.map(({ matches }) => matches));
    const matches = seqsOf(this.prepare(SEARCH_MATCHES), [terms.join(' ')]);
    if (matches.length >= this.keepFromMatches) {
      for (const term of terms) if (!this.kept.has(term)) this.keep(term, this.read(term));
    }
    return matches;
  }

  private upToDate(term: string): KeptTerm | undefined {
    const kept = this.kept.get(term);
    if (!kept) return undefined;
    const { newest, followable } = this.changeLog.since(kept.upTo, MOST_CHANGES_TO_LOOK_UP);
    if (!followable) {
      const read = this.read(term);
      this.keep(term, read);
      return read;
    }
    if (newest !== kept.upTo) {
      const lookUp = this.prepare(TERM_MATCHES_SEQ);
      for (const seq of new Set(this.changeLog.seqsWrittenSince(kept.upTo))) {
        if (lookUp.get(term, BigInt(seq))) kept.matches.add(seq);
        else kept.matches.delete(seq);
      }
      kept.upTo = newest;
    }
    this.keep(term, kept);
    return kept;
  }

  private read(term: string): KeptTerm {
    const upTo = this.changeLog.newest();
    return { matches: new SeqSet(seqsOf(this.prepare(SEARCH_MATCHES), [term])), upTo };
  }

  private keep(term: string, kept: KeptTerm): void {
    this.kept.delete(term);
    const leastRecent = this.kept.keys().next();
    if (this.kept.size >= MOST_TERMS && !leastRecent.done) this.kept.delete(leastRecent.value);
    this.kept.set(term, kept);
  }
}

/** A set of seqs, one bit each. */
class SeqSet {
  words: Uint32Array;

  constructor(seqs: readonly number[]) {
    let last = 0;
    for (const seq of seqs) if (seq > last) last = seq;
    this.words = new Uint32Array((last >>> 5) + 1);
    for (const seq of seqs) this.add(seq);
  }

  add(seq: number): void {
    const index = seq >>> 5;
    if (index >= this.words.length) {
      const grown = new Uint32Array(Math.max(index + 1, Math.ceil(this.words.length * 1.25)));
      grown.set(this.words);
      this.words = grown;
    }
    this.words[index] |= 1 << (seq & 31);
  }

  delete(seq: number): void {
    const index = seq >>> 5;
    if (index < this.words.length) this.words[index] &= ~(1 << (seq & 31));
  }
}

/** The seqs every set holds, ascending. */
function seqsInAll(sets: readonly SeqSet[]): number[] {
  let length = Infinity;
  for (const { words } of sets) length = Math.min(length, words.length);
  const seqs: number[] = [];
  for (let index = 0; index < length; index += 1) {
    let word = sets[0].words[index];
    for (let other = 1; other < sets.length && word !== 0; other += 1) {
      word &= sets[other].words[index];
    }
    while (word !== 0) {
      const lowest = word & -word;
      seqs.push(index * 32 + 31 - Math.clz32(lowest));
      word ^= lowest;
    }
  }
  return seqs;
}
