import { Logger } from '@nestjs/common';

import { migration001Customers } from './migrations/001-customers.js';
import { migration002Accounts } from './migrations/002-accounts.js';
import { migration003CustomerAdjustments } from './migrations/003-customer-adjustments.js';
import { migration004CustomerListSpeed } from './migrations/004-customer-list-speed.js';
import { migration005Ledger } from './migrations/005-ledger.js';
import { migration006UserVersions } from './migrations/006-user-versions.js';
import { migration007Payments } from './migrations/007-payments.js';
import { migration008Notifications } from './migrations/008-notifications.js';
import { migration009Dashboard } from './migrations/009-dashboard.js';
import { migration010DashboardIndexes } from './migrations/010-dashboard-indexes.js';
import { migration011Imports } from './migrations/011-imports.js';
import { migration012DashboardSums } from './migrations/012-dashboard-sums.js';
import { migration013OverdueKeysByDueDate } from './migrations/013-overdue-keys-by-due-date.js';
import { migration014CustomerChanges } from './migrations/014-customer-changes.js';
import { migration015SearchWords } from './migrations/015-search-words.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Forward-only: append new migrations, never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration001Customers,
  migration002Accounts,
  migration003CustomerAdjustments,
  migration004CustomerListSpeed,
  migration005Ledger,
  migration006UserVersions,
  migration007Payments,
  migration008Notifications,
  migration009Dashboard,
  migration010DashboardIndexes,
  migration011Imports,
  migration012DashboardSums,
  migration013OverdueKeysByDueDate,
  migration014CustomerChanges,
  migration015SearchWords,
];

const logger = new Logger('SqliteMigrations');

/** Applies every migration newer than the database; returns how many it applied. */
export function runMigrations(database: SqliteDatabase, migrations = MIGRATIONS): number {
  database.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT;
  `);
  const applied =
    database.get<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    )?.version ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (applied > newest) {
    throw new Error(
      `The database at ${database.path} has schema version ${applied}, newer than this release knows (${newest}). Run a newer release.`,
    );
  }
  let count = 0;
  for (const migration of migrations) {
    if (migration.version <= applied) continue;
    count += 1;
    database.transaction(() => {
      database.exec(migration.sql);
      database.run(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    });
    logger.log({ version: migration.version, name: migration.name }, 'Migration applied');
  }
  return count;
}
