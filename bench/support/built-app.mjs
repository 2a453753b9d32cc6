// The built app as benchmarks drive it: started on a data folder with the overdue scan quiet,
// the benchmark's account signed in, and stopped cleanly.
import { spawn } from 'node:child_process';
import { serveCommand } from '../../scripts/serve-command.mjs';

const BENCH_ACCOUNT = { email: 'bench@desk.test', name: 'Bench', password: 'benchmark passphrase' };

/** Starts dist/api as `npm run serve` does, on `port` and `dataDir`; resolves once /health answers. */
export async function startBuiltApp({ port, dataDir, env = {} }) {
  const serve = serveCommand();
  const child = spawn(process.execPath, serve.args, {
    env: {
      ...serve.env,
      PATH: process.env.PATH,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // The scan would rewrite the seeded customers while something else is measured.
      OVERDUE_SCAN_ON_START: 'false',
      OVERDUE_CRON: '0 0 1 1 *',
      // A benchmark writes as one account far faster than a person does.
      WRITES_PER_ACCOUNT_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the app did not start');
}

export async function stopBuiltApp(child) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('close', resolve));
}

/** POSTs JSON to the API at `base`; throws on an error answer. */
export function jsonPoster(base) {
  return async (path, body, token) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** Registers the benchmark's account (the installation's first: an admin) and signs it in. */
export async function signInBenchAccount(post) {
  await post('/auth/register', BENCH_ACCOUNT);
  const { accessToken } = await post('/auth/login', {
    email: BENCH_ACCOUNT.email,
    password: BENCH_ACCOUNT.password,
  });
  return accessToken;
}
