import type { Migration } from '../migrations.js';

/**
 * Notifications are stored once for everyone; each user's read state is a mark ("read up to
 * this id", ids sort by time) plus the ones read one by one above it. The dedupe key makes the
 * overdue notification exactly-once per customer and due date. Leases let one instance at a
 * time run a job; runs record each overdue scan.
 */
export const migration008Notifications: Migration = {
  version: 8,
  name: 'notifications',
  sql: `
    CREATE TABLE notifications (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL,
      title       TEXT NOT NULL,
      message     TEXT NOT NULL,
      customer_id TEXT,
      payment_id  TEXT,
      actor_id    TEXT,
      assignee_id TEXT,
      dedupe_key  TEXT UNIQUE,
      created_at  TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX notifications_kind ON notifications (kind, id);
    CREATE INDEX notifications_assignee ON notifications (assignee_id, id) WHERE assignee_id IS NOT NULL;
    CREATE INDEX notifications_created ON notifications (created_at);

    CREATE TABLE notification_reads (
      user_id         TEXT NOT NULL,
      notification_id TEXT NOT NULL,
      PRIMARY KEY (user_id, notification_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE notification_marks (
      user_id    TEXT PRIMARY KEY,
      read_up_to TEXT NOT NULL
    ) STRICT;

    CREATE TABLE job_leases (
      name       TEXT PRIMARY KEY,
      holder     TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE overdue_runs (
      id             TEXT PRIMARY KEY,
      trigger        TEXT NOT NULL,
      started_at     TEXT NOT NULL,
      duration_ms    INTEGER NOT NULL,
      checked        INTEGER NOT NULL,
      marked_overdue INTEGER NOT NULL,
      notified       INTEGER NOT NULL,
      error          TEXT
    ) STRICT;
    CREATE INDEX overdue_runs_started ON overdue_runs (started_at);
  `,
};
