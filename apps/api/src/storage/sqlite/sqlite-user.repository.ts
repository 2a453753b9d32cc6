import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import type { Role, User } from '@collection-desk/contracts';

import { normalizeEmail } from '../../customers/customer-search.js';
import { toPublicUser } from '../../users/public-user.js';
import {
  AdminRosterChangedError,
  EmailAlreadyRegisteredError,
  UserNotFoundError,
  UserVersionConflictError,
} from '../../users/user.errors.js';
import {
  type AdminRoster,
  type RosterChange,
  type UserRecord,
  UserRepository,
} from '../../users/user.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: number;
  password_hash: string;
  created_at: string;
  updated_at: string;
  version: number;
}

const UNIQUE_EMAIL_VIOLATION = 'UNIQUE constraint failed: users.email_normalized';

@Injectable()
export class SqliteUserRepository extends UserRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  insert(user: UserRecord): Promise<void> {
    return Promise.try(() => this.insertNow(user));
  }

  insertFirst(user: UserRecord): Promise<boolean> {
    return Promise.try(() =>
      this.database.transaction(() => {
        if (this.database.get('SELECT 1 FROM users LIMIT 1') !== undefined) return false;
        this.insertNow(user);
        return true;
      }),
    );
  }

  findById(id: string): Promise<UserRecord | null> {
    return Promise.try(() => {
      const row = this.database.get<UserRow>('SELECT * FROM users WHERE id = ?', id);
      return row ? toRecord(row) : null;
    });
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return Promise.try(() => {
      const row = this.database.get<UserRow>(
        'SELECT * FROM users WHERE email_normalized = ?',
        normalizeEmail(email),
      );
      return row ? toRecord(row) : null;
    });
  }

  list(): Promise<User[]> {
    return Promise.try(() =>
      this.database
        .all<UserRow>('SELECT * FROM users ORDER BY created_at, seq')
        .map((row) => toPublicUser(toRecord(row))),
    );
  }

  activeAdmins(): Promise<AdminRoster> {
    return Promise.try(() => this.roster());
  }

  replace(next: UserRecord, expectedVersion: number, roster?: RosterChange): Promise<void> {
    return Promise.try(() =>
      this.database.transaction(() => {
        const current = this.database.get<{ version: number }>(
          'SELECT version FROM users WHERE id = ?',
          next.id,
        );
        if (!current) throw new UserNotFoundError(next.id);
        if (current.version !== expectedVersion) throw new UserVersionConflictError(next.id);
        if (roster && this.roster().version !== roster.expectedVersion) {
          throw new AdminRosterChangedError();
        }
        this.database.run(
          `UPDATE users SET email = ?, email_normalized = ?, name = ?, role = ?, active = ?,
             password_hash = ?, created_at = ?, updated_at = ?, version = ?
           WHERE id = ?`,
          ...rowValues(next).slice(1),
          next.id,
        );
      }),
    );
  }

  /** The roster's version is the sorted set itself: it changes exactly when the set does. */
  private roster(): AdminRoster {
    const adminIds = this.database
      .all<{ id: string }>("SELECT id FROM users WHERE role = 'admin' AND active = 1 ORDER BY id")
      .map((row) => row.id);
    return { adminIds, version: adminIds.join(',') };
  }

  private insertNow(user: UserRecord): void {
    try {
      this.database.run(
        `INSERT INTO users (id, email, email_normalized, name, role, active, password_hash,
           created_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...rowValues(user),
      );
    } catch (error) {
      if (error instanceof Error && error.message.includes(UNIQUE_EMAIL_VIOLATION)) {
        throw new EmailAlreadyRegisteredError();
      }
      throw error;
    }
  }
}

function rowValues(user: UserRecord): SQLInputValue[] {
  return [
    user.id,
    user.email,
    normalizeEmail(user.email),
    user.name,
    user.role,
    user.active ? 1 : 0,
    user.passwordHash,
    user.createdAt,
    user.updatedAt,
    user.version,
  ];
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
