import { randomUUID } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';

import { Injectable } from '@nestjs/common';

import type { Role, User } from '@collection-desk/contracts';

import { normalizeEmail } from '../../customers/customer-search.js';
import { toPublicUser } from '../../users/public-user.js';
import {
  EmailAlreadyRegisteredError,
  LastAdminError,
  UserNotFoundError,
} from '../../users/user.errors.js';
import {
  type NewUser,
  type UserChanges,
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
}

const UNIQUE_EMAIL_VIOLATION = 'UNIQUE constraint failed: users.email_normalized';

@Injectable()
export class SqliteUserRepository extends UserRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  create(input: NewUser, options: { adminIfFirst?: boolean } = {}): Promise<UserRecord> {
    return Promise.try(() => {
      const now = new Date().toISOString();
      const id = randomUUID();
      try {
        this.database.transaction(() => {
          const isFirst =
            options.adminIfFirst === true &&
            this.database.get('SELECT 1 FROM users LIMIT 1') === undefined;
          this.database.run(
            `INSERT INTO users (id, email, email_normalized, name, role, active, password_hash, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
            id,
            input.email,
            normalizeEmail(input.email),
            input.name,
            isFirst ? 'admin' : input.role,
            input.passwordHash,
            now,
            now,
          );
        });
      } catch (error) {
        if (error instanceof Error && error.message.includes(UNIQUE_EMAIL_VIOLATION)) {
          throw new EmailAlreadyRegisteredError();
        }
        throw error;
      }
      return this.require(id);
    });
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

  update(id: string, changes: UserChanges): Promise<UserRecord> {
    return Promise.try(() =>
      this.database.transaction(() => {
        this.require(id);
        const columns: [string, SQLInputValue | undefined][] = [
          ['name', changes.name],
          ['role', changes.role],
          ['active', changes.active === undefined ? undefined : changes.active ? 1 : 0],
          ['password_hash', changes.passwordHash],
        ];
        const changed = columns.filter(([, value]) => value !== undefined);
        const assignments = changed.map(([column]) => `${column} = ?`);
        const values = changed.map(([, value]) => value as SQLInputValue);
        assignments.push('updated_at = ?');
        values.push(new Date().toISOString());
        this.database.run(`UPDATE users SET ${assignments.join(', ')} WHERE id = ?`, ...values, id);
        const activeAdmins = this.database.get<{ count: number }>(
          "SELECT count(*) AS count FROM users WHERE role = 'admin' AND active = 1",
        );
        if (activeAdmins?.count === 0) throw new LastAdminError();
        return this.require(id);
      }),
    );
  }

  private require(id: string): UserRecord {
    const row = this.database.get<UserRow>('SELECT * FROM users WHERE id = ?', id);
    if (!row) throw new UserNotFoundError(id);
    return toRecord(row);
  }
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
  };
}
