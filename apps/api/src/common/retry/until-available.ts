import { setTimeout as sleep } from 'node:timers/promises';

import { StorageUnavailableError } from '../errors/domain-error.js';

export interface UntilAvailableOptions {
  /** Between two attempts. */
  intervalMs: number;
  /** Attempts in all, the first included. */
  attempts: number;
}

/**
 * Runs a clean-up now and, while storage answers that it is busy (SQLite's write lock is held
 * for seconds by an import's writer), again every `intervalMs` in the background. Resolves to
 * `true` when it ran now, `false` when it was left to the background; gives up after `attempts`
 * and then calls `onGiveUp`, as it does at once for any other error.
 */
export async function runUntilAvailable(
  work: () => Promise<unknown>,
  onGiveUp: (error: unknown) => void,
  options: UntilAvailableOptions = { intervalMs: 1_000, attempts: 120 },
): Promise<boolean> {
  const attempt = async (): Promise<unknown> => {
    try {
      await work();
      return null;
    } catch (error) {
      return error;
    }
  };
  const first = await attempt();
  if (first === null) return true;
  if (!(first instanceof StorageUnavailableError)) {
    onGiveUp(first);
    return false;
  }
  void (async () => {
    let last: unknown = first;
    for (let left = options.attempts - 1; left > 0; left -= 1) {
      await sleep(options.intervalMs, undefined, { ref: false });
      last = await attempt();
      if (last === null) return;
      if (!(last instanceof StorageUnavailableError)) break;
    }
    onGiveUp(last);
  })();
  return false;
}
