import { Module } from '@nestjs/common';
import { ElasticsearchModule } from '@nestjs/elasticsearch';

import { SessionRepository } from '../../auth/session.repository.js';
import { AppConfig } from '../../config/app-config.js';
import { CustomerExporter, InProcessCustomerExporter } from '../../customers/customer-exporter.js';
import { CustomerRepository } from '../../customers/customer.repository.js';
import { UserRepository } from '../../users/user.repository.js';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { NotificationRepository } from '../../notifications/notification.repository.js';
import { DashboardRepository } from '../../dashboard/dashboard.repository.js';
import { ImportRepository } from '../../imports/import.repository.js';
import { JobLeaseRepository, OverdueRunRepository } from '../../overdue/overdue.repository.js';
import { StorageHealthIndicator } from '../../health/storage-health.indicator.js';
import { ElasticsearchCustomerRepository } from './elasticsearch-customer.repository.js';
import { ElasticsearchHealthIndicator } from './elasticsearch-health.indicator.js';
import { ElasticsearchIndices } from './elasticsearch-indices.js';
import { ElasticsearchPaymentRepository } from './elasticsearch-payment.repository.js';
import { ElasticsearchNotificationRepository } from './elasticsearch-notification.repository.js';
import { ElasticsearchDashboardRepository } from './elasticsearch-dashboard.repository.js';
import { ElasticsearchImportRepository } from './elasticsearch-import.repository.js';
import {
  ElasticsearchJobLeaseRepository,
  ElasticsearchOverdueRunRepository,
} from './elasticsearch-overdue.repository.js';
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
    ElasticsearchCustomerRepository,
    // Payments commit through the customer document (its outboxes): one instance serves both.
    { provide: CustomerRepository, useExisting: ElasticsearchCustomerRepository },
    { provide: CustomerExporter, useClass: InProcessCustomerExporter },
    { provide: PaymentRepository, useClass: ElasticsearchPaymentRepository },
    { provide: NotificationRepository, useClass: ElasticsearchNotificationRepository },
    { provide: DashboardRepository, useClass: ElasticsearchDashboardRepository },
    { provide: ImportRepository, useClass: ElasticsearchImportRepository },
    { provide: JobLeaseRepository, useClass: ElasticsearchJobLeaseRepository },
    { provide: OverdueRunRepository, useClass: ElasticsearchOverdueRunRepository },
    { provide: UserRepository, useClass: ElasticsearchUserRepository },
    { provide: SessionRepository, useClass: ElasticsearchSessionRepository },
    { provide: StorageHealthIndicator, useClass: ElasticsearchHealthIndicator },
  ],
  exports: [
    CustomerRepository,
    CustomerExporter,
    PaymentRepository,
    NotificationRepository,
    DashboardRepository,
    ImportRepository,
    JobLeaseRepository,
    OverdueRunRepository,
    UserRepository,
    SessionRepository,
    StorageHealthIndicator,
  ],
})
export class ElasticsearchStorageModule {}
