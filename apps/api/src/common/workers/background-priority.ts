import { readlinkSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling thread's CPU priority, so that long background work (an export) yields to
 * the threads answering requests whenever they want a core. On Linux the nice value belongs to
 * each thread (setpriority(2) with a thread id); `/proc/thread-self` names the calling one.
 * Elsewhere nothing changes. Returns the thread's priority afterwards, null when unknown.
 */
export function yieldToRequests(): number | null {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    // Raising a nice value needs no privilege; a thread already below normal stays as it is.
    if (getPriority(threadId) < constants.priority.PRIORITY_BELOW_NORMAL) {
      setPriority(threadId, constants.priority.PRIORITY_BELOW_NORMAL);
    }
    return getPriority(threadId);
  } catch {
    return null;
  }
}
