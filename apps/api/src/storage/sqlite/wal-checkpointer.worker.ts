/**
 * Copies committed pages from the write-ahead log into the database file, on a connection of
 * its own in a worker thread. SQLite otherwise does this inside whichever commit crosses its
 * threshold, on the API's thread: random writes and an fsync that held the event loop for tens
 * of milliseconds per commit during a large scan. PASSIVE never waits for readers or writers.
 * Node loads this file from TypeScript source under the test runner: erasable syntax only.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

export type CheckpointerMessage = { type: 'stop' };
export type CheckpointerReport = { type: 'failed'; message: string };

const { path, idleIntervalMs, busyIntervalMs } = workerData as {
  path: string;
  idleIntervalMs: number;
  busyIntervalMs: number;
};
const connection = new DatabaseSync(path);
const checkpoint = connection.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let timer: NodeJS.Timeout | undefined;
/** The last checkpoint's answer: frames in the log, and how many of them are copied. */
let last = { log: -1, checkpointed: -1 };

function stop(): void {
  clearTimeout(timer);
  if (connection.isOpen) connection.close();
  parentPort?.close();
}

/**
 * Again soon while the log changes: under back-to-back commits a checkpoint
 * every 200 ms left tens of thousands of frames behind, which the writer's backstop then copied
 * on the API's thread (~100 ms stalls). When nothing is written, rarely.
 */
function checkpointAndReschedule(): void {
  try {
    const { log, checkpointed } = checkpoint.get() as { log: number; checkpointed: number };
    const changed = log !== last.log || checkpointed !== last.checkpointed;
    last = { log, checkpointed };
    // Unchanged means all copied, or held back by a long reader: either way nothing to hurry.
    const busy = log > 0 && changed;
    timer = setTimeout(checkpointAndReschedule, busy ? busyIntervalMs : idleIntervalMs);
  } catch (error) {
    parentPort?.postMessage({
      type: 'failed',
      message: (error as Error).message,
    } satisfies CheckpointerReport);
    stop();
  }
}

timer = setTimeout(checkpointAndReschedule, idleIntervalMs);

parentPort?.on('message', (message: CheckpointerMessage) => {
  if (message.type === 'stop') stop();
});
