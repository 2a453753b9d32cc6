import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

import { workerLimits } from './worker-limits.js';

/** What a file-writing thread sends: a piece of the file, its end, or why it failed. */
export type FileWorkerMessage =
  | { type: 'chunk'; bytes: ArrayBuffer }
  | { type: 'end' }
  | { type: 'failed'; failure: FileFailure };

/** Why a file could not be written: the error's message, and its `code` where it had one. */
export interface FileFailure {
  message: string;
  code?: string;
}

/** What the API's thread answers: the last piece was taken, send the next. */
export type FileWorkerCredit = { type: 'more' };

/** A file-writing thread: where its module is, what it is given, its heap and its slots. */
export interface FileThread {
  url: URL;
  workerData: unknown;
  heapMb: number;
  /** How many such threads may run at once; a file waits for a free slot before it starts. */
  slots: ThreadSlots;
  /** What a failure of the file becomes here (errors lose their class between threads). */
  revive?: (failure: FileFailure) => Error;
}

/**
 * A file written by a worker thread, as a stream: the thread sends one piece at a time and the
 * next only once the stream wants more, so a slow client holds the thread back instead of the
 * file piling up here. Destroying the stream (a client that went away) stops the thread, or
 * gives up its turn when it has not started yet.
 */
export function workerFileStream(thread: FileThread): Readable {
  const revive = thread.revive ?? (({ message }: FileFailure) => new Error(message));
  let worker: Worker | null = null;
  let ended = false;
  let waitingForRead = false;
  let wantsMore = false;
  const more = () => worker?.postMessage({ type: 'more' } satisfies FileWorkerCredit);
  const stream = new Readable({
    highWaterMark: 1024 * 1024,
    read() {
      if (!waitingForRead) return void (wantsMore = true);
      waitingForRead = false;
      more();
    },
    destroy(error, callback) {
      if (!worker) return callback(error);
      void worker.terminate().then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
  void thread.slots.take().then((release) => {
    if (stream.destroyed) return release();
    const started = new Worker(thread.url, {
      workerData: thread.workerData,
      resourceLimits: workerLimits(thread.heapMb),
    });
    worker = started;
    // Listeners stay on after the stream is gone: the slot is given back only once the thread
    // has exited, and a thread failing while it is stopped must not go unheard.
    started.on('message', (message: FileWorkerMessage) => {
      if (stream.destroyed) return;
      if (message.type === 'failed') return void stream.destroy(revive(message.failure));
      if (message.type === 'end') {
        ended = true;
        stream.push(null);
        return;
      }
      const wantsNext = stream.push(Buffer.from(message.bytes));
      if (wantsNext || wantsMore) {
        wantsMore = false;
        more();
      } else waitingForRead = true;
    });
    started.on('error', (error: Error) => stream.destroy(error));
    started.on('exit', (code: number) => {
      release();
      if (!ended) stream.destroy(new Error(`The file's thread stopped with code ${code}.`));
    });
  });
  return stream;
}

/** A number of slots for threads: `take` answers once one is free, with how to give it back. */
export class ThreadSlots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  take(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          const next = this.waiting.shift();
          if (next) next();
          else this.free += 1;
        });
      };
      if (this.free > 0) {
        this.free -= 1;
        grant();
      } else this.waiting.push(grant);
    });
  }
}
