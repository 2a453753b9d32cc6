import { siblingWorker } from '../../common/workers/worker-url.js';
import { WorkerConversation } from '../../common/workers/worker-conversation.js';
import type { CustomerImportBatch } from '../../customers/customer.repository.js';
import type {
  BatchApplied,
  ImportWriteMessage,
  ImportWriteOutcome,
  ImportWriteRequest,
} from './import-writer.js';

const WORKER_URL = siblingWorker('import-writer.worker', import.meta.url);
/**
 * The writer holds one batch at a time; left to itself V8 let its heap grow to ~50 MB of garbage
 * during a 100,000-row commit. Capped, it collects sooner.
 */
const WRITER_HEAP_MB = 64;

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

/** The writer thread: every message but `abandon` gets one answer. */
class WriterThread {
  private readonly thread: WorkerConversation<
    ImportWriteMessage,
    BatchApplied | ImportWriteOutcome
  >;

  constructor(path: string) {
    this.thread = new WorkerConversation(WORKER_URL, { path }, 'The import writer', WRITER_HEAP_MB);
  }

  ask(message: ImportWriteMessage): Promise<BatchApplied | ImportWriteOutcome> {
    const answer = this.thread.ask(message);
    // The caller awaits this only after preparing the next batch: a failure meanwhile is
    // handled then, not reported as unhandled.
    answer.catch(() => undefined);
    return answer;
  }

  /** Rolls the import back and waits until the thread is gone (at once if it already is). */
  async abandon(): Promise<void> {
    this.thread.tell({ type: 'abandon' } satisfies ImportWriteMessage);
    await this.thread.exited;
  }
}
