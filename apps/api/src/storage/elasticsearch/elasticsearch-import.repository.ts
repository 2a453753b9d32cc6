import type { estypes } from '@elastic/elasticsearch';
import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type {
  ImportRowFilter,
  ImportStatus,
  ImportSummary,
  Page,
} from '@collection-desk/contracts';

import { ImportRepository, type StoredImportRow } from '../../imports/import.repository.js';
import { getDocument, isConflict, TranslatesElasticsearchErrors } from './elasticsearch-errors.js';
import { IndexNames } from './index-names.js';
import { scanAll } from './scan.js';

interface ImportDocument {
  id: string;
  status: ImportStatus;
  createdAt: string;
  expiresAt: string;
  summary: ImportSummary;
}

interface ImportRowDocument {
  importId: string;
  row: number;
  valid: boolean;
  action: string | null;
  hasWarnings: boolean;
  document: StoredImportRow;
}

const ROW_FILTERS: Record<ImportRowFilter, estypes.QueryDslQueryContainer> = {
  valid: { term: { valid: true } },
  invalid: { term: { valid: false } },
  create: { term: { action: 'create' } },
  update: { term: { action: 'update' } },
  warning: { term: { hasWarnings: true } },
};

/**
 * Imports in Elasticsearch: a summary document per import and a document per row, whose id is
 * `<import>:<row>` so that writing a batch again replaces it instead of adding to it. Status
 * changes are compare-and-set with `if_seq_no`, so two commits cannot both begin.
 */
@TranslatesElasticsearchErrors()
@Injectable()
export class ElasticsearchImportRepository extends ImportRepository {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async insert(summary: ImportSummary): Promise<void> {
    await this.elasticsearch.index({
      index: this.indices.alias('imports'),
      id: summary.id,
      document: toDocument(summary),
      op_type: 'create',
      refresh: 'wait_for',
    });
  }

  async appendRows(importId: string, rows: readonly StoredImportRow[]): Promise<void> {
    if (rows.length === 0) return;
    const response = await this.elasticsearch.bulk({
      refresh: 'wait_for',
      operations: rows.flatMap((row) => [
        { index: { _index: this.indices.alias('import-rows'), _id: `${importId}:${row.row}` } },
        {
          importId,
          row: row.row,
          valid: row.errors.length === 0,
          action: row.action,
          hasWarnings: row.warnings.length > 0,
          document: row,
        } satisfies ImportRowDocument,
      ]),
    });
    if (response.errors) {
      const failed = response.items.find((item) => item.index?.error)?.index?.error;
      throw new Error(`Import rows were not all stored: ${failed?.type ?? 'unknown error'}`);
    }
  }

  async find(id: string): Promise<ImportSummary | null> {
    const found = await getDocument<ImportDocument>(this.elasticsearch, {
      index: this.indices.alias('imports'),
      id,
    });
    return found?._source?.summary ?? null;
  }

  async list(page: number, pageSize: number): Promise<Page<ImportSummary>> {
    const response = await this.elasticsearch.search<ImportDocument>({
      index: this.indices.alias('imports'),
      sort: [{ createdAt: 'desc' }, { id: 'desc' }],
      from: (page - 1) * pageSize,
      size: pageSize,
      track_total_hits: true,
    });
    return {
      items: response.hits.hits.flatMap((hit) => (hit._source ? [hit._source.summary] : [])),
      total: totalOf(response.hits.total),
      page,
      pageSize,
    };
  }

  async rows(
    importId: string,
    filter: ImportRowFilter | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<StoredImportRow>> {
    const response = await this.elasticsearch.search<ImportRowDocument>({
      index: this.indices.alias('import-rows'),
      query: this.rowQuery(importId, filter),
      sort: [{ row: 'asc' }],
      from: (page - 1) * pageSize,
      size: pageSize,
      track_total_hits: true,
    });
    return {
      items: response.hits.hits.flatMap((hit) => (hit._source ? [hit._source.document] : [])),
      total: totalOf(response.hits.total),
      page,
      pageSize,
    };
  }

  async *allRows(
    importId: string,
    filter: ImportRowFilter | undefined,
    batchSize: number,
  ): AsyncIterable<StoredImportRow[]> {
    for await (const batch of scanAll<ImportRowDocument>(this.elasticsearch, {
      index: this.indices.alias('import-rows'),
      query: this.rowQuery(importId, filter),
      sort: [{ row: 'asc' }],
      batchSize,
    })) {
      yield batch.map((row) => row.document);
    }
  }

  async transition(next: ImportSummary, from: readonly ImportStatus[]): Promise<boolean> {
    const current = await getDocument<ImportDocument>(this.elasticsearch, {
      index: this.indices.alias('imports'),
      id: next.id,
    });
    if (!current?._source || !from.includes(current._source.status)) return false;
    try {
      await this.elasticsearch.index({
        index: this.indices.alias('imports'),
        id: next.id,
        document: toDocument(next),
        if_seq_no: current._seq_no,
        if_primary_term: current._primary_term,
        refresh: 'wait_for',
      });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async staleCommits(startedBefore: string): Promise<ImportSummary[]> {
    const response = await this.elasticsearch.search<ImportDocument>({
      index: this.indices.alias('imports'),
      query: { term: { status: 'committing' } },
      size: 1000,
    });
    return response.hits.hits
      .flatMap((hit) => (hit._source ? [hit._source.summary] : []))
      .filter((summary) => (summary.committedAt ?? '') < startedBefore);
  }

  async expire(now: string): Promise<number> {
    const due = await this.elasticsearch.search<ImportDocument>({
      index: this.indices.alias('imports'),
      query: {
        bool: {
          filter: [{ term: { status: 'validated' } }, { range: { expiresAt: { lt: now } } }],
        },
      },
      size: 1000,
    });
    let expired = 0;
    for (const hit of due.hits.hits) {
      const summary = hit._source?.summary;
      if (!summary) continue;
      if (!(await this.transition({ ...summary, status: 'expired' }, ['validated']))) continue;
      await this.discardRows(summary.id);
      expired += 1;
    }
    return expired;
  }

  async discardRows(importId: string): Promise<void> {
    await this.elasticsearch.deleteByQuery({
      index: this.indices.alias('import-rows'),
      query: { term: { importId } },
      refresh: true,
      conflicts: 'proceed',
    });
  }

  async discardUnclaimedRows(idsBelow: string): Promise<number> {
    const rows = await this.elasticsearch.search({
      index: this.indices.alias('import-rows'),
      size: 0,
      query: { range: { importId: { lt: idsBelow } } },
      aggs: { imports: { terms: { field: 'importId', size: 1000 } } },
    });
    const buckets = (rows.aggregations?.['imports'] as estypes.AggregationsStringTermsAggregate)
      ?.buckets as estypes.AggregationsStringTermsBucket[] | undefined;
    const importIds = (buckets ?? []).map((bucket) => String(bucket.key));
    if (importIds.length === 0) return 0;
    const claimed = await this.elasticsearch.mget<ImportDocument>({
      index: this.indices.alias('imports'),
      ids: importIds,
      _source: false,
    });
    const found = new Set(
      claimed.docs.flatMap((doc) => ('found' in doc && doc.found ? [doc._id] : [])),
    );
    const unclaimed = importIds.filter((id) => !found.has(id));
    for (const id of unclaimed) await this.discardRows(id);
    return unclaimed.length;
  }

  private rowQuery(
    importId: string,
    filter: ImportRowFilter | undefined,
  ): estypes.QueryDslQueryContainer {
    return {
      bool: { filter: [{ term: { importId } }, ...(filter ? [ROW_FILTERS[filter]] : [])] },
    };
  }
}

function toDocument(summary: ImportSummary): ImportDocument {
  return {
    id: summary.id,
    status: summary.status,
    createdAt: summary.createdAt,
    expiresAt: summary.expiresAt,
    summary,
  };
}

function totalOf(total: number | estypes.SearchTotalHits | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}
