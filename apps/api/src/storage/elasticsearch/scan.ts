import type { estypes } from '@elastic/elasticsearch';
import { ElasticsearchService } from '@nestjs/elasticsearch';

export interface ScanRequest {
  index: string;
  query: estypes.QueryDslQueryContainer;
  /** Must end in a unique field (every list sort ends in `id`). */
  sort: estypes.SortCombinations[];
  batchSize: number;
}

/** How long the point in time stays open between two batches. */
const KEEP_ALIVE = '2m';

/**
 * Every hit of a query, a batch at a time, from one point in time (so documents changed while
 * the scan runs are seen as they were when it began) and with search_after (so it is not
 * bounded by the result window). The point in time is closed however the scan ends.
 */
export async function* scanAll<T>(
  elasticsearch: ElasticsearchService,
  request: ScanRequest,
): AsyncGenerator<T[]> {
  const pit = await elasticsearch.openPointInTime({ index: request.index, keep_alive: KEEP_ALIVE });
  let pitId = pit.id;
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await elasticsearch.search<T>({
        pit: { id: pitId, keep_alive: KEEP_ALIVE },
        query: request.query,
        sort: request.sort,
        size: request.batchSize,
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      });
      pitId = response.pit_id ?? pitId;
      const hits = response.hits.hits;
      const sources = hits.flatMap((hit) => (hit._source ? [hit._source] : []));
      if (sources.length > 0) yield sources;
      if (hits.length < request.batchSize) return;
      after = hits.at(-1)?.sort;
    }
  } finally {
    await elasticsearch.closePointInTime({ id: pitId }).catch(() => undefined);
  }
}
