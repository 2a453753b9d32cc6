import { readlinkSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

/**
 * The nice value background threads run at ("below normal"): a search during a full export went
 * from 5.3× to 2.0× `/health`, and an export alone takes as long as before (XLSX 52.5 s).
 */
export const BACKGROUND_NICE = constants.priority.PRIORITY_BELOW_NORMAL;

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
    if (getPriority(threadId) < BACKGROUND_NICE) setPriority(threadId, BACKGROUND_NICE);
    return getPriority(threadId);
  } catch {
    return null;
  }
}
