import { hash } from 'node:crypto';

/**
 * A UUID (RFC 9562 version 8, "custom") derived from a key: the same key always gives the same
 * id. Used where a retried write must land on the same document (imports, migrations,
 * settlements) instead of creating a second one.
 */
export function deterministicUuid(key: string): string {
  const bytes = hash('sha256', key, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
