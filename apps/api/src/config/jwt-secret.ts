import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FILE = 'jwt-secret';

/**
 * Returns the secret kept in `dataDir`, creating a random one on first run, readable by the
 * owner only. The secret never lives in the repository and survives restarts, so sessions do too.
 */
export function loadOrCreateJwtSecret(dataDir: string): string {
  const path = join(dataDir, SECRET_FILE);
  try {
    writeFileSync(path, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}
