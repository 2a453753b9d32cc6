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

/** The changes the log holds now. */
export interface ChangeLogBounds {
  /** The newest change (0 when none): what a reader has seen once it takes them in. */
  newest: number;
  oldest: number | null;
}

export class CustomerChangeLog {
  private readonly prepare: Prepare;

  constructor(prepare: Prepare) {
    this.prepare = prepare;
  }

  bounds(): ChangeLogBounds {
    const { newest, oldest } = this.prepare(
      'SELECT max(change_no) AS newest, min(change_no) AS oldest FROM customer_changes',
    ).get() as { newest: number | null; oldest: number | null };
    return { newest: newest ?? 0, oldest };
  }

  /** The seqs of the customers written after change `seenUpTo`, once per write. */
  seqsWrittenSince(seenUpTo: number): number[] {
    const changes = this.prepare('SELECT seq FROM customer_changes WHERE change_no > ?').all(
      seenUpTo,
    ) as { seq: number }[];
    return changes.map(({ seq }) => seq);
  }
}

/** Whether the log holds every change after `seenUpTo`, and at most `most` of them. */
export function canFollow(bounds: ChangeLogBounds, seenUpTo: number, most: number): boolean {
  const { newest, oldest } = bounds;
  const lostTrack =
    newest < seenUpTo || // the log started over (another database file)
    (oldest !== null && oldest > seenUpTo + 1); // pruned past what was seen
  return !lostTrack && newest - seenUpTo <= most;
}
