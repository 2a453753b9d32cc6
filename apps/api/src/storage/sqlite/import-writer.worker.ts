/**
 * A worker thread that writes one import in one SQLite transaction on a connection of its own,
 * so that a large commit never holds the API's event loop. Node loads this entry from
 * TypeScript source under the test runner; the rest is loaded through the hooks registered here.
 */
import { register } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

import type { CustomerChange, CustomerCreation } from '../../customers/customer.repository.js';
import type { ImportWriteMessage, ImportWriteOutcome } from './import-writer.js';

if (import.meta.url.endsWith('.ts')) {
  register('../../common/workers/typescript-hooks.mjs', import.meta.url);
}

// Only problems reach the console from here; the API's thread logs the import itself.
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(['error', 'warn']);
const { writeImportThroughOwnConnection } = await import('./import-writer.js');
const { CustomerEmailTakenError, CustomerNotFoundError, CustomerVersionConflictError } =
  await import('../../customers/customer.errors.js');
const { StorageUnavailableError } = await import('../../common/errors/domain-error.js');

function outcomeOf(error: unknown): ImportWriteOutcome {
  if (error instanceof CustomerEmailTakenError) return { type: 'email-taken', email: error.email };
  if (error instanceof CustomerVersionConflictError) {
    return {
      type: 'version-conflict',
      customerId: error.customerId,
      expected: error.expectedVersion,
      actual: error.currentVersion,
    };
  }
  if (error instanceof CustomerNotFoundError) {
    return { type: 'not-found', customerId: error.customerId };
  }
  if (error instanceof StorageUnavailableError)
    return { type: 'unavailable', reason: error.reason };
  return { type: 'failed', message: error instanceof Error ? error.message : String(error) };
}

const { path } = workerData as { path: string };
const creates: CustomerCreation[] = [];
const updates: CustomerChange[] = [];
parentPort?.on('message', (message: ImportWriteMessage) => {
  if (message.type === 'creates') creates.push(...message.items);
  else if (message.type === 'updates') updates.push(...message.items);
  else {
    let outcome: ImportWriteOutcome;
    try {
      writeImportThroughOwnConnection({ path, creates, updates });
      outcome = { type: 'done' };
    } catch (error) {
      outcome = outcomeOf(error);
    }
    parentPort?.postMessage(outcome);
    parentPort?.close();
  }
});
