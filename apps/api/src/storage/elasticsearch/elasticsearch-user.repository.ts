import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { User } from '@collection-desk/contracts';

import { Clock } from '../../common/time/clock.js';
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
import { Coordination, type CoordinationDocument, type Held } from './coordination.js';
import { EmailReservations, RESERVATION_GRACE_MS } from './email-reservations.js';
import {
  getDocument,
  isConflict,
  isUnknownOutcome,
  TranslatesElasticsearchErrors,
} from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';
import { scanAll } from './scan.js';

/** The marker whose creation decides, atomically, which sign-up is the first one. */
const FIRST_USER = 'first-user';
/** The one document every change of the active admins goes through (see UsersService). */
const ADMIN_ROSTER = 'admin-roster';

interface UserDocument extends UserRecord {
  emailNormalized: string;
}

interface Stored {
  user: UserRecord;
  seqNo: number;
  primaryTerm: number;
}

/**
 * Users in Elasticsearch. Emails are reserved like customers' (EmailReservations). Every write
 * of a user is conditional on the `_seq_no` it was read at, so a sign-in that rehashes a
 * password cannot undo a concurrent deactivation.
 *
 * The active admins are kept in one roster document changed with `if_seq_no`: two admins
 * demoting each other both read the same roster and only one write wins. The roster is written
 * so that a failure half-way leaves it listing fewer admins than there are (never more): before
 * the user on a demotion, after the user on a promotion. `activeAdmins` adds back, after a
 * real-time check, any active admin the roster missed that way.
 */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchUserRepository extends UserRepository {
  private readonly emails: EmailReservations;
  private readonly coordination: Coordination;

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
    private readonly clock: Clock,
  ) {
    super();
    this.emails = new EmailReservations(
      elasticsearch,
      indices.alias('user-emails'),
      'userId',
      async (userId) => (await this.read(userId))?.user.email ?? null,
      () => clock.now(),
    );
    this.coordination = new Coordination(elasticsearch, indices);
  }

  async insert(user: UserRecord): Promise<void> {
    await this.emails.reserve(user.email, user.id, () => new EmailAlreadyRegisteredError());
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('users'),
        id: user.id,
        document: toDocument(user),
        op_type: 'create',
        refresh: 'wait_for',
      });
    } catch (error) {
      if (!isUnknownOutcome(error)) {
        await this.emails.release(user.email, user.id);
        throw error;
      }
      if ((await this.read(user.id))?.user.version !== user.version) throw error;
    }
    if (isActiveAdmin(user)) await this.addToRoster(user.id);
  }

  /**
   * Only a 409 on the marker means "someone else was first": any other failure is thrown, so a
   * passing outage never makes the first user an agent. A marker whose user never got stored
   * (a crash, or a failed write just after claiming it) is taken over once it is old enough.
   */
  async insertFirst(user: UserRecord): Promise<boolean> {
    const marker: CoordinationDocument = {
      kind: FIRST_USER,
      userId: user.id,
      acquiredAt: this.clock.now().toISOString(),
    };
    if (!(await this.coordination.create(FIRST_USER, marker))) {
      const held = await this.coordination.read<CoordinationDocument>(FIRST_USER);
      if (!held || !(await this.isAbandonedMarker(held, user.id))) return false;
      if (!(await this.coordination.replace(FIRST_USER, marker, held))) return false;
    }
    try {
      await this.insert(user);
    } catch (error) {
      if (!isUnknownOutcome(error)) {
        const held = await this.coordination.read<CoordinationDocument>(FIRST_USER);
        if (held?.document.userId === user.id) await this.coordination.remove(FIRST_USER, held);
      }
      throw error;
    }
    return true;
  }

  async findById(id: string): Promise<UserRecord | null> {
    return (await this.read(id))?.user ?? null;
  }

  /** Through the email's reservation, read in real time: a sign-in right after sign-up works. */
  async findByEmail(email: string): Promise<UserRecord | null> {
    const ownerId = await this.emails.ownerOf(email);
    const user = ownerId ? await this.findById(ownerId) : null;
    return user && normalizeEmail(user.email) === normalizeEmail(email) ? user : null;
  }

  async list(): Promise<User[]> {
    const users: User[] = [];
    for await (const batch of scanAll<UserDocument>(this.elasticsearch, {
      index: this.indices.alias('users'),
      query: { match_all: {} },
      sort: [{ createdAt: { order: 'asc' } }, { id: { order: 'asc' } }],
      batchSize: 1000,
    })) {
      users.push(...batch.map((document) => toPublicUser(toRecord(document))));
    }
    return users;
  }

  async activeAdmins(): Promise<AdminRoster> {
    let held = await this.coordination.read<CoordinationDocument>(ADMIN_ROSTER);
    if (!held) {
      await this.coordination.create(ADMIN_ROSTER, {
        kind: ADMIN_ROSTER,
        adminIds: await this.searchActiveAdmins(),
      });
      held = await this.coordination.read<CoordinationDocument>(ADMIN_ROSTER);
      if (!held) throw new AdminRosterChangedError();
    }
    const listed = held.document.adminIds ?? [];
    const missed = await this.verifiedAdminsMissing(listed);
    if (missed.length > 0) {
      const adminIds = [...listed, ...missed].sort();
      if (
        !(await this.coordination.replace(ADMIN_ROSTER, { kind: ADMIN_ROSTER, adminIds }, held))
      ) {
        throw new AdminRosterChangedError();
      }
      return this.activeAdmins();
    }
    return { adminIds: [...listed].sort(), version: rosterVersion(held) };
  }

  async replace(next: UserRecord, expectedVersion: number, roster?: RosterChange): Promise<void> {
    const stored = await this.read(next.id);
    if (!stored) throw new UserNotFoundError(next.id);
    if (stored.user.version !== expectedVersion) throw new UserVersionConflictError(next.id);
    const demotion = roster !== undefined && isActiveAdmin(stored.user) && !isActiveAdmin(next);
    if (roster && demotion) await this.moveRoster(roster);
    await this.write(next, stored);
    if (roster && !demotion) await this.moveRoster(roster);
  }

  private async moveRoster(change: RosterChange): Promise<void> {
    const held = await this.coordination.read<CoordinationDocument>(ADMIN_ROSTER);
    if (!held || rosterVersion(held) !== change.expectedVersion)
      throw new AdminRosterChangedError();
    const moved = await this.coordination.replace(
      ADMIN_ROSTER,
      { kind: ADMIN_ROSTER, adminIds: [...change.adminIds].sort() },
      held,
    );
    if (!moved) throw new AdminRosterChangedError();
  }

  /** A new admin (the first user, or one created as admin) joins the roster. */
  private async addToRoster(userId: string): Promise<void> {
    for (;;) {
      const roster = await this.activeAdmins();
      if (roster.adminIds.includes(userId)) return;
      try {
        await this.moveRoster({
          expectedVersion: roster.version,
          adminIds: [...roster.adminIds, userId],
        });
        return;
      } catch (error) {
        if (!(error instanceof AdminRosterChangedError)) throw error;
      }
    }
  }

  private async write(next: UserRecord, stored: Stored): Promise<void> {
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('users'),
        id: next.id,
        document: toDocument(next),
        if_seq_no: stored.seqNo,
        if_primary_term: stored.primaryTerm,
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isConflict(error)) throw new UserVersionConflictError(next.id);
      if (!isUnknownOutcome(error)) throw error;
      const latest = await this.read(next.id);
      if (latest?.user.version !== next.version || latest.user.updatedAt !== next.updatedAt)
        throw error;
    }
  }

  private async isAbandonedMarker(
    held: Held<CoordinationDocument>,
    userId: string,
  ): Promise<boolean> {
    const owner = held.document.userId;
    if (owner === userId) return true;
    const age = this.clock.now().getTime() - Date.parse(held.document.acquiredAt ?? '1970-01-01');
    return age >= RESERVATION_GRACE_MS && owner !== undefined && (await this.read(owner)) === null;
  }

  private async searchActiveAdmins(): Promise<string[]> {
    await this.elasticsearch.indices.refresh({ index: this.indices.alias('users') });
    return (await this.activeAdminHits()).sort();
  }

  /** Active admins the search sees but the roster lacks, confirmed by a real-time read. */
  private async verifiedAdminsMissing(listed: string[]): Promise<string[]> {
    const missing = (await this.activeAdminHits()).filter((id) => !listed.includes(id));
    const confirmed: string[] = [];
    for (const id of missing) {
      const user = await this.findById(id);
      if (user && isActiveAdmin(user)) confirmed.push(id);
    }
    return confirmed;
  }

  private async activeAdminHits(): Promise<string[]> {
    const response = await this.elasticsearch.search<UserDocument>({
      index: this.indices.alias('users'),
      query: { bool: { filter: [{ term: { role: 'admin' } }, { term: { active: true } }] } },
      _source: ['id'],
      size: 1000,
    });
    return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source.id] : []));
  }

  private async read(id: string): Promise<Stored | null> {
    const response = await getDocument<UserDocument>(this.elasticsearch, {
      index: this.indices.alias('users'),
      id,
    });
    if (!response?._source) return null;
    return {
      user: toRecord(response._source),
      seqNo: response._seq_no ?? 0,
      primaryTerm: response._primary_term ?? 0,
    };
  }
}

function isActiveAdmin(user: Pick<UserRecord, 'role' | 'active'>): boolean {
  return user.role === 'admin' && user.active;
}

function rosterVersion(held: Held<unknown>): string {
  return `${held.primaryTerm}:${held.seqNo}`;
}

function toDocument(user: UserRecord): UserDocument {
  return { ...user, emailNormalized: normalizeEmail(user.email) };
}

function toRecord({ emailNormalized: _emailNormalized, ...user }: UserDocument): UserRecord {
  // Users of the first release have no version: they start at 1.
  return { ...user, version: user.version ?? 1 };
}
