import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { StorageDriver } from '@collection-desk/contracts';

import { SqliteStorageModule } from './sqlite/sqlite-storage.module.js';

/**
 * Binds every repository port to one adapter family, chosen by the validated `STORAGE`.
 * There is no in-memory fallback: if the chosen storage cannot start, the app does not either.
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(driver: StorageDriver): DynamicModule {
    if (driver !== 'sqlite') {
      throw new Error(`The ${driver} storage adapter is not wired in yet.`);
    }
    return {
      module: StorageModule,
      imports: [SqliteStorageModule],
      exports: [SqliteStorageModule],
    };
  }
}
