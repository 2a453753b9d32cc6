import type { Migration } from '../migrations.js';

export const migration002Accounts: Migration = {
  version: 2,
  name: 'accounts',
  sql: `
    CREATE TABLE users (
      seq              INTEGER PRIMARY KEY,
      id               TEXT NOT NULL UNIQUE,
      email            TEXT NOT NULL,
      email_normalized TEXT NOT NULL UNIQUE,
      name             TEXT NOT NULL,
      role             TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
      active           INTEGER NOT NULL CHECK (active IN (0, 1)),
      password_hash    TEXT NOT NULL,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL
    ) STRICT;

    CREATE TABLE session_families (
      id             TEXT PRIMARY KEY,
      user_id        TEXT NOT NULL REFERENCES users (id),
      created_at     TEXT NOT NULL,
      expires_at     TEXT NOT NULL,
      revoked_at     TEXT,
      revoked_reason TEXT
    ) STRICT;
    CREATE INDEX session_families_user ON session_families (user_id) WHERE revoked_at IS NULL;

    CREATE TABLE refresh_tokens (
      token_hash TEXT PRIMARY KEY,
      family_id  TEXT NOT NULL REFERENCES session_families (id),
      issued_at  TEXT NOT NULL,
      used_at    TEXT
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
  `,
};
