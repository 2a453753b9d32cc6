import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

import { workerLimits } from './worker-limits.js';

/** What a file-writing thread sends: a piece of the file, its end, or why it failed. */
export type FileWorkerMessage =
  { type: 'chunk'; bytes: ArrayBuffer } | { type: 'end' } | { type: 'failed'; message: string };

/** What the API's thread answers: the last piece was taken, send the next. */
export type FileWorkerCredit = { type: 'more' };

/**
 * A file written by a worker thread, as a stream: the thread sends one piece at a time and the
 * next only once the stream wants more, so a slow client holds the thread back instead of the
 * file piling up here. Destroying the stream (a client that went away) stops the thread.
 */
export function workerFileStream(url: URL, workerData: unknown, heapMb: number): Readable {
  const worker = new Worker(url, { workerData, resourceLimits: workerLimits(heapMb) });
  let ended = false;
  let waitingForRead = false;
  let wantsMore = false;
  const stream = new Readable({
    highWaterMark: 1024 * 1024,
    read() {
      if (!waitingForRead) return void (wantsMore = true);
      waitingForRead = false;
      worker.postMessage({ type: 'more' } satisfies FileWorkerCredit);
    },
    destroy(error, callback) {
      worker.removeAllListeners();
      void worker.terminate().then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
  worker.on('message', (message: FileWorkerMessage) => {
    if (message.type === 'failed') return void stream.destroy(new Error(message.message));
    if (message.type === 'end') {
      ended = true;
      stream.push(null);
      return;
    }
    const wantsNext = stream.push(Buffer.from(message.bytes));
    if (wantsNext || wantsMore) {
      wantsMore = false;
      worker.postMessage({ type: 'more' } satisfies FileWorkerCredit);
    } else waitingForRead = true;
  });
  worker.on('error', (error: Error) => stream.destroy(error));
  worker.on('exit', (code: number) => {
    if (!ended) stream.destroy(new Error(`The file's thread stopped with code ${code}.`));
  });
  return stream;
}
