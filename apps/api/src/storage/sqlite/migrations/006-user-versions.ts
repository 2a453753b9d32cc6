import type { Migration } from '../migrations.js';

/** Users get a version, so that a write based on a stale read (a rehash at sign-in racing a deactivation) fails. */
export const migration006UserVersions: Migration = {
  version: 6,
  name: 'user-versions',
  sql: `
    ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
    CREATE INDEX users_active_admins ON users (id) WHERE role = 'admin' AND active = 1;
    CREATE INDEX session_families_expiry ON session_families (expires_at);
  `,
};
