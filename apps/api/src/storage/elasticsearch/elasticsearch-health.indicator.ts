import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { StorageHealth } from '@collection-desk/contracts';

import { StorageHealthIndicator } from '../../health/storage-health.indicator.js';
import { IndexNames } from './index-names.js';

/**
 * Healthy when the customers index answers a search. That needs only the `read` privilege the
 * app has anyway (cluster health would need `monitor`, which the app's key should not hold).
 */
@Injectable()
export class ElasticsearchHealthIndicator extends StorageHealthIndicator {
  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {
    super();
  }

  async check(): Promise<StorageHealth> {
    try {
      const response = await this.elasticsearch.search(
        { index: this.indices.alias('customers'), size: 0, terminate_after: 1, timeout: '2s' },
        { requestTimeout: 3000, maxRetries: 0 },
      );
      if (response.timed_out) {
        return { driver: 'elasticsearch', ok: false, error: 'the customers index timed out' };
      }
      return { driver: 'elasticsearch', ok: true };
    } catch {
      // The reason (hosts, index names) goes to the log through the client, not to callers.
      return { driver: 'elasticsearch', ok: false, error: 'Elasticsearch does not answer' };
    }
  }
}
