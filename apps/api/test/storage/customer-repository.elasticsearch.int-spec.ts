import { randomUUID } from 'node:crypto';

import { ElasticsearchService } from '@nestjs/elasticsearch';

import { Clock } from '../../src/common/time/clock.js';
import { AppConfig } from '../../src/config/app-config.js';
import { ElasticsearchCustomerRepository } from '../../src/storage/elasticsearch/elasticsearch-customer.repository.js';
import { ElasticsearchIndices } from '../../src/storage/elasticsearch/elasticsearch-indices.js';
import { IndexNames } from '../../src/storage/elasticsearch/index-names.js';
import { describeCustomerRepositoryContract } from './customer-repository.contract.js';

// Run with: ELASTICSEARCH_NODE=http://localhost:9200 npm run test:elasticsearch
const node = process.env['ELASTICSEARCH_NODE'];
if (!node) {
  throw new Error(
    'ELASTICSEARCH_NODE is not set: this suite runs the repository contract against a live cluster (docker compose up elasticsearch).',
  );
}

const testConfig = new AppConfig({ timeZone: 'UTC' } as AppConfig);

function client(): ElasticsearchService {
  const apiKey = process.env['ELASTICSEARCH_API_KEY'];
  const username = process.env['ELASTICSEARCH_USERNAME'];
  const password = process.env['ELASTICSEARCH_PASSWORD'];
  return new ElasticsearchService({
    node,
    auth: apiKey ? { apiKey } : username && password ? { username, password } : undefined,
  });
}

describeCustomerRepositoryContract('Elasticsearch', async () => {
  // Each setup gets its own indices, so every test starts from an empty store.
  const prefix = `cd-contract-${randomUUID().slice(0, 8)}-`;
  const elasticsearch = client();
  const names = new IndexNames(prefix);
  await new ElasticsearchIndices(elasticsearch, names).onModuleInit();
  return {
    repository: new ElasticsearchCustomerRepository(elasticsearch, names, new Clock(testConfig)),
    close: async () => {
      await elasticsearch.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
      await elasticsearch.close();
    },
  };
});
