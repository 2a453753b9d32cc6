import { Module } from '@nestjs/common';
import { ElasticsearchModule } from '@nestjs/elasticsearch';

import { SessionRepository } from '../../auth/session.repository.js';
import { AppConfig } from '../../config/app-config.js';
import { CustomerRepository } from '../../customers/customer.repository.js';
import { UserRepository } from '../../users/user.repository.js';
import { StorageHealthIndicator } from '../../health/storage-health.indicator.js';
import { ElasticsearchCustomerRepository } from './elasticsearch-customer.repository.js';
import { ElasticsearchHealthIndicator } from './elasticsearch-health.indicator.js';
import { ElasticsearchIndices } from './elasticsearch-indices.js';
import { ElasticsearchSessionRepository } from './elasticsearch-session.repository.js';
import { ElasticsearchUserRepository } from './elasticsearch-user.repository.js';
import { IndexNames } from './index-names.js';

/** Every repository port on Elasticsearch, for STORAGE=elasticsearch. */
@Module({
  imports: [
    ElasticsearchModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const elasticsearch = config.elasticsearch;
        if (!elasticsearch) throw new Error('STORAGE=elasticsearch needs ELASTICSEARCH_NODE');
        return {
          node: elasticsearch.node,
          auth: elasticsearch.apiKey
            ? { apiKey: elasticsearch.apiKey }
            : elasticsearch.username && elasticsearch.password
              ? { username: elasticsearch.username, password: elasticsearch.password }
              : undefined,
          requestTimeout: 10_000,
          maxRetries: 2,
        };
      },
    }),
  ],
  providers: [
    {
      provide: IndexNames,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new IndexNames(config.elasticsearch?.indexPrefix ?? ''),
    },
    ElasticsearchIndices,
    { provide: CustomerRepository, useClass: ElasticsearchCustomerRepository },
    { provide: UserRepository, useClass: ElasticsearchUserRepository },
    { provide: SessionRepository, useClass: ElasticsearchSessionRepository },
    { provide: StorageHealthIndicator, useClass: ElasticsearchHealthIndicator },
  ],
  exports: [CustomerRepository, UserRepository, SessionRepository, StorageHealthIndicator],
})
export class ElasticsearchStorageModule {}
