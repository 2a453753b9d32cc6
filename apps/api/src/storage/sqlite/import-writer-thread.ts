import { Worker } from 'node:worker_threads';

import { siblingWorker } from '../../common/workers/worker-url.js';
import { workerLimits } from '../../common/workers/worker-limits.js';
import type { CustomerImportBatch } from '../../customers/customer.repository.js';
import type {
  BatchApplied,
  ImportWriteMessage,
  ImportWriteOutcome,
  ImportWriteRequest,
} from './import-writer.js';

const WORKER_URL = siblingWorker('import-writer.worker', import.meta.url);

/**
 * Runs one import's write in a worker thread and answers how it ended. One batch is in the
 * writer's hands while the next is prepared, never more: the import is held neither here nor
 * in the worker's message queue. No thread starts for an import without writes.
 */
export async function runImportWriter(request: ImportWriteRequest): Promise<ImportWriteOutcome> {
  let writer: WriterThread | null = null;
  let inHand: Promise<unknown> | null = null;
  try {
    for await (const batch of request.batches) {
      if (isEmpty(batch)) continue;
      writer ??= new WriterThread(request.path);
      // After a failure the writer ignores further batches: commit now to learn what it was.
      if (inHand && !((await inHand) as BatchApplied).ok) break;
      inHand = writer.ask({ type: 'batch', creates: batch.creates, updates: batch.updates });
    }
    await inHand;
  } catch (error) {
    await writer?.abandon();
    throw error;
  }
  if (!writer) return { type: 'done' };
  return (await writer.ask({ type: 'write' })) as ImportWriteOutcome;
}

function isEmpty(batch: CustomerImportBatch): boolean {
  return batch.creates.length === 0 && batch.updates.length === 0;
}

/** The writer thread, spoken to one message at a time: every message gets one answer. */
class WriterThread {
  private readonly worker: Worker;
  private readonly exited: Promise<number>;
  /** Set once the thread is gone: a question then fails at once instead of waiting forever. */
  private gone = false;

  constructor(path: string) {
    this.worker = new Worker(WORKER_URL, { workerData: { path }, resourceLimits: workerLimits() });
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code: number) => {
        this.gone = true;
        resolve(code);
      }),
    );
    // Reported to the question in progress; between two questions it ends in `exit`.
    this.worker.on('error', () => undefined);
  }

  ask(message: ImportWriteMessage): Promise<BatchApplied | ImportWriteOutcome> {
    const answer = new Promise<BatchApplied | ImportWriteOutcome>((resolve, reject) => {
      if (this.gone) {
        reject(new Error('The import writer stopped before it answered.'));
        return;
      }
      const stop = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
      };
      const onMessage = (reply: BatchApplied | ImportWriteOutcome) => {
        stop();
        resolve(reply);
      };
      const onError = (error: Error) => {
        stop();
        reject(error);
      };
      const onExit = (code: number) => {
        stop();
        reject(new Error(`The import writer stopped with code ${code}.`));
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.on('exit', onExit);
      this.worker.postMessage(message);
    });
    // The caller awaits this only after preparing the next batch: a failure meanwhile is
    // handled then, not reported as unhandled.
    answer.catch(() => undefined);
    return answer;
  }

  /** Rolls the import back and waits until the thread is gone (at once if it already is). */
  async abandon(): Promise<void> {
    this.worker.postMessage({ type: 'abandon' } satisfies ImportWriteMessage);
    await this.exited;
  }
}
