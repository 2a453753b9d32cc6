import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

import { siblingWorker } from '../../common/workers/worker-url.js';
import type {
  ImportWriteMessage,
  ImportWriteOutcome,
  ImportWriteRequest,
} from './import-writer.js';

const WORKER_URL = siblingWorker('import-writer.worker', import.meta.url);
/** Rows copied to the worker per message: copying is synchronous, so it goes in slices. */
const SLICE = 2_000;

/** Runs one import's write in a worker thread and answers how it ended. */
export function runImportWriter(request: ImportWriteRequest): Promise<ImportWriteOutcome> {
  const worker = new Worker(WORKER_URL, { workerData: { path: request.path } });
  const outcome = new Promise<ImportWriteOutcome>((resolve, reject) => {
    let answered = false;
    worker.once('message', (answer: ImportWriteOutcome) => {
      answered = true;
      resolve(answer);
    });
    worker.once('error', (error: Error) => reject(error));
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`The import writer stopped with code ${code}.`));
    });
  });
  void (async () => {
    const send = (message: ImportWriteMessage) => worker.postMessage(message);
    for (let start = 0; start < request.creates.length; start += SLICE) {
      send({ type: 'creates', items: request.creates.slice(start, start + SLICE) });
      await yieldToEventLoop();
    }
    for (let start = 0; start < request.updates.length; start += SLICE) {
      send({ type: 'updates', items: request.updates.slice(start, start + SLICE) });
      await yieldToEventLoop();
    }
    send({ type: 'write' });
  })();
  return outcome;
}
