import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { User } from '@collection-desk/contracts';

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
import { definedOnly } from '../../common/objects/defined-only.js';
import { isConflict, isNotFound } from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';

/** Id of the marker whose creation decides, atomically, which sign-up is the first one. */
const FIRST_USER_MARKER = '~first-user';

interface UserDocument extends UserRecord {
  emailNormalized: string;
}

/**
 * Users in Elasticsearch; emails are reserved like customers' (see that adapter). The last-admin
 * rule is checked before the write, so two admins demoting each other at the same instant could
 * both pass: a window SQLite's transaction does not have.
 */
@Injectable()
export class ElasticsearchUserRepository extends UserRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async create(input: NewUser, options: { adminIfFirst?: boolean } = {}): Promise<UserRecord> {
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.reserve(normalizeEmail(input.email), id, () => new EmailAlreadyRegisteredError());
    const isFirst = options.adminIfFirst === true && (await this.claimFirst(id));
    const user: UserRecord = {
      id,
      email: input.email,
      name: input.name,
      role: isFirst ? 'admin' : input.role,
      active: true,
      passwordHash: input.passwordHash,
      createdAt: now,
      updatedAt: now,
    };
    await this.save(user);
    return user;
  }

  async findById(id: string): Promise<UserRecord | null> {
    try {
      const response = await this.elasticsearch.get<UserDocument>({
        index: this.indices.alias('users'),
        id,
      });
      return response._source ? toRecord(response._source) : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const response = await this.elasticsearch.search<UserDocument>({
      index: this.indices.alias('users'),
      query: { term: { emailNormalized: normalizeEmail(email) } },
      size: 1,
    });
    const source = response.hits.hits[0]?._source;
    return source ? toRecord(source) : null;
  }

  async list(): Promise<User[]> {
    const response = await this.elasticsearch.search<UserDocument>({
      index: this.indices.alias('users'),
      sort: [{ createdAt: { order: 'asc' } }, { id: { order: 'asc' } }],
      size: 10_000,
    });
    return response.hits.hits.flatMap((hit) =>
      hit._source ? [toPublicUser(toRecord(hit._source))] : [],
    );
  }

  async update(id: string, changes: UserChanges): Promise<UserRecord> {
    const current = await this.findById(id);
    if (!current) throw new UserNotFoundError(id);
    const next: UserRecord = {
      ...current,
      ...definedOnly(changes),
      updatedAt: new Date().toISOString(),
    };
    const stopsBeingActiveAdmin =
      current.role === 'admin' && current.active && (next.role !== 'admin' || !next.active);
    if (stopsBeingActiveAdmin && (await this.countActiveAdmins()) <= 1) throw new LastAdminError();
    await this.save(next);
    return next;
  }

  private async countActiveAdmins(): Promise<number> {
    const response = await this.elasticsearch.count({
      index: this.indices.alias('users'),
      query: { bool: { filter: [{ term: { role: 'admin' } }, { term: { active: true } }] } },
    });
    return response.count;
  }

  private async save(user: UserRecord): Promise<void> {
    await this.elasticsearch.index({
      index: this.indices.alias('users'),
      id: user.id,
      document: { ...user, emailNormalized: normalizeEmail(user.email) } satisfies UserDocument,
      refresh: 'wait_for',
    });
  }

  private async claimFirst(userId: string): Promise<boolean> {
    try {
      await this.reserve(FIRST_USER_MARKER, userId, () => new Error('taken'));
      return true;
    } catch {
      return false;
    }
  }

  private async reserve(key: string, userId: string, taken: () => Error): Promise<void> {
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('user-emails'),
        id: key,
        document: { userId },
        op_type: 'create',
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isConflict(error)) throw taken();
      throw error;
    }
  }
}

function toRecord({ emailNormalized: _emailNormalized, ...user }: UserDocument): UserRecord {
  return user;
}
