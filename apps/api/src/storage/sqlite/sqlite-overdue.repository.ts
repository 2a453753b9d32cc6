import { Injectable } from '@nestjs/common';

import type { OverdueRun, OverdueTrigger } from '@collection-desk/contracts';

import {
  JobLeaseRepository,
  type LeaseAnswer,
  OverdueRunRepository,
} from '../../overdue/overdue.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

@Injectable()
export class SqliteJobLeaseRepository extends JobLeaseRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  acquire(name: string, holder: string, now: string, expiresAt: string): Promise<LeaseAnswer> {
    return Promise.try(() =>
      this.database.transaction(() => {
        // One statement: taken when free, lapsed, or ours; otherwise the row stays as it is.
        this.database.run(
          `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= ?`,
          name,
          holder,
          expiresAt,
          now,
        );
        const current = this.database.get<{ holder: string; expires_at: string }>(
          'SELECT holder, expires_at FROM job_leases WHERE name = ?',
          name,
        )!;
        return current.holder === holder
          ? { acquired: true as const }
          : { acquired: false as const, holder: current.holder, expiresAt: current.expires_at };
      }),
    );
  }

  renew(name: string, holder: string, expiresAt: string): Promise<boolean> {
    return Promise.try(
      () =>
        this.database.run(
          'UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?',
          expiresAt,
          name,
          holder,
        ).changes > 0,
    );
  }

  release(name: string, holder: string): Promise<void> {
    return Promise.try(() => {
      this.database.run('DELETE FROM job_leases WHERE name = ? AND holder = ?', name, holder);
    });
  }
}

interface RunRow {
  id: string;
  trigger: OverdueTrigger;
  started_at: string;
  duration_ms: number;
  checked: number;
  marked_overdue: number;
  notified: number;
  error: string | null;
}

@Injectable()
export class SqliteOverdueRunRepository extends OverdueRunRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  insert(run: OverdueRun): Promise<void> {
    return Promise.try(() => {
      this.database.run(
        `INSERT INTO overdue_runs (id, trigger, started_at, duration_ms, checked, marked_overdue,
           notified, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        run.id,
        run.trigger,
        run.startedAt,
        run.durationMs,
        run.checked,
        run.markedOverdue,
        run.notified,
        run.error,
      );
    });
  }

  list(limit: number): Promise<OverdueRun[]> {
    return Promise.try(() =>
      this.database
        .all<RunRow>('SELECT * FROM overdue_runs ORDER BY started_at DESC, id LIMIT ?', limit)
        .map((row) => ({
          id: row.id,
          trigger: row.trigger,
          startedAt: row.started_at,
          durationMs: row.duration_ms,
          checked: row.checked,
          markedOverdue: row.marked_overdue,
          notified: row.notified,
          error: row.error,
        })),
    );
  }
}
