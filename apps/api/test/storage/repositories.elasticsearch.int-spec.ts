import { randomUUID } from 'node:crypto';

import { ElasticsearchService } from '@nestjs/elasticsearch';

import { Clock } from '../../src/common/time/clock.js';
import { AppConfig } from '../../src/config/app-config.js';
import { ElasticsearchCustomerRepository } from '../../src/storage/elasticsearch/elasticsearch-customer.repository.js';
import { ElasticsearchIndices } from '../../src/storage/elasticsearch/elasticsearch-indices.js';
import { ElasticsearchPaymentRepository } from '../../src/storage/elasticsearch/elasticsearch-payment.repository.js';
import { ElasticsearchImportRepository } from '../../src/storage/elasticsearch/elasticsearch-import.repository.js';
import { ElasticsearchNotificationRepository } from '../../src/storage/elasticsearch/elasticsearch-notification.repository.js';
import {
  ElasticsearchJobLeaseRepository,
  ElasticsearchOverdueRunRepository,
} from '../../src/storage/elasticsearch/elasticsearch-overdue.repository.js';
import { ElasticsearchSessionRepository } from '../../src/storage/elasticsearch/elasticsearch-session.repository.js';
import { ElasticsearchUserRepository } from '../../src/storage/elasticsearch/elasticsearch-user.repository.js';
import { IndexNames } from '../../src/storage/elasticsearch/index-names.js';
import { describeCustomerRepositoryContract } from './customer-repository.contract.js';
import { describeImportRepositoryContract } from './import-repository.contract.js';
import { describeNotificationRepositoryContract } from './notification-repository.contract.js';
import { describePaymentRepositoryContract } from './payment-repository.contract.js';
import { describeSessionRepositoryContract } from './session-repository.contract.js';
import { describeUserRepositoryContract } from './user-repository.contract.js';

// Run with: ELASTICSEARCH_NODE=http://localhost:9200 npm run test:elasticsearch
const node = process.env['ELASTICSEARCH_NODE'];
if (!node) {
  throw new Error(
    'ELASTICSEARCH_NODE is not set: this suite runs the repository contracts against a live cluster (docker compose up elasticsearch).',
  );
}

const clock = new Clock(new AppConfig({ timeZone: 'UTC' } as AppConfig));

function client(): ElasticsearchService {
  const apiKey = process.env['ELASTICSEARCH_API_KEY'];
  const username = process.env['ELASTICSEARCH_USERNAME'];
  const password = process.env['ELASTICSEARCH_PASSWORD'];
  return new ElasticsearchService({
    node,
    auth: apiKey ? { apiKey } : username && password ? { username, password } : undefined,
  });
}

/** Each setup gets its own indices, so every test starts from an empty store. */
function elasticsearchStore<T>(
  make: (elasticsearch: ElasticsearchService, names: IndexNames) => T,
) {
  return async () => {
    const prefix = `cd-contract-${randomUUID().slice(0, 8)}-`;
    const elasticsearch = client();
    const names = new IndexNames(prefix);
    await new ElasticsearchIndices(elasticsearch, names).onModuleInit();
    // `refresh: wait_for` writes wait for the next refresh: keep it short on test indices.
    await elasticsearch.indices.putSettings({
      index: `${prefix}*`,
      settings: { index: { refresh_interval: '50ms' } },
    });
    return {
      repository: make(elasticsearch, names),
      // Sessions in Elasticsearch do not reference users.
      newUserId: () => Promise.resolve(randomUUID()),
      close: async () => {
        await elasticsearch.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
        await elasticsearch.close();
      },
    };
  };
}

describeCustomerRepositoryContract(
  'Elasticsearch',
  elasticsearchStore(
    (elasticsearch, names) => new ElasticsearchCustomerRepository(elasticsearch, names, clock),
  ),
);
describeUserRepositoryContract(
  'Elasticsearch',
  elasticsearchStore(
    (elasticsearch, names) => new ElasticsearchUserRepository(elasticsearch, names, clock),
  ),
);
describeSessionRepositoryContract(
  'Elasticsearch',
  elasticsearchStore(
    (elasticsearch, names) => new ElasticsearchSessionRepository(elasticsearch, names),
  ),
);
describePaymentRepositoryContract('Elasticsearch', async () => {
  const store = await elasticsearchStore((elasticsearch, names) => {
    const customers = new ElasticsearchCustomerRepository(elasticsearch, names, clock);
    return {
      customers,
      payments: new ElasticsearchPaymentRepository(elasticsearch, names, customers, clock),
    };
  })();
  return { ...store.repository, close: store.close };
});
describeNotificationRepositoryContract('Elasticsearch', async () => {
  const store = await elasticsearchStore((elasticsearch, names) => ({
    notifications: new ElasticsearchNotificationRepository(elasticsearch, names),
    leases: new ElasticsearchJobLeaseRepository(elasticsearch, names),
    runs: new ElasticsearchOverdueRunRepository(elasticsearch, names),
  }))();
  return { ...store.repository, close: store.close };
});
describeImportRepositoryContract('Elasticsearch', async () => {
  const store = await elasticsearchStore(
    (elasticsearch, names) => new ElasticsearchImportRepository(elasticsearch, names),
  )();
  return { imports: store.repository, close: store.close };
});
