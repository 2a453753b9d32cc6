import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import type { StorageHealth } from '@collection-desk/contracts';

import { StorageHealthIndicator } from '../storage-health.js';
import { IndexNames } from './index-names.js';

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
      const health = await this.elasticsearch.cluster.health({
        index: this.indices.alias('customers'),
        timeout: '2s',
      });
      if (health.status === 'red')
        return { driver: 'elasticsearch', ok: false, error: 'the customers index is red' };
      return { driver: 'elasticsearch', ok: true };
    } catch (error) {
      return { driver: 'elasticsearch', ok: false, error: (error as Error).message };
    }
  }
}
