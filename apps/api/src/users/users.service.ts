import { Injectable, Logger } from '@nestjs/common';

import type {
  Assignee,
  CreateUserRequest,
  UpdateUserRequest,
  User,
} from '@collection-desk/contracts';

import { AuthService } from '../auth/auth.service.js';
import { toPublicUser } from './public-user.js';
import { UserRepository } from './user.repository.js';

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
    const passwordHash = await this.auth.hashAcceptable(input.password, 'password');
    const user = await this.users.create({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash,
    });
    this.logger.log(
      { event: 'user.created', userId: user.id, role: user.role, by: actorId },
      'User created',
    );
    return toPublicUser(user);
  }

  async update(id: string, changes: UpdateUserRequest, actorId: string): Promise<User> {
    const user = await this.users.update(id, changes);
    if (changes.active === false) await this.auth.endAllSessions(id, 'deactivated');
    this.logger.log({ event: 'user.updated', userId: id, changes, by: actorId }, 'User updated');
    return toPublicUser(user);
  }
}
