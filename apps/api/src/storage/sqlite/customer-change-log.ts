/**
 * customer_changes (migration 014) as a read-pool thread follows it: every customer write records
 * the customer's seq in the write's transaction, so what a thread keeps in memory about customers
 * (positions in an order, the matches of common search terms) is brought up to date from the
 * seqs written since it last looked. The log is pruned and starts over with another database
 * file; a thread that finds it no longer reaches back reads what it keeps again.
 *
 * Loaded from TypeScript source by the read-pool worker: erasable syntax only.
 */
import type { StatementSync } from 'node:sqlite';

/** A prepared statement for `sql`, from the caller's cache. */
export type Prepare = (sql: string) => StatementSync;

/** What a look at the log found about the changes after one the caller has seen. */
export interface ChangesSince {
  /** The newest change in the log (0 when none): what the caller has seen once it takes them in. */
  newest: number;
  /** The log holds every change since, and no more than the caller would take in one by one. */
  followable: boolean;
}

export class CustomerChangeLog {
  private readonly prepare: Prepare;

  constructor(prepare: Prepare) {
    this.prepare = prepare;
  }

  /** The newest change in the log (0 when none). */
  newest(): number {
    return this.since(0, Infinity).newest;
  }

  /** Whether the changes after `seenUpTo` are all in the log and at most `most` of them. */
  since(seenUpTo: number, most: number): ChangesSince {
    const { newest, oldest } = this.prepare(
      'SELECT max(change_no) AS newest, min(change_no) AS oldest FROM customer_changes',
    ).get() as { newest: number | null; oldest: number | null };
    const upTo = newest ?? 0;
    const lostTrack =
      upTo < seenUpTo || // the log started over (another database file)
      (oldest !== null && oldest > seenUpTo + 1); // pruned past what was seen
    return { newest: upTo, followable: !lostTrack && upTo - seenUpTo <= most };
  }

  /** The seqs of the customers written after change `seenUpTo`, once per write. */
  seqsWrittenSince(seenUpTo: number): number[] {
    const changes = this.prepare('SELECT seq FROM customer_changes WHERE change_no > ?').all(
      seenUpTo,
    ) as { seq: number }[];
    return changes.map(({ seq }) => seq);
  }
}
