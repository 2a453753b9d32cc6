import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { describe, expect, it } from 'vitest';

import { ThreadSlots, workerFileStream } from './worker-file-stream.js';

const FIXTURE = new URL('./file-sender.fixture.worker.ts', import.meta.url);

const fileThread = (
  workerData: { pieces: number; pieceBytes: number; fail: boolean },
  slots = new ThreadSlots(1),
) => workerFileStream({ url: FIXTURE, workerData, heapMb: 64, slots });

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

  it('hands pieces a destination has written out back to the thread, the file intact', async () => {
    const pieceBytes = 1024 * 1024;
    const copies: Buffer[] = [];
    const received: Buffer[] = [];
    // A destination that lets go of each chunk once written, as a socket does: later.
    const destination = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk);
        copies.push(Buffer.from(chunk));
        setImmediate(done);
      },
    });
    await pipeline(fileThread({ pieces: 8, pieceBytes, fail: false }), destination);

    const file = Buffer.concat(copies);
    expect(file.length).toBe(8 * pieceBytes);
    for (let n = 0; n < 8; n += 1) {
      expect(file.subarray(n * pieceBytes, (n + 1) * pieceBytes).every((byte) => byte === n)).toBe(
        true,
      );
    }
    // A piece handed back is detached here: the thread filled it with a later piece.
    expect(received.filter((chunk) => chunk.buffer.byteLength === 0).length).toBeGreaterThan(0);
  });

  it('never hands back a piece while its reader may still hold it', async () => {
    const parts: Buffer[] = [];
    for await (const part of fileThread({ pieces: 6, pieceBytes: 512 * 1024, fail: false })) {
      parts.push(part as Buffer);
    }

    expect(parts.every((part) => part.buffer.byteLength > 0)).toBe(true);
    expect(Buffer.concat(parts).length).toBe(6 * 512 * 1024);
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
