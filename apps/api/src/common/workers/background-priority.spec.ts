import { once } from 'node:events';
import { getPriority, platform } from 'node:os';
import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { BACKGROUND_NICE } from './background-priority.js';

describe('yieldToRequests', () => {
  it("lowers the calling thread's CPU priority, and not the process's", async () => {
    const before = getPriority();
    const worker = new Worker(new URL('./background-priority.fixture.worker.ts', import.meta.url));
    const [threadPriority] = (await once(worker, 'message')) as [number | null];
    await worker.terminate();

    // Threads have a priority of their own on Linux only: elsewhere nothing changes.
    expect(threadPriority).toBe(platform() === 'linux' ? Math.max(before, BACKGROUND_NICE) : null);
    expect(getPriority()).toBe(before);
  });
});
