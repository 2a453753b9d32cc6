import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import {
  type ConsumeResult,
  type RevocationReason,
  type SessionFamily,
  SessionRepository,
} from '../../auth/session.repository.js';
import {
  getDocument,
  isConflict,
  isNotFound,
  TranslatesElasticsearchErrors,
} from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';

interface TokenDocument {
  familyId: string;
  issuedAt: string;
  usedAt: string | null;
  expiresAt?: string;
}

interface FamilyDocument extends SessionFamily {
  revokedReason: RevocationReason | null;
}

/** Marks a family revoked unless it already is: the first reason is the one kept. */
const REVOKE_SCRIPT = {
  lang: 'painless',
  source:
    "if (ctx._source.revokedAt == null) { ctx._source.revokedAt = params.at; ctx._source.revokedReason = params.reason } else { ctx.op = 'noop' }",
};

/**
 * Sessions in Elasticsearch. Refresh tokens are only ever read by id (real-time), so their
 * writes wait for no refresh; families are also found by search (revoking all of a user's), so
 * a new family waits for the refresh that makes it searchable. A refresh token is consumed with
 * `if_seq_no`: of two racing uses, one loses and is treated as reuse.
 */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchSessionRepository extends SessionRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async start(family: SessionFamily, tokenHash: string): Promise<void> {
    await this.elasticsearch.index({
      index: this.indices.alias('sessions'),
      id: family.id,
      document: { ...family, revokedReason: null } satisfies FamilyDocument,
      op_type: 'create',
      refresh: 'wait_for',
    });
    await this.insertToken(family, tokenHash, family.createdAt);
  }

  async consume(tokenHash: string, usedAt: string): Promise<ConsumeResult> {
    const token = await this.getToken(tokenHash);
    if (!token) return { outcome: 'unknown' };
    const family = await this.findFamily(token.document.familyId);
    if (!family) return { outcome: 'unknown' };
    if (token.document.usedAt !== null) return { outcome: 'reused', family };
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('refresh-tokens'),
        id: tokenHash,
        document: { ...token.document, usedAt },
        if_seq_no: token.seqNo,
        if_primary_term: token.primaryTerm,
      });
    } catch (error) {
      if (isConflict(error)) return { outcome: 'reused', family };
      throw error;
    }
    return { outcome: 'consumed', family };
  }

  async append(familyId: string, tokenHash: string, issuedAt: string): Promise<void> {
    const family = await this.findFamily(familyId);
    if (!family) throw new Error(`Session ${familyId} is gone`);
    await this.insertToken(family, tokenHash, issuedAt);
  }

  async findFamily(familyId: string): Promise<SessionFamily | null> {
    const response = await getDocument<FamilyDocument>(this.elasticsearch, {
      index: this.indices.alias('sessions'),
      id: familyId,
    });
    return response?._source ? toFamily(response._source) : null;
  }

  async findFamilyByToken(tokenHash: string): Promise<SessionFamily | null> {
    const token = await this.getToken(tokenHash);
    return token ? this.findFamily(token.document.familyId) : null;
  }

  async revoke(familyId: string, reason: RevocationReason, at: string): Promise<void> {
    try {
      await this.elasticsearch.update({
        index: this.indices.alias('sessions'),
        id: familyId,
        script: { ...REVOKE_SCRIPT, params: { at, reason } },
        retry_on_conflict: 3,
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** One update_by_query, however many sessions the user has. */
  async revokeAllOfUser(userId: string, reason: RevocationReason, at: string): Promise<void> {
    await this.elasticsearch.updateByQuery({
      index: this.indices.alias('sessions'),
      query: {
        bool: { filter: [{ term: { userId } }], must_not: [{ exists: { field: 'revokedAt' } }] },
      },
      script: { ...REVOKE_SCRIPT, params: { at, reason } },
      conflicts: 'proceed',
      refresh: true,
      wait_for_completion: true,
    });
  }

  async deleteExpired(before: string): Promise<number> {
    const families = await this.elasticsearch.deleteByQuery({
      index: this.indices.alias('sessions'),
      query: { range: { expiresAt: { lt: before } } },
      conflicts: 'proceed',
      wait_for_completion: true,
    });
    await this.elasticsearch.deleteByQuery({
      index: this.indices.alias('refresh-tokens'),
      query: { range: { expiresAt: { lt: before } } },
      conflicts: 'proceed',
      wait_for_completion: true,
    });
    return families.deleted ?? 0;
  }

  private async insertToken(
    family: SessionFamily,
    tokenHash: string,
    issuedAt: string,
  ): Promise<void> {
    await this.elasticsearch.index({
      index: this.indices.alias('refresh-tokens'),
      id: tokenHash,
      document: {
        familyId: family.id,
        issuedAt,
        usedAt: null,
        expiresAt: family.expiresAt,
      } satisfies TokenDocument,
      op_type: 'create',
    });
  }

  private async getToken(tokenHash: string) {
    const response = await getDocument<TokenDocument>(this.elasticsearch, {
      index: this.indices.alias('refresh-tokens'),
      id: tokenHash,
    });
    if (!response?._source) return null;
    return {
      document: response._source,
      seqNo: response._seq_no ?? 0,
      primaryTerm: response._primary_term ?? 0,
    };
  }
}

function toFamily(document: FamilyDocument): SessionFamily {
  return {
    id: document.id,
    userId: document.userId,
    createdAt: document.createdAt,
    expiresAt: document.expiresAt,
    revokedAt: document.revokedAt ?? null,
  };
}
