/**
 * The matches of common search terms, kept in memory by a read-pool thread.
 *
 * A search alone reads its matches' seqs from the search index on every request. For terms that
 * thousands of customers share, that read is most of the request: FTS5 decodes every posting of
 * each term, even when the terms have no match in common (two words of 50,000 and 66,666
 * customers: 2.6 ms of ~3.8 ms at a million). Kept, the same seqs take a fraction of a
 * millisecond: an index of the terms searched lately, the way Lucene keeps the filters it is
 * asked for often. Each term is read alone (a common one in 1–10 ms, a rare one in microseconds);
 * one with at least `keepFromMatches` matches is kept, as a bitset or, when rare, a sorted array.
 *
 * Before each use a kept term is brought up to date from customer_changes: each customer written
 * since is looked up in the search index again (30–50 µs at a million customers, for a whole word
 * or a prefix the index's prefix tables hold). When more were written than such lookups are worth
 * against a new read, or the log no longer reaches back, the term is read again. The least
 * recently used terms go first once the kept ones pass `mostKeptBytes`.
 *
 * Every method runs inside the caller's read transaction, so terms, changes and the index are one
 * snapshot. Loaded from TypeScript source by the read-pool worker: erasable syntax only.
 */
import {
  canFollow,
  type ChangeLogBounds,
  CustomerChangeLog,
  type Prepare,
} from './customer-change-log.js';
import { forEachSeqIn } from './customer-sort-positions.js';
import { SEARCH_MATCHES } from './sqlite-customer-queries.js';

/** Under this many matches a term's read costs under ~0.1 ms: not worth keeping. */
export const KEEP_TERMS_FROM_MATCHES = 1_000;
/** Bytes of kept terms per thread: 64 common terms at a million customers (125 KB each). */
export const MOST_KEPT_BYTES = 8 * 1024 * 1024;
/** What a kept term holds besides its seqs (measured: ~370 bytes). */
const BYTES_PER_TERM = 512;
/**
 * Lookups of single customers a term is worth before reading it again costs less: a lookup
 * (30–50 µs) costs about what reading 600 matches does (~0.08 µs each), and a few are always
 * cheaper.
 */
const MATCHES_READ_PER_LOOKUP = 600;
const FEWEST_LOOKUPS = 16;

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
  /** What it counts for against mostKeptBytes, as of when it was kept. */
  bytes: number;
}

export interface SearchTermMatchesOptions {
  keepFromMatches: number;
  mostKeptBytes: number;
}

export class SearchTermMatches {
  /** Most recently used last. */
  private readonly kept = new Map<string, KeptTerm>();
  private keptBytes = 0;
  private readonly prepare: Prepare;
  private readonly changeLog: CustomerChangeLog;
  private readonly options: SearchTermMatchesOptions;

  constructor(
    prepare: Prepare,
    options: SearchTermMatchesOptions = {
      keepFromMatches: KEEP_TERMS_FROM_MATCHES,
      mostKeptBytes: MOST_KEPT_BYTES,
    },
  ) {
    this.prepare = prepare;
    this.changeLog = new CustomerChangeLog(prepare);
    this.options = options;
  }

  /**
   * The seqs of the customers that match every term, ascending. Terms are FTS5 query terms as
   * ftsTerms writes them: `"word"` or `"prefix"*`.
   */
  matching(terms: readonly string[]): number[] {
    if (terms.length === 0) return [];
    const bounds = this.changeLog.bounds();
    return seqsInAll(terms.map((term) => this.matchesOf(term, bounds)));
  }

  private matchesOf(term: string, bounds: ChangeLogBounds): SeqSet {
    const kept = this.kept.get(term);
    if (kept && canFollow(bounds, kept.upTo, lookupsWorthMaking(term, kept.matches.size))) {
      if (bounds.newest !== kept.upTo) this.takeInChanges(term, kept, bounds.newest);
      this.keep(term, kept);
      return kept.matches;
    }
    const matches = seqSetOf(this.read(term));
    if (matches.size >= this.options.keepFromMatches) {
      this.keep(term, { matches, upTo: bounds.newest, bytes: 0 });
    } else {
      this.forget(term);
    }
    return matches;
  }

  /** The seqs of the customers that match `term`, ascending. */
  private read(term: string): number[] {
    const { seqs } = this.prepare(SEARCH_MATCHES).get(term) as { seqs: string | null };
    const matches: number[] = [];
    if (seqs !== null) forEachSeqIn(seqs, (seq) => matches.push(seq));
    return matches;
  }

  /** Looks up again each customer written since the term's matches were last brought up to date. */
  private takeInChanges(term: string, kept: KeptTerm, newest: number): void {
    const lookUp = this.prepare(TERM_MATCHES_SEQ);
    for (const seq of new Set(this.changeLog.seqsWrittenSince(kept.upTo))) {
      if (lookUp.get(term, BigInt(seq))) kept.matches.add(seq);
      else kept.matches.delete(seq);
    }
    kept.upTo = newest;
  }

  /** Keeps `term` as the most recently used; the least recently used go past the bound. */
  private keep(term: string, kept: KeptTerm): void {
    this.forget(term);
    kept.bytes = kept.matches.bytes + BYTES_PER_TERM;
    for (const [leastRecent] of this.kept) {
      if (this.keptBytes + kept.bytes <= this.options.mostKeptBytes) break;
      this.forget(leastRecent);
    }
    this.kept.set(term, kept);
    this.keptBytes += kept.bytes;
  }

  private forget(term: string): void {
    const kept = this.kept.get(term);
    if (!kept) return;
    this.kept.delete(term);
    this.keptBytes -= kept.bytes;
  }
}

/**
 * How many changed customers a term of `size` matches is worth looking up one by one. FTS5's
 * prefix tables (prefix = '2 3') answer a whole word or a prefix of two or three characters; a
 * longer prefix gathers every word that starts with it on each lookup (~1.3 ms), so it is read
 * again instead.
 */
function lookupsWorthMaking(term: string, size: number): number {
  const lookedUp = !term.endsWith('*') || /^"[a-z0-9]{2,3}"\*$/.test(term);
  return lookedUp ? Math.max(FEWEST_LOOKUPS, Math.floor(size / MATCHES_READ_PER_LOOKUP)) : 0;
}

/** A set of seqs. */
interface SeqSet {
  readonly size: number;
  /** The memory it holds. */
  readonly bytes: number;
  has(seq: number): boolean;
  add(seq: number): void;
  delete(seq: number): void;
  /** Each seq, ascending. */
  forEach(visit: (seq: number) => void): void;
}

/** The seqs every set holds, ascending. */
function seqsInAll(sets: SeqSet[]): number[] {
  const seqs: number[] = [];
  if (sets.every((set) => set instanceof SeqBits)) {
    // 32 seqs at a time: two common words in tens of microseconds.
    const words = sets.map((set) => set.words);
    const length = Math.min(...words.map(({ length }) => length));
    for (let index = 0; index < length; index += 1) {
      let word = words[0][index];
      for (let other = 1; other < words.length && word !== 0; other += 1) {
        word &= words[other][index];
      }
      for (; word !== 0; word &= word - 1) seqs.push(index * 32 + 31 - Math.clz32(word & -word));
    }
    return seqs;
  }
  const [fewest, ...others] = [...sets].sort((a, b) => a.size - b.size);
  fewest.forEach((seq) => {
    if (others.every((set) => set.has(seq))) seqs.push(seq);
  });
  return seqs;
}

/** A bitset where it is smaller (at least one seq in 32), else a sorted array. */
function seqSetOf(seqs: number[]): SeqSet {
  let last = 0;
  for (const seq of seqs) if (seq > last) last = seq;
  return seqs.length * 32 >= last ? new SeqBits(seqs, last) : new SortedSeqs(seqs);
}

/** One bit per seq. */
class SeqBits implements SeqSet {
  words: Uint32Array;
  size = 0;

  constructor(seqs: readonly number[], last: number) {
    this.words = new Uint32Array((last >>> 5) + 1);
    for (const seq of seqs) this.add(seq);
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  has(seq: number): boolean {
    const index = seq >>> 5;
    return index < this.words.length && (this.words[index] & (1 << (seq & 31))) !== 0;
  }

  add(seq: number): void {
    if (this.has(seq)) return;
    const index = seq >>> 5;
    if (index >= this.words.length) {
      const grown = new Uint32Array(Math.max(index + 1, Math.ceil(this.words.length * 1.25)));
      grown.set(this.words);
      this.words = grown;
    }
    this.words[index] |= 1 << (seq & 31);
    this.size += 1;
  }

  delete(seq: number): void {
    if (!this.has(seq)) return;
    this.words[seq >>> 5] &= ~(1 << (seq & 31));
    this.size -= 1;
  }

  forEach(visit: (seq: number) => void): void {
    for (let index = 0; index < this.words.length; index += 1) {
      for (let word = this.words[index]; word !== 0; word &= word - 1) {
        visit(index * 32 + 31 - Math.clz32(word & -word));
      }
    }
  }
}

/** Seqs in ascending order. */
class SortedSeqs implements SeqSet {
  private seqs: Int32Array;
  size: number;

  constructor(seqs: readonly number[]) {
    this.seqs = Int32Array.from(seqs).sort();
    this.size = this.seqs.length;
  }

  get bytes(): number {
    return this.seqs.byteLength;
  }

  has(seq: number): boolean {
    const at = this.placeOf(seq);
    return at < this.size && this.seqs[at] === seq;
  }

  add(seq: number): void {
    const at = this.placeOf(seq);
    if (at < this.size && this.seqs[at] === seq) return;
    if (this.size === this.seqs.length) {
      const grown = new Int32Array(Math.max(8, Math.ceil(this.seqs.length * 1.25)));
      grown.set(this.seqs);
      this.seqs = grown;
    }
    this.seqs.copyWithin(at + 1, at, this.size);
    this.seqs[at] = seq;
    this.size += 1;
  }

  delete(seq: number): void {
    const at = this.placeOf(seq);
    if (at >= this.size || this.seqs[at] !== seq) return;
    this.seqs.copyWithin(at, at + 1, this.size);
    this.size -= 1;
  }

  forEach(visit: (seq: number) => void): void {
    for (let index = 0; index < this.size; index += 1) visit(this.seqs[index]);
  }

  /** Where `seq` is or would go: the first place holding a seq at least as large. */
  private placeOf(seq: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.seqs[middle] < seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
