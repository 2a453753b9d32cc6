import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

import { Injectable } from '@nestjs/common';

const argon2Async = promisify(argon2);

/** OWASP password-storage minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane. */
export const ARGON2ID_PARAMETERS = { memory: 19_456, passes: 2, parallelism: 1 } as const;
const TAG_LENGTH = 32;
const SALT_LENGTH = 16;

interface StoredHash {
  memory: number;
  passes: number;
  parallelism: number;
  salt: Buffer;
  hash: Buffer;
}

/**
 * argon2id through Node's built-in `crypto.argon2`, stored in the PHC string format
 * (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) so the parameters travel with each hash
 * and can be raised later without invalidating existing passwords.
 */
@Injectable()
export class PasswordHasher {
  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const hash = await this.derive(password, { ...ARGON2ID_PARAMETERS, salt });
    const { memory, passes, parallelism } = ARGON2ID_PARAMETERS;
    return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    const candidate = await this.derive(password, parsed);
    return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
  }

  /** True when the hash was made with weaker parameters than today's. */
  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    return (
      !parsed ||
      parsed.memory < ARGON2ID_PARAMETERS.memory ||
      parsed.passes < ARGON2ID_PARAMETERS.passes
    );
  }

  private derive(
    password: string,
    { memory, passes, parallelism, salt }: Omit<StoredHash, 'hash'>,
  ): Promise<Buffer> {
    return argon2Async('argon2id', {
      message: Buffer.from(password, 'utf8'),
      nonce: salt,
      memory,
      passes,
      parallelism,
      tagLength: TAG_LENGTH,
    });
  }
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/;

function parse(stored: string): StoredHash | null {
  const match = PHC.exec(stored);
  if (!match) return null;
  const [, memory, passes, parallelism, salt, hash] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    memory: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
}
