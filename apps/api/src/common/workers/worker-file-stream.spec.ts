import { once } from 'node:events';

import { describe, expect, it } from 'vitest';

import { workerFileStream } from './worker-file-stream.js';

const FIXTURE = new URL('./file-sender.fixture.worker.ts', import.meta.url);

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('workerFileStream', () => {
  it('delivers the whole file in order, also when it is far larger than one piece', async () => {
    const pieceBytes = 300 * 1024;
    const file = await readAll(
      workerFileStream(FIXTURE, { pieces: 12, pieceBytes, fail: false }, 64),
    );

    expect(file.length).toBe(12 * pieceBytes);
    for (let n = 0; n < 12; n += 1) {
      expect(file[n * pieceBytes]).toBe(n);
      expect(file[(n + 1) * pieceBytes - 1]).toBe(n);
    }
  });

  it("fails the stream with the thread's reason when writing the file fails", async () => {
    const stream = workerFileStream(FIXTURE, { pieces: 3, pieceBytes: 10, fail: true }, 64);

    await expect(readAll(stream)).rejects.toThrow('The disk went away.');
  });

  it('stops the thread when the reader goes away', async () => {
    // Far more than the stream buffers: the thread waits for a reader that never comes back.
    const stream = workerFileStream(
      FIXTURE,
      { pieces: 10_000, pieceBytes: 1024 * 1024, fail: false },
      64,
    );
    await once(stream, 'readable');
    stream.destroy();

    await once(stream, 'close');
    expect(stream.destroyed).toBe(true);
  });
});
