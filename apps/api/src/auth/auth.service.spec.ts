import { EventEmitter2 } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import { describe, expect, it, vi } from 'vitest';

import { DomainEvents } from '../common/events/domain-events.js';
import { Clock } from '../common/time/clock.js';
import { AppConfig } from '../config/app-config.js';
import type { UserRecord, UserRepository } from '../users/user.repository.js';
import { AccessTokens } from './access-tokens.js';
import { InvalidCredentialsError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import type { SessionRepository } from './session.repository.js';

describe('AuthService.login', () => {
  const config = new AppConfig({
    jwtSecret: 'k'.repeat(40),
    registration: 'open',
    timeZone: 'UTC',
  } as AppConfig);

  function setUp(existing: UserRecord | null) {
    const hasher = new PasswordHasher();
    const users = { findByEmail: vi.fn().mockResolvedValue(existing) } as unknown as UserRepository;
    const service = new AuthService(
      users,
      {} as SessionRepository,
      hasher,
      new AccessTokens(new JwtService({ secret: config.jwtSecret })),
      new DomainEvents(new EventEmitter2()),
      new Clock(config),
      config,
    );
    const verify = vi.spyOn(hasher, 'verify');
    return { service, verify };
  }

  it('spends a full password verification on an unknown email, so timing does not reveal accounts', async () => {
    const { service, verify } = setUp(null);

    await expect(service.login('nobody@desk.test', 'whatever it is')).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]?.[1]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('gives the same error for a wrong password of a known account', async () => {
    const hasher = new PasswordHasher();
    const existing: UserRecord = {
      id: 'u-1',
      email: 'ada@desk.test',
      name: 'Ada',
      role: 'admin',
      active: true,
      createdAt: '',
      updatedAt: '',
      passwordHash: await hasher.hash('the real password'),
      version: 1,
    };
    const { service, verify } = setUp(existing);

    await expect(service.login('ada@desk.test', 'a wrong password')).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
