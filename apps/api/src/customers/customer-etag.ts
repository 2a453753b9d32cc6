import type { Customer } from '@collection-desk/contracts';

/** The ETag of a customer names its version: `"v7"`. */
export function etagOf(customer: Pick<Customer, 'version'>): string {
  return `"v${customer.version}"`;
}

/**
 * What an `If-Match` header asks for: `absent` (428), `unmatchable` (412: only weak or foreign
 * tags, which RFC 9110's strong comparison never matches), or the versions it names (a list is
 * allowed; the change goes ahead if the current version is one of them).
 */
export type IfMatch =
  { kind: 'absent' } | { kind: 'unmatchable' } | { kind: 'versions'; versions: number[] };

export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined || header.trim() === '') return { kind: 'absent' };
  const versions = header
    .split(',')
    .map((tag) => /^\s*"v(\d{1,15})"\s*$/.exec(tag)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number);
  return versions.length > 0 ? { kind: 'versions', versions } : { kind: 'unmatchable' };
}
