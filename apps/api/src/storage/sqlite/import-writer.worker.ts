/**
 * A worker thread that writes one import in one SQLite transaction on a connection of its own,
 * so that a large commit never holds the API's event loop. Each batch is written as it arrives
 * and answered, then dropped: the whole import is never held here. Node loads this entry from TypeScript
 * source under the test runner; the rest is loaded through the hooks registered here.
 */
import { register } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

import type { ImportWriteMessage } from './import-writer.js';

if (import.meta.url.endsWith('.ts')) {
  register('../../common/workers/typescript-hooks.mjs', import.meta.url);
}

// Only problems reach the console from here; the API's thread logs the import itself.
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(['error', 'warn']);
const { ImportWrite } = await import('./import-writer.js');

const write = new ImportWrite((workerData as { path: string }).path);
parentPort?.on('message', (message: ImportWriteMessage) => {
  switch (message.type) {
    case 'batch':
      parentPort?.postMessage({ type: 'applied', ok: write.apply(message) });
      return;
    case 'write':
      parentPort?.postMessage(write.commit());
      break;
    case 'abandon':
      write.abandon();
      break;
  }
  parentPort?.close();
});
