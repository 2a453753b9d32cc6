/**
 * A worker for workerFileStream's tests: sends `pieces` pieces of `pieceBytes` bytes each (piece n
 * filled with the byte n), or fails after the first piece when `fail` is set. Loaded from
 * TypeScript source by the test runner.
 */
import { register } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

register('./typescript-hooks.mjs', import.meta.url);

const { sendFile } = await import('./file-sender.js');
const { pieces, pieceBytes, fail } = workerData as {
  pieces: number;
  pieceBytes: number;
  fail: boolean;
};

async function* file(): AsyncIterable<Buffer> {
  for (let n = 0; n < pieces; n += 1) {
    // A piece at a time, as a real file's producer hands them over.
    await Promise.resolve();
    if (fail && n === 1) throw new Error('The disk went away.');
    yield Buffer.alloc(pieceBytes, n);
  }
}

await sendFile(file(), parentPort!);
