import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

// `npm test` builds the API first: these tests run the real entry point as a user would.
const MAIN = 'dist/api/apps/api/src/main.js';

const folders: string[] = [];
function freshDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cd-startup-'));
  folders.push(folder);
  return folder;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the process entry point', () => {
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('is built', () => {
    expect(existsSync(MAIN)).toBe(true);
  });

  it('exits 1 naming every bad variable before it starts anything', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: 'abc', STORAGE: 'mongo', DATA_DIR: freshDataDir() },
      encoding: 'utf8',
      timeout: 15_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number between 1 and 65535 (got "abc")');
    expect(result.stderr).toContain('STORAGE must be one of: sqlite, elasticsearch (got "mongo")');
  });

  it('shuts down cleanly on SIGTERM, closing the database', async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    await expect
      .poll(
        async () => {
          try {
            return (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status;
          } catch {
            return 0;
          }
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(200);
    child.kill('SIGTERM');

    // Nest closes everything, then re-raises the signal so the exit status still says why.
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(output).toContain('Database closed');
    // The last connection to close checkpoints the WAL and removes it.
    expect(existsSync(join(dataDir, 'collection-desk.db-wal'))).toBe(false);
  });
});
