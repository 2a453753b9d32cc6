import { Injectable } from '@nestjs/common';

import type { StorageHealth } from '@collection-desk/contracts';

import { StorageHealthIndicator } from '../../health/storage-health.indicator.js';
import { SqliteDatabase } from './sqlite-database.js';

@Injectable()
export class SqliteHealthIndicator extends StorageHealthIndicator {
  constructor(private readonly database: SqliteDatabase) {
    super();
  }

  check(): Promise<StorageHealth> {
    try {
      this.database.get('SELECT 1 FROM schema_migrations LIMIT 1');
      return Promise.resolve({ driver: 'sqlite', ok: true });
    } catch (error) {
      return Promise.resolve({ driver: 'sqlite', ok: false, error: (error as Error).message });
    }
  }
}
