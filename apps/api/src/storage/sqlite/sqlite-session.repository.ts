import { Injectable } from '@nestjs/common';

import {
  type ConsumeResult,
  type RevocationReason,
  type SessionFamily,
  SessionRepository,
} from '../../auth/session.repository.js';
import { SqliteDatabase } from './sqlite-database.js';

interface FamilyRow {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

@Injectable()
export class SqliteSessionRepository extends SessionRepository {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  start(family: SessionFamily, tokenHash: string): Promise<void> {
    return Promise.try(() =>
      this.database.transaction(() => {
        this.database.run(
          'INSERT INTO session_families (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
          family.id,
          family.userId,
          family.createdAt,
          family.expiresAt,
        );
        this.insertToken(family.id, tokenHash, family.createdAt);
      }),
    );
  }

  consume(tokenHash: string, usedAt: string): Promise<ConsumeResult> {
    return Promise.try(() =>
      this.database.transaction((): ConsumeResult => {
        const token = this.database.get<{ family_id: string; used_at: string | null }>(
          'SELECT family_id, used_at FROM refresh_tokens WHERE token_hash = ?',
          tokenHash,
        );
        if (!token) return { outcome: 'unknown' };
        const family = this.family(token.family_id);
        if (!family) return { outcome: 'unknown' };
        if (token.used_at !== null) return { outcome: 'reused', family };
        this.database.run(
          'UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?',
          usedAt,
          tokenHash,
        );
        return { outcome: 'consumed', family };
      }),
    );
  }

  append(familyId: string, tokenHash: string, issuedAt: string): Promise<void> {
    return Promise.try(() => this.insertToken(familyId, tokenHash, issuedAt));
  }

  findFamily(familyId: string): Promise<SessionFamily | null> {
    return Promise.try(() => this.family(familyId));
  }

  findFamilyByToken(tokenHash: string): Promise<SessionFamily | null> {
    return Promise.try(() => {
      const token = this.database.get<{ family_id: string }>(
        'SELECT family_id FROM refresh_tokens WHERE token_hash = ?',
        tokenHash,
      );
      return token ? this.family(token.family_id) : null;
    });
  }

  revoke(familyId: string, reason: RevocationReason, at: string): Promise<void> {
    return Promise.try(() => {
      this.database.run(
        'UPDATE session_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
        at,
        reason,
        familyId,
      );
    });
  }

  revokeAllOfUser(userId: string, reason: RevocationReason, at: string): Promise<void> {
    return Promise.try(() => {
      this.database.run(
        'UPDATE session_families SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL',
        at,
        reason,
        userId,
      );
    });
  }

  deleteExpired(before: string): Promise<number> {
    return Promise.try(() =>
      this.database.transaction(() => {
        const expired = 'SELECT id FROM session_families WHERE expires_at < ?';
        this.database.run(`DELETE FROM refresh_tokens WHERE family_id IN (${expired})`, before);
        return Number(
          this.database.run('DELETE FROM session_families WHERE expires_at < ?', before).changes,
        );
      }),
    );
  }

  private insertToken(familyId: string, tokenHash: string, issuedAt: string): void {
    this.database.run(
      'INSERT INTO refresh_tokens (token_hash, family_id, issued_at) VALUES (?, ?, ?)',
      tokenHash,
      familyId,
      issuedAt,
    );
  }

  private family(id: string): SessionFamily | null {
    const row = this.database.get<FamilyRow>('SELECT * FROM session_families WHERE id = ?', id);
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          revokedAt: row.revoked_at,
        }
      : null;
  }
}
