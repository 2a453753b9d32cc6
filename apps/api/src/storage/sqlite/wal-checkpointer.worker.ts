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

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const connection = new DatabaseSync(path);

function stop(): void {
  clearInterval(timer);
  if (connection.isOpen) connection.close();
  parentPort?.close();
}

const timer = setInterval(() => {
  try {
    connection.exec('PRAGMA wal_checkpoint(PASSIVE);');
  } catch (error) {
    parentPort?.postMessage({
      type: 'failed',
      message: (error as Error).message,
    } satisfies CheckpointerReport);
    stop();
  }
}, intervalMs);

parentPort?.on('message', (message: CheckpointerMessage) => {
  if (message.type === 'stop') stop();
});
