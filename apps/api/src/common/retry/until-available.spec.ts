import { describe, expect, it, vi } from 'vitest';

import { StorageUnavailableError } from '../errors/domain-error.js';
import { runUntilAvailable } from './until-available.js';

const busy = () => new StorageUnavailableError('SQLite: database is locked');

describe('runUntilAvailable', () => {
  it('runs now when storage answers', async () => {
    const work = vi.fn(() => Promise.resolve());
    expect(await runUntilAvailable(work, () => undefined)).toBe(true);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('tries again in the background while storage is busy, until it answers', async () => {
    const work = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(busy())
      .mockRejectedValueOnce(busy())
      .mockResolvedValue(undefined);
    const gaveUp = vi.fn();

    expect(await runUntilAvailable(work, gaveUp, { intervalMs: 5, attempts: 10 })).toBe(false);

    await expect.poll(() => work.mock.calls.length).toBe(3);
    expect(gaveUp).not.toHaveBeenCalled();
  });

  it('gives up after its attempts, and at once on anything but busy storage', async () => {
    const alwaysBusy = vi.fn(() => Promise.reject(busy()));
    const gaveUp = vi.fn();
    await runUntilAvailable(alwaysBusy, gaveUp, { intervalMs: 5, attempts: 3 });
    await expect.poll(() => gaveUp.mock.calls.length).toBe(1);
    expect(alwaysBusy).toHaveBeenCalledTimes(3);

    const broken = new Error('disk I/O error');
    const gaveUpAtOnce = vi.fn();
    await runUntilAvailable(() => Promise.reject(broken), gaveUpAtOnce);
    expect(gaveUpAtOnce).toHaveBeenCalledWith(broken);
  });
});
