import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteCustomerRepository } from '../../src/storage/sqlite/sqlite-customer.repository.js';
import { SqliteDatabase } from '../../src/storage/sqlite/sqlite-database.js';
import { describeCustomerRepositoryContract } from './customer-repository.contract.js';

describeCustomerRepositoryContract('SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cd-sqlite-contract-'));
  const database = SqliteDatabase.open(join(folder, 'contract.db'));
  return Promise.resolve({
    repository: new SqliteCustomerRepository(database),
    close: () => {
      database.close();
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});
