/**
 * Where each active customer stands in a sort order, kept in memory by a read-pool thread.
 *
 * A search sorted by a field needs its first matches in that order. SQLite finds them by reading
 * every match's row for its sort key (~2 µs a row here: 16,666 matches took 36 ms) or by walking
 * the sort order's index until enough match (tens of milliseconds when they sit in the middle).
 * With each customer's position in the order at hand, the first matches are picked from the
 * search index's answer alone, and only a page of rows is read.
 *
 * Positions are read once per order (0.15–0.5 s for a million customers) and stay right for every
 * customer not written since: those keep their order among themselves. The customers written
 * since (customer_changes, migration 014) are marked CHANGED and read as they are now. When too
 * many are marked, or the change log no longer reaches back to the positions, they are read again.
 *
 * Every method runs inside the caller's read transaction, so positions, changes and matches are
 * one snapshot. Loaded from TypeScript source by the read-pool worker: erasable syntax only.
 */
import { canFollow, CustomerChangeLog, type Prepare } from './customer-change-log.js';

/** A customer written since the positions were read (or created since: past the array's end). */
const CHANGED = -2;
/** A customer the order leaves out (archived), unchanged since. */
const ABSENT = -1;

const COMMA = 44;
const ZERO = 48;

/** Past this many changed customers in an order, reading its positions again is cheaper. */
export const MOST_CHANGED_PER_ORDER = 20_000;
/** Orders kept at once, a bound (the repository sorts by five fields; 4 MB each a million). */
const MOST_ORDERS = 5;

interface OrderPositions {
  /** By seq: the customer's place in the order, ABSENT or CHANGED. */
  positions: Int32Array;
  changed: number;
}

/** The first matches of a search in an order, and what the caller must still read. */
export interface FirstMatches {
  /** Seqs of the first `take` unchanged matches the order holds, best first. */
  first: number[];
  /** Seqs of the matches written since the positions were read: their order is unknown. */
  changed: number[];
  /** How many unchanged matches the order holds. */
  unchangedInOrder: number;
}

export class CustomerSortPositions {
  private readonly orders = new Map<string, OrderPositions>();
  /** The newest change the kept orders have taken in. */
  private seenUpTo = 0;
  private readonly prepare: Prepare;
  private readonly changeLog: CustomerChangeLog;

  constructor(prepare: Prepare) {
    this.prepare = prepare;
    this.changeLog = new CustomerChangeLog(prepare);
  }

  /**
   * The first `take` of `matches` (seqs) in the order of `ordering`, a statement that lists the
   * seq of every customer the order holds, first to last; from the end when `descending`.
   */
  firstMatches(
    ordering: string,
    matches: readonly number[],
    take: number,
    descending: boolean,
  ): FirstMatches {
    const { positions } = this.positionsIn(ordering);
    const best = new SmallestKeys(take);
    const changed: number[] = [];
    let unchangedInOrder = 0;
    for (const seq of matches) {
      const position = seq < positions.length ? positions[seq] : CHANGED;
      if (position === CHANGED) changed.push(seq);
      else if (position !== ABSENT) {
        unchangedInOrder += 1;
        best.offer(descending ? -position : position, seq);
      }
    }
    return { first: best.valuesInOrder(), changed, unchangedInOrder };
  }

  private positionsIn(ordering: string): OrderPositions {
    this.takeInChanges();
    const kept = this.orders.get(ordering);
    if (kept) {
      // Most recently used last: the first is the one to let go.
      this.orders.delete(ordering);
      this.orders.set(ordering, kept);
      return kept;
    }
    const leastRecent = this.orders.keys().next();
    if (this.orders.size >= MOST_ORDERS && !leastRecent.done) this.orders.delete(leastRecent.value);
    const read = this.read(ordering);
    this.orders.set(ordering, read);
    return read;
  }

  /** Marks the customers written since the last look as CHANGED in every kept order. */
  private takeInChanges(): void {
    const bounds = this.changeLog.bounds();
    const { newest } = bounds;
    if (!canFollow(bounds, this.seenUpTo, MOST_CHANGED_PER_ORDER) || this.orders.size === 0) {
      this.orders.clear();
      this.seenUpTo = newest;
      return;
    }
    if (newest === this.seenUpTo) return;
    const changes = this.changeLog.seqsWrittenSince(this.seenUpTo);
    this.seenUpTo = newest;
    for (const [ordering, order] of this.orders) {
      for (const seq of changes) {
        // A customer created since is CHANGED without a mark (past the array's end); each of
        // its changes counts, so that a stream of new customers also leads to a new read.
        if (seq >= order.positions.length) order.changed += 1;
        else if (order.positions[seq] !== CHANGED) {
          order.positions[seq] = CHANGED;
          order.changed += 1;
        }
      }
      if (order.changed > MOST_CHANGED_PER_ORDER) this.orders.delete(ordering);
    }
  }

  /** Every customer's place in the order, as of this snapshot (seenUpTo is its newest change). */
  private read(ordering: string): OrderPositions {
    const { last } = this.prepare('SELECT max(seq) AS last FROM customers').get() as {
      last: number | null;
    };
    const positions = new Int32Array((last ?? 0) + 1).fill(ABSENT);
    // One comma-separated string (see forEachSeqIn). The LIMIT keeps the statement's ORDER BY
    // binding inside the aggregate (an ORDER BY in group_concat itself sorts apart from the
    // index: 5 s for a million).
    const { seqs } = this.prepare(
      `SELECT group_concat(seq) AS seqs FROM (${ordering} LIMIT -1)`,
    ).get() as { seqs: string | null };
    if (seqs === null) return { positions, changed: 0 };
    let place = 0;
    forEachSeqIn(seqs, (seq) => {
      positions[seq] = place;
      place += 1;
    });
    return { positions, changed: 0 };
  }
}

/**
 * Each seq in a comma-separated list (group_concat), in order, parsed in place: a million seqs
 * as rows or as a JSON array leave tens of megabytes of heap behind, and take longer to read.
 */
export function forEachSeqIn(list: string, visit: (seq: number) => void): void {
  let seq = 0;
  for (let index = 0; index < list.length; index += 1) {
    const code = list.charCodeAt(index);
    if (code !== COMMA) seq = seq * 10 + (code - ZERO);
    else {
      visit(seq);
      seq = 0;
    }
  }
  if (list.length > 0) visit(seq);
}

/** The `size` values with the smallest keys among those offered: a max-heap on the key. */
class SmallestKeys {
  private readonly keys: Float64Array;
  private readonly values: Float64Array;
  private count = 0;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
    this.keys = new Float64Array(size);
    this.values = new Float64Array(size);
  }

  offer(key: number, value: number): void {
    if (this.count < this.size) {
      this.keys[this.count] = key;
      this.values[this.count] = value;
      this.count += 1;
      this.siftUp(this.count - 1);
    } else if (this.size > 0 && key < this.keys[0]) {
      this.keys[0] = key;
      this.values[0] = value;
      this.siftDown(0);
    }
  }

  valuesInOrder(): number[] {
    return Array.from(this.keys.subarray(0, this.count).keys())
      .sort((a, b) => this.keys[a] - this.keys[b])
      .map((index) => this.values[index]);
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.keys[parent] >= this.keys[index]) return;
      this.swap(parent, index);
      index = parent;
    }
  }

  private siftDown(index: number): void {
    for (;;) {
      const left = 2 * index + 1;
      let largest = index;
      if (left < this.count && this.keys[left] > this.keys[largest]) largest = left;
      if (left + 1 < this.count && this.keys[left + 1] > this.keys[largest]) largest = left + 1;
      if (largest === index) return;
      this.swap(largest, index);
      index = largest;
    }
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.values[a], this.values[b]] = [this.values[b], this.values[a]];
  }
}
