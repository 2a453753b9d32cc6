import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import {
  type ConsumeResult,
  type RevocationReason,
  type SessionFamily,
  SessionRepository,
} from '../../auth/session.repository.js';
import { isConflict, isNotFound } from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';

interface TokenDocument {
  familyId: string;
  issuedAt: string;
  usedAt: string | null;
}

interface FamilyDocument extends SessionFamily {
  revokedReason: RevocationReason | null;
}

/** Sessions in Elasticsearch. A refresh token is consumed with if_seq_no: one of two racing uses loses. */
@Injectable()
export class ElasticsearchSessionRepository extends SessionRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async start(userId: string, expiresAt: string, tokenHash: string): Promise<SessionFamily> {
    const family: FamilyDocument = {
      id: randomUUID(),
      userId,
      createdAt: new Date().toISOString(),
      expiresAt,
      revokedAt: null,
      revokedReason: null,
    };
    await this.elasticsearch.index({
      index: this.indices.alias('sessions'),
      id: family.id,
      document: family,
      refresh: 'wait_for',
    });
    await this.append(family.id, tokenHash);
    return toFamily(family);
  }

  async consume(tokenHash: string): Promise<ConsumeResult> {
    const token = await this.getToken(tokenHash);
    if (!token) return { outcome: 'unknown' };
    const family = await this.findFamily(token.document.familyId);
    if (!family) return { outcome: 'unknown' };
    if (token.document.usedAt !== null) return { outcome: 'reused', family };
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('refresh-tokens'),
        id: tokenHash,
        document: { ...token.document, usedAt: new Date().toISOString() },
        if_seq_no: token.seqNo,
        if_primary_term: token.primaryTerm,
        refresh: 'wait_for',
      });
    } catch (error) {
      if (isConflict(error)) return { outcome: 'reused', family };
      throw error;
    }
    return { outcome: 'consumed', family };
  }

  async append(familyId: string, tokenHash: string): Promise<void> {
    await this.elasticsearch.index({
      index: this.indices.alias('refresh-tokens'),
      id: tokenHash,
      document: {
        familyId,
        issuedAt: new Date().toISOString(),
        usedAt: null,
      } satisfies TokenDocument,
      op_type: 'create',
      refresh: 'wait_for',
    });
  }

  async findFamily(familyId: string): Promise<SessionFamily | null> {
    try {
      const response = await this.elasticsearch.get<FamilyDocument>({
        index: this.indices.alias('sessions'),
        id: familyId,
      });
      return response._source ? toFamily(response._source) : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async findFamilyByToken(tokenHash: string): Promise<SessionFamily | null> {
    const token = await this.getToken(tokenHash);
    return token ? this.findFamily(token.document.familyId) : null;
  }

  async revoke(familyId: string, reason: RevocationReason): Promise<void> {
    const family = await this.findFamily(familyId);
    if (!family || family.revokedAt !== null) return;
    await this.markRevoked(familyId, reason);
  }

  async revokeAllOfUser(userId: string, reason: RevocationReason): Promise<string[]> {
    const response = await this.elasticsearch.search<FamilyDocument>({
      index: this.indices.alias('sessions'),
      query: {
        bool: { filter: [{ term: { userId } }], must_not: [{ exists: { field: 'revokedAt' } }] },
      },
      size: 10_000,
    });
    const ids = response.hits.hits.flatMap((hit) => (hit._source ? [hit._source.id] : []));
    for (const id of ids) await this.markRevoked(id, reason);
    return ids;
  }

  private async markRevoked(familyId: string, reason: RevocationReason): Promise<void> {
    await this.elasticsearch.update({
      index: this.indices.alias('sessions'),
      id: familyId,
      doc: { revokedAt: new Date().toISOString(), revokedReason: reason },
      refresh: 'wait_for',
    });
  }

  private async getToken(tokenHash: string) {
    try {
      const response = await this.elasticsearch.get<TokenDocument>({
        index: this.indices.alias('refresh-tokens'),
        id: tokenHash,
      });
      if (!response._source) return null;
      return {
        document: response._source,
        seqNo: response._seq_no ?? 0,
        primaryTerm: response._primary_term ?? 0,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
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
