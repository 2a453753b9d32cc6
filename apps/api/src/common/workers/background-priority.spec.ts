import { once } from 'node:events';
import { constants, getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

describe('yieldToRequests', () => {
  it("lowers the calling thread's CPU priority, and not the process's", async () => {
    const before = getPriority();
    const worker = new Worker(new URL('./background-priority.fixture.worker.ts', import.meta.url));
    const [threadPriority] = (await once(worker, 'message')) as [number | null];
    await worker.terminate();

    expect(threadPriority).toBe(Math.max(before, constants.priority.PRIORITY_BELOW_NORMAL));
    expect(getPriority()).toBe(before);
  });
});
