import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { StorageDriver } from '@collection-desk/contracts';

import { ElasticsearchStorageModule } from './elasticsearch/elasticsearch-storage.module.js';
import { SqliteStorageModule } from './sqlite/sqlite-storage.module.js';

/**
 * Binds every repository port to one adapter family, chosen by the validated `STORAGE`.
 * There is no in-memory fallback: if the chosen storage cannot start, the app does not either.
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(driver: StorageDriver): DynamicModule {
    const family = driver === 'elasticsearch' ? ElasticsearchStorageModule : SqliteStorageModule;
    return { module: StorageModule, imports: [family], exports: [family] };
  }
}
