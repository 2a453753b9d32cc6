import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { SqliteWalCheckpointer } from './sqlite-wal-checkpointer.js';

describe('background checkpoints', () => {
  const folders: string[] = [];

  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('hands checkpoints back to the writer when its thread cannot work', async () => {
    // A folder where the database file should be: the thread's connection cannot open it.
    const folder = mkdtempSync(join(tmpdir(), 'cd-checkpointer-'));
    folders.push(folder);
    const onFailure = vi.fn();

    const checkpointer = new SqliteWalCheckpointer(folder, onFailure);

    await expect.poll(() => onFailure.mock.calls.length, { timeout: 10_000 }).toBe(1);
    await checkpointer.stop();
    expect(onFailure).toHaveBeenCalledTimes(1);
  });
});
