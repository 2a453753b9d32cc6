import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { StorageUnavailableError } from '../../common/errors/domain-error.js';
import { SqliteCustomerExporter } from './sqlite-customer-exporter.js';
import { SqliteDatabase } from './sqlite-database.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const part of stream) text += (part as Buffer).toString('utf8');
  return text;
}

describe('SqliteCustomerExporter', () => {
  it('writes the file in its thread from the database file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cd-exporter-'));
    folders.push(folder);
    const database = SqliteDatabase.open(join(folder, 'collection-desk.db'));
    try {
      const file = await readAll(
        new SqliteCustomerExporter(database).file('csv', {}, [
          { field: 'dueDate', direction: 'asc' },
        ]),
      );

      // No customers yet: the header row alone.
      expect(file.trim().split('\n')).toHaveLength(1);
      expect(file).toContain('Outstanding (minor units)');
    } finally {
      database.close();
    }
  });

  it('fails as storage unavailable (503, retry later) when its thread cannot open the database', async () => {
    const unreachable = { path: join(tmpdir(), 'cd-no-such-folder', 'missing.db') };
    const stream = new SqliteCustomerExporter(unreachable as SqliteDatabase).file('csv', {}, [
      { field: 'dueDate', direction: 'asc' },
    ]);

    await expect(readAll(stream)).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
