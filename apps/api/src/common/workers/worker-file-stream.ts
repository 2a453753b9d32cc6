import { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

import { workerLimits } from './worker-limits.js';

/** What a file-writing thread sends: a piece of the file, its end, or why it failed. */
export type FileWorkerMessage =
  | { type: 'chunk'; bytes: ArrayBuffer; length: number }
  | { type: 'end' }
  | { type: 'failed'; failure: FileFailure };

/** Why a file could not be written: the error's message, and its `code` where it had one. */
export interface FileFailure {
  message: string;
  code?: string;
}

/**
 * What the API's thread answers: the last piece was taken, send the next; with the pieces
 * already written out, for the thread to fill again.
 */
export type FileWorkerCredit = { type: 'more'; spent: ArrayBuffer[] };

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
  const more = () => {
    const spent = stream.takeWrittenOut();
    worker?.postMessage({ type: 'more', spent } satisfies FileWorkerCredit, spent);
  };
  const stream = new PieceStream({
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
      const wantsNext = stream.pushPiece(message.bytes, message.length);
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

/** Pieces remembered until known written out; older ones are left to the collector. */
const PIECES_WATCHED = 4;

/**
 * A readable stream of pieces that can tell which of them an HTTP response has written out.
 *
 * Node frees a piece that came from another thread only when it next collects garbage, and it
 * collects for such memory only after some 64 MB of it: a file streamed through here would hold
 * that much of dead pieces. Handed back to the thread instead, a piece is filled again there.
 * Only an HTTP response this stream is piped to directly is trusted to tell: its
 * `writableLength` counts every byte it has not yet handed to the kernel (its own buffer, the
 * socket's, writes in flight), so at 0 it holds no piece; the pieces still buffered here it has
 * not been given yet. A stream in between would call back before its own reader has written
 * the bytes: piped to anything else, unpiped, or read by anyone besides the pipe, this stream
 * never hands a piece back.
 */
export class PieceStream extends Readable {
  private response: ServerResponse | null = null;
  private trusted = true;
  /** Pieces pushed and not yet known written out, oldest first. */
  private watched: { bytes: ArrayBuffer; length: number }[] = [];
  private writtenOut: ArrayBuffer[] = [];

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    if (this.response || !(destination instanceof ServerResponse)) {
      this.trusted = false;
    } else {
      this.response = destination;
      // Heard before the pipe's own listener, which hands the response the next piece.
      destination.on('drain', () => this.noteWrittenOut());
      destination.once('unpipe', () => (this.trusted = false));
    }
    return super.pipe(destination, options);
  }

  pushPiece(bytes: ArrayBuffer, length: number): boolean {
    this.watched.push({ bytes, length });
    if (this.watched.length > PIECES_WATCHED) this.watched.shift();
    return this.push(Buffer.from(bytes, 0, length));
  }

  /** The pieces known written out since the last call, to give away (they detach here). */
  takeWrittenOut(): ArrayBuffer[] {
    this.noteWrittenOut();
    const spent = this.writtenOut;
    this.writtenOut = [];
    return spent;
  }

  private noteWrittenOut(): void {
    const response = this.trusted ? this.response : null;
    // One 'data' listener: the pipe's. Another reader might still hold what it was given.
    if (!response || response.writableLength !== 0 || this.listenerCount('data') !== 1) return;
    // The newest pieces, as many bytes as this stream still buffers, were not handed over yet.
    let buffered = this.readableLength;
    let handedOver = this.watched.length;
    while (buffered > 0 && handedOver > 0) {
      handedOver -= 1;
      buffered -= this.watched[handedOver].length;
    }
    this.writtenOut.push(...this.watched.slice(0, handedOver).map(({ bytes }) => bytes));
    this.watched = this.watched.slice(handedOver);
  }
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
