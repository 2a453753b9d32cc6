import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { serveCommand } from '../../../scripts/serve-command.mjs';

import { apiClient } from './support/accounts.js';

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

  it('starts the same way in the container as with npm run serve', () => {
    const command = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1];

    const { env, args } = serveCommand();
    expect(JSON.parse(command ?? '[]')).toEqual(['node', ...args]);
    expect(args.at(-1)).toBe(MAIN);
    const containerEnv = [...readFileSync('Dockerfile', 'utf8').matchAll(/^ENV (\w+)=(\S+)$/gm)];
    expect(Object.fromEntries(containerEnv.map(([, name, value]) => [name, value]))).toMatchObject(
      env,
    );
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

  it('stops with exit 1 when the chosen storage is unreachable, never falling back', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        PORT: '3999',
        DATA_DIR: freshDataDir(),
        STORAGE: 'elasticsearch',
        ELASTICSEARCH_NODE: 'http://127.0.0.1:9',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'Collection Desk could not start (STORAGE=elasticsearch): connect ECONNREFUSED',
    );
  });

  /**
   * Starts the built app as `npm run serve` would and waits for its "ready" line. A port picked
   * in advance can be taken by a parallel test before the child binds it: then try another.
   */
  async function startBuiltApp(attempts = 3) {
    const dataDir = freshDataDir();
    const port = await freePort();
    const { env, args } = serveCommand();
    const child = spawn(process.execPath, args, {
      env: {
        ...env,
        PATH: process.env.PATH,
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    let exited = false;
    void closed.then(() => (exited = true));
    await expect
      .poll(() => exited || output.includes('Collection Desk is ready'), {
        timeout: 20_000,
        interval: 100,
      })
      .toBe(true);
    if (exited) {
      if (attempts > 1 && output.includes('EADDRINUSE')) return startBuiltApp(attempts - 1);
      throw new Error(`The app exited before it was ready:\n${output}`);
    }
    return { child, dataDir, baseUrl: `http://127.0.0.1:${port}`, closed, output: () => output };
  }

  it('shuts down cleanly on SIGTERM, closing the database', async () => {
    const app = await startBuiltApp();

    app.child.kill('SIGTERM');

    expect(await app.closed).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('Database closed');
    // The last connection to close checkpoints the WAL and removes it.
    expect(existsSync(join(app.dataDir, 'collection-desk.db-wal'))).toBe(false);
  });

  it('writes JSON logs; sign-ins and their failures carry the request id, never the password', async () => {
    const app = await startBuiltApp();
    const api = apiClient(app.baseUrl);
    await api.register('ada@desk.test', 'Ada', 'the secret passphrase');
    await api.call('POST', '/auth/login', {
      body: { email: 'ada@desk.test', password: 'wrong secret guess' },
    });
    await api.login('ada@desk.test', 'the secret passphrase');
    app.child.kill('SIGTERM');
    await app.closed;

    const lines = app
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const failed = lines.find((line) => line['event'] === 'login.failed');
    const succeeded = lines.find((line) => line['event'] === 'login.succeeded');
    expect(failed).toMatchObject({ reqId: expect.any(String), email: 'ada@desk.test' });
    expect(succeeded).toMatchObject({ reqId: expect.any(String), userId: expect.any(String) });
    expect(app.output()).not.toContain('secret');
  });
});
