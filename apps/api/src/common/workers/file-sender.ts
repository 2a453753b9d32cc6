import type { MessagePort } from 'node:worker_threads';

import type { FileWorkerCredit, FileWorkerMessage } from './worker-file-stream.js';

/** A piece goes out at least this often while the file is written, the first one at once. */
const PIECE_INTERVAL_MS = 200;
/**
 * Pieces are gathered up to this size: one message per small piece would cost more, and a piece
 * this large is allocated apart from the threads' malloc arenas (the start command fixes glibc's
 * mmap threshold at 1 MiB), so it is given back to the system once the API's thread collects it.
 */
const PIECE_BYTES = 1024 * 1024;
/** A new piece's room: a little over PIECE_BYTES, so that a piece handed back fits the next. */
const PIECE_ROOM = PIECE_BYTES + 256 * 1024;
/** Pieces handed back and kept for reuse; the API's thread holds at most about this many. */
const SPARES_KEPT = 2;

/**
 * The worker thread's side of workerFileStream: sends `file` to `port` in pieces, each once the
 * one before was taken, then its end, or why it failed. Reading `file` pauses while a piece
 * waits, so the file is never held whole here either. Pieces the API's thread has written out
 * come back with its credits and carry the next ones: a file of a gigabyte moves through a few
 * buffers instead of leaving a thousand behind for the collector.
 */
export async function sendFile(
  file: AsyncIterable<Buffer | string>,
  port: MessagePort,
): Promise<void> {
  let credits = 1;
  const spares: ArrayBuffer[] = [];
  let wake: (() => void) | null = null;
  const onCredit = (message: FileWorkerCredit) => {
    if (message.type !== 'more') return;
    spares.push(...message.spent.slice(0, SPARES_KEPT - spares.length));
    credits += 1;
    wake?.();
    wake = null;
  };
  port.on('message', onCredit);
  const post = (message: FileWorkerMessage, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  let pieces: Buffer[] = [];
  let size = 0;
  // The first piece (a header row, say) goes at once: the client sees the file begin.
  let sentAt = 0;
  const flush = async () => {
    if (size === 0) return;
    sentAt = Date.now();
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits -= 1;
    const spare = spares.pop();
    // Room for a full piece only where one is likely to follow (not a header or a slow trickle).
    const room = size >= PIECE_BYTES / 2 ? Math.max(size, PIECE_ROOM) : size;
    const bytes = spare && spare.byteLength >= size ? spare : new ArrayBuffer(room);
    const target = Buffer.from(bytes);
    let offset = 0;
    for (const piece of pieces) offset += piece.copy(target, offset);
    post({ type: 'chunk', bytes, length: size }, [bytes]);
    pieces = [];
    size = 0;
  };
  try {
    for await (const piece of file) {
      const buffer = typeof piece === 'string' ? Buffer.from(piece) : piece;
      pieces.push(buffer);
      size += buffer.length;
      if (size >= PIECE_BYTES || Date.now() - sentAt >= PIECE_INTERVAL_MS) await flush();
    }
    await flush();
    post({ type: 'end' });
  } catch (error) {
    const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
    post({
      type: 'failed',
      failure: {
        message: typeof message === 'string' ? message : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      },
    });
  } finally {
    // Nothing left to wait for: the thread can end once its last message is out.
    port.off('message', onCredit);
  }
}
