import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

import { INDEX_DEFINITIONS } from './index-definitions.js';
import { INDEX_VERSIONS, type IndexName, IndexNames } from './index-names.js';
import { hasStatus } from './elasticsearch-errors.js';

/**
 * Creates every versioned index with its alias at start-up. Idempotent, and safe when several
 * instances start together: losing the race to create an index is fine.
 */
@Injectable()
export class ElasticsearchIndices implements OnModuleInit {
  private readonly logger = new Logger(ElasticsearchIndices.name);

  constructor(
    private readonly elasticsearch: ElasticsearchService,
    private readonly indices: IndexNames,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const name of Object.keys(INDEX_VERSIONS) as IndexName[]) await this.ensure(name);
  }

  private async ensure(name: IndexName): Promise<void> {
    const index = this.indices.concrete(name);
    if (await this.elasticsearch.indices.exists({ index })) return;
    try {
      await this.elasticsearch.indices.create({
        index,
        ...INDEX_DEFINITIONS[name],
        aliases: { [this.indices.alias(name)]: { is_write_index: true } },
      });
      this.logger.log({ index, alias: this.indices.alias(name) }, 'Index created');
    } catch (error) {
      // Another instance created it between our check and our create.
      if (
        !hasStatus(error, 400) ||
        !String((error as Error).message).includes('resource_already_exists')
      )
        throw error;
    }
  }
}
