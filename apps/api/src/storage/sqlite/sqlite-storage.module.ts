import { join } from 'node:path';

import { Module } from '@nestjs/common';

import { AppConfig } from '../../config/app-config.js';
import { SessionRepository } from '../../auth/session.repository.js';
import { CustomerRepository } from '../../customers/customer.repository.js';
import { CustomerExporter } from '../../customers/customer-exporter.js';
import { UserRepository } from '../../users/user.repository.js';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { NotificationRepository } from '../../notifications/notification.repository.js';
import { DashboardRepository } from '../../dashboard/dashboard.repository.js';
import { ImportRepository } from '../../imports/import.repository.js';
import { JobLeaseRepository, OverdueRunRepository } from '../../overdue/overdue.repository.js';
import { StorageHealthIndicator } from '../../health/storage-health.indicator.js';
import { SqliteCustomerExporter } from './sqlite-customer-exporter.js';
import { SqliteCustomerRepository } from './sqlite-customer.repository.js';
import { DATABASE_FILE_NAME, SqliteDatabase } from './sqlite-database.js';
import { SqliteHealthIndicator } from './sqlite-health.indicator.js';
import { SqliteDashboardRepository } from './sqlite-dashboard.repository.js';
import { SqliteImportRepository } from './sqlite-import.repository.js';
import { SqliteNotificationRepository } from './sqlite-notification.repository.js';
import {
  SqliteJobLeaseRepository,
  SqliteOverdueRunRepository,
} from './sqlite-overdue.repository.js';
import { SqlitePaymentRepository } from './sqlite-payment.repository.js';
import { SqliteSessionRepository } from './sqlite-session.repository.js';
import { SqliteUserRepository } from './sqlite-user.repository.js';

@Module({
  providers: [
    {
      provide: SqliteDatabase,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const database = SqliteDatabase.open(join(config.dataDir, DATABASE_FILE_NAME));
        database.checkpointInBackground();
        return database;
      },
    },
    { provide: CustomerRepository, useClass: SqliteCustomerRepository },
    { provide: CustomerExporter, useClass: SqliteCustomerExporter },
    { provide: UserRepository, useClass: SqliteUserRepository },
    { provide: SessionRepository, useClass: SqliteSessionRepository },
    { provide: PaymentRepository, useClass: SqlitePaymentRepository },
    { provide: NotificationRepository, useClass: SqliteNotificationRepository },
    { provide: DashboardRepository, useClass: SqliteDashboardRepository },
    { provide: ImportRepository, useClass: SqliteImportRepository },
    { provide: JobLeaseRepository, useClass: SqliteJobLeaseRepository },
    { provide: OverdueRunRepository, useClass: SqliteOverdueRunRepository },
    { provide: StorageHealthIndicator, useClass: SqliteHealthIndicator },
  ],
  exports: [
    SqliteDatabase,
    CustomerRepository,
    CustomerExporter,
    UserRepository,
    SessionRepository,
    PaymentRepository,
    NotificationRepository,
    DashboardRepository,
    ImportRepository,
    JobLeaseRepository,
    OverdueRunRepository,
    StorageHealthIndicator,
  ],
})
export class SqliteStorageModule {}
