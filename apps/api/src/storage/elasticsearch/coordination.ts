import { ElasticsearchService } from '@nestjs/elasticsearch';

import { isConflict, isNotFound } from './elasticsearch-errors.js';
import type { IndexNames } from './index-names.js';

export interface CoordinationDocument {
  kind: string;
  userId?: string;
  adminIds?: string[];
  holder?: string;
  acquiredAt?: string;
  expiresAt?: string;
}

export interface Held<T> {
  document: T;
  seqNo: number;
  primaryTerm: number;
}

/**
 * Single documents that instances agree through (markers, rosters, leases): created with
 * `op_type: create` and changed with `if_seq_no`, so exactly one of two racing writers wins.
 */
export class Coordination {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {}

  async read<T extends CoordinationDocument>(id: string): Promise<Held<T> | null> {
    try {
      const response = await this.elasticsearch.get<T>({ index: this.index, id });
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

  /** True if created; false if it already existed (a 409). Anything else is thrown. */
  async create(id: string, document: CoordinationDocument): Promise<boolean> {
    try {
      await this.elasticsearch.index({ index: this.index, id, document, op_type: 'create' });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  /** True if replaced over `held`; false if someone else changed it first. */
  async replace(id: string, document: CoordinationDocument, held: Held<unknown>): Promise<boolean> {
    try {
      await this.elasticsearch.index({
        index: this.index,
        id,
        document,
        if_seq_no: held.seqNo,
        if_primary_term: held.primaryTerm,
      });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async remove(id: string, held: Held<unknown>): Promise<boolean> {
    try {
      await this.elasticsearch.delete({
        index: this.index,
        id,
        if_seq_no: held.seqNo,
        if_primary_term: held.primaryTerm,
      });
      return true;
    } catch (error) {
      if (isConflict(error) || isNotFound(error)) return false;
      throw error;
    }
  }

  /**
   * Runs a data migration once: not at all if its `marker` records it done, else `migrate` and
   * then the marker. One that fails or is cut short leaves no marker and runs again at the next
   * start (migrations write under deterministic ids, so a repeat adds nothing twice).
   */
  async once(marker: string, migrate: () => Promise<void>): Promise<void> {
    if (await this.read(marker)) return;
    await migrate();
    await this.elasticsearch.index({
      index: this.index,
      id: marker,
      document: { kind: marker, acquiredAt: new Date().toISOString() },
      refresh: 'wait_for',
    });
  }

  private get index(): string {
    return this.indices.alias('coordination');
  }
}
