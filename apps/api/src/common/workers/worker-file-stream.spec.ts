import { once } from 'node:events';
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { PieceStream, ThreadSlots, workerFileStream } from './worker-file-stream.js';

const FIXTURE = new URL('./file-sender.fixture.worker.ts', import.meta.url);

const fileThread = (
  workerData: { pieces: number; pieceBytes: number; fail: boolean },
  slots = new ThreadSlots(1),
) => workerFileStream({ url: FIXTURE, workerData, heapMb: 64, slots });

const everyByteIs = (bytes: Buffer, value: number) => bytes.every((byte) => byte === value);

/**
 * Serves `file()` from a real HTTP server (piped to the response, through `between` if given)
 * and reads it with a client that takes each chunk on a later turn of the event loop.
 */
async function throughHttp(file: () => Readable, between?: PassThrough): Promise<Buffer> {
  const server = createServer((_request, response) => {
    if (between) file().pipe(between).pipe(response);
    else file().pipe(response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<IncomingMessage>((resolve) =>
      get(`http://127.0.0.1:${port}/`, resolve),
    );
    const parts: Buffer[] = [];
    for await (const part of response) {
      parts.push(part as Buffer);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return Buffer.concat(parts);
  } finally {
    server.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('workerFileStream', () => {
  it('delivers the whole file in order, also when it is far larger than one piece', async () => {
    const pieceBytes = 300 * 1024;
    const file = await readAll(fileThread({ pieces: 12, pieceBytes, fail: false }));

    expect(file.length).toBe(12 * pieceBytes);
    for (let n = 0; n < 12; n += 1) {
      expect(file[n * pieceBytes]).toBe(n);
      expect(file[(n + 1) * pieceBytes - 1]).toBe(n);
    }
  });

  it('serves the whole file through an HTTP response', async () => {
    const pieceBytes = 1024 * 1024;
    const file = await throughHttp(() => fileThread({ pieces: 8, pieceBytes, fail: false }));

    expect(file.length).toBe(8 * pieceBytes);
    for (let n = 0; n < 8; n += 1) {
      expect(everyByteIs(file.subarray(n * pieceBytes, (n + 1) * pieceBytes), n)).toBe(true);
    }
  });

  it("fails the stream with the thread's reason when writing the file fails", async () => {
    const stream = fileThread({ pieces: 3, pieceBytes: 10, fail: true });

    await expect(readAll(stream)).rejects.toThrow('The disk went away.');
  });

  it('stops the thread when the reader goes away', async () => {
    // Far more than the stream buffers: the thread waits for a reader that never comes back.
    const stream = fileThread({ pieces: 10_000, pieceBytes: 1024 * 1024, fail: false });
    await once(stream, 'readable');
    stream.destroy();

    await once(stream, 'close');
    expect(stream.destroyed).toBe(true);
  });

  it('starts a file only once a slot is free, and frees the slot when a file is dropped', async () => {
    const slots = new ThreadSlots(1);
    const first = fileThread({ pieces: 10_000, pieceBytes: 1024 * 1024, fail: false }, slots);
    const second = fileThread({ pieces: 2, pieceBytes: 10, fail: false }, slots);
    const third = fileThread({ pieces: 1, pieceBytes: 10, fail: false }, slots);
    const secondFile = readAll(second);
    await once(first, 'readable');
    third.destroy();
    first.destroy();

    expect((await secondFile).length).toBe(20);
  });
});

describe('PieceStream', () => {
  const PIECES = 8;
  const PIECE_BYTES = 1024 * 1024;

  /**
   * A file of PIECES pieces (piece n filled with n), made as the worker thread does: on each
   * read, the pieces handed back are filled again (here with 0xff, so that one handed back too
   * early shows in what the client receives).
   */
  function pieces(handedBack: { count: number }): PieceStream {
    let next = 0;
    const stream: PieceStream = new PieceStream({
      read() {
        for (const spent of stream.takeWrittenOut()) {
          new Uint8Array(spent).fill(0xff);
          handedBack.count += 1;
        }
        if (next === PIECES) return void stream.push(null);
        const bytes = new ArrayBuffer(PIECE_BYTES);
        new Uint8Array(bytes).fill(next);
        next += 1;
        stream.pushPiece(bytes, PIECE_BYTES);
      },
    });
    return stream;
  }

  const intact = (file: Buffer) =>
    file.length === PIECES * PIECE_BYTES &&
    Array.from({ length: PIECES }, (_, n) => n).every((n) =>
      everyByteIs(file.subarray(n * PIECE_BYTES, (n + 1) * PIECE_BYTES), n),
    );

  it('hands back pieces an HTTP response has written out, and the client gets every byte', async () => {
    const handedBack = { count: 0 };
    const file = await throughHttp(() => pieces(handedBack));

    expect(intact(file)).toBe(true);
    expect(handedBack.count).toBeGreaterThan(0);
  });

  it('hands back nothing through a stream in between, which lets go of pieces too early', async () => {
    const handedBack = { count: 0 };
    const file = await throughHttp(() => pieces(handedBack), new PassThrough());

    expect(intact(file)).toBe(true);
    expect(handedBack.count).toBe(0);
  });

  it('hands back nothing when read without a pipe', async () => {
    const handedBack = { count: 0 };
    const file = await readAll(pieces(handedBack));

    expect(intact(file)).toBe(true);
    expect(handedBack.count).toBe(0);
  });
});

describe('ThreadSlots', () => {
  it('answers a taker only once a slot is free, in the order they asked', async () => {
    const slots = new ThreadSlots(1);
    const order: string[] = [];
    const giveBack = await slots.take();
    const second = slots.take().then((release) => (order.push('second'), release));
    const third = slots.take().then((release) => (order.push('third'), release));
    await Promise.resolve();
    expect(order).toEqual([]);

    giveBack();
    giveBack();
    await new Promise((resolve) => setImmediate(resolve));
    // Given back twice, the slot still counts once: the third waits for the second.
    expect(order).toEqual(['second']);
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    const again = await slots.take();
    again();
  });
});
