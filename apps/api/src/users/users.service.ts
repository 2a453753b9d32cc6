import { Injectable, Logger } from '@nestjs/common';

import type {
  Assignee,
  CreateUserRequest,
  UpdateUserRequest,
  User,
} from '@collection-desk/contracts';

import { AuthService } from '../auth/auth.service.js';
import { toPublicUser } from './public-user.js';
import {
  AdminRosterChangedError,
  LastAdminError,
  UserNotFoundError,
  UserVersionConflictError,
} from './user.errors.js';
import { type RosterChange, type UserRecord, UserRepository } from './user.repository.js';

/** Two admins editing at the same instant: each retries on the other's fresh state. */
const CONCURRENT_EDIT_ATTEMPTS = 5;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly auth: AuthService,
  ) {}

  list(): Promise<User[]> {
    return this.users.list();
  }

  async assignable(): Promise<Assignee[]> {
    return (await this.users.list())
      .filter((user) => user.active && user.role !== 'viewer')
      .map(({ id, name, role }) => ({ id, name, role }))
      .sort((left, right) => left.name.localeCompare(right.name));
  }

  async create(input: CreateUserRequest, actorId: string): Promise<User> {
    const user = await this.auth.createAccount(input);
    this.logger.log(
      { event: 'user.created', userId: user.id, role: user.role, by: actorId },
      'User created',
    );
    return user;
  }

  /**
   * Changes a role or the active flag. At least one active admin must always remain: a change
   * that takes someone out of the active admins is decided against the roster it read, and
   * storage refuses it if that roster changed meanwhile (two admins demoting each other).
   */
  async update(id: string, changes: UpdateUserRequest, actorId: string): Promise<User> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const user = await this.updateOnce(id, changes);
        if (changes.active === false) await this.auth.endAllSessions(id, 'deactivated');
        this.logger.log(
          { event: 'user.updated', userId: id, changes, by: actorId },
          'User updated',
        );
        return user;
      } catch (error) {
        const raced =
          error instanceof UserVersionConflictError || error instanceof AdminRosterChangedError;
        if (!raced || attempt >= CONCURRENT_EDIT_ATTEMPTS) throw error;
      }
    }
  }

  private async updateOnce(id: string, changes: UpdateUserRequest): Promise<User> {
    const current = await this.users.findById(id);
    if (!current) throw new UserNotFoundError(id);
    const wanted: UserRecord = {
      ...current,
      role: changes.role ?? current.role,
      active: changes.active ?? current.active,
    };
    if (wanted.role === current.role && wanted.active === current.active) {
      return toPublicUser(current);
    }
    const next = this.auth.touched(wanted);
    await this.users.replace(next, current.version, await this.rosterChange(current, next));
    return toPublicUser(next);
  }

  /** The roster move a change implies, or undefined when it changes no one's admin rights. */
  private async rosterChange(
    current: UserRecord,
    next: UserRecord,
  ): Promise<RosterChange | undefined> {
    const wasAdmin = isActiveAdmin(current);
    const isAdmin = isActiveAdmin(next);
    if (wasAdmin === isAdmin) return undefined;
    const roster = await this.users.activeAdmins();
    const others = roster.adminIds.filter((adminId) => adminId !== current.id);
    const adminIds = isAdmin ? [...others, current.id].sort() : others;
    if (adminIds.length === 0) throw new LastAdminError();
    return { expectedVersion: roster.version, adminIds };
  }
}

function isActiveAdmin(user: Pick<UserRecord, 'role' | 'active'>): boolean {
  return user.role === 'admin' && user.active;
}
