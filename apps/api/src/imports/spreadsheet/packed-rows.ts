import { deserialize, serialize } from 'node:v8';

import type { PackedRows, SheetRow } from './spreadsheet-worker.js';

/**
 * Rows packed as the reader thread packs them (it loads no module of ours, so it has its own
 * copy of these two lines).
 */
export function packRows(rows: SheetRow[]): PackedRows {
  return { count: rows.length, bytes: new Uint8Array(serialize(rows)).buffer };
}

/** The rows of a packed slice. */
export function unpackRows(packed: PackedRows): SheetRow[] {
  return deserialize(new Uint8Array(packed.bytes)) as SheetRow[];
}
