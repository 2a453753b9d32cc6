import { Worker } from 'node:worker_threads';

import { Logger } from '@nestjs/common';

import { siblingWorker } from '../../common/workers/worker-url.js';
import { workerLimits } from '../../common/workers/worker-limits.js';
import type { CheckpointerMessage, CheckpointerReport } from './wal-checkpointer.worker.js';

const WORKER_URL = siblingWorker('wal-checkpointer.worker', import.meta.url);
/** While nothing is being written. */
const IDLE_INTERVAL_MS = 200;
/** While the log grows: often enough that the writer's own backstop finds little left to copy. */
const BUSY_INTERVAL_MS = 20;
/** How long shutdown waits for a checkpoint in progress before stopping the thread. */
const STOP_TIMEOUT_MS = 5000;

/**
 * Checkpoints of one database file on a worker thread (see wal-checkpointer.worker). The
 * connection that writes raises its own automatic checkpoints to a backstop while this runs,
 * and back to SQLite's default through `onFailure` should the thread fail.
 */
export class SqliteWalCheckpointer {
  private readonly logger = new Logger(SqliteWalCheckpointer.name);
  private readonly worker: Worker;
  private stopped = false;

  constructor(path: string, onFailure: () => void) {
    this.worker = new Worker(WORKER_URL, {
      workerData: { path, idleIntervalMs: IDLE_INTERVAL_MS, busyIntervalMs: BUSY_INTERVAL_MS },
      resourceLimits: workerLimits(),
    });
    // Never what keeps the process alive.
    this.worker.unref();
    const fail = (reason: string) => {
      if (this.stopped) return;
      this.stopped = true;
      this.logger.warn({ reason }, 'Background checkpoints stopped; the writer takes them back');
      onFailure();
    };
    this.worker.on('message', (report: CheckpointerReport) => fail(report.message));
    this.worker.on('error', (error: Error) => fail(error.message));
    this.worker.on('exit', (code) => fail(`the thread exited with code ${code}`));
  }

  /** Lets a checkpoint in progress finish, then closes the thread's connection. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'stop' } satisfies CheckpointerMessage);
    const timeout = setTimeout(() => void this.worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timeout);
  }
}
