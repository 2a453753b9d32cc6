import type { Customer } from '@collection-desk/contracts';

/** The ETag of a customer names its version: `"v7"`. */
export function etagOf(customer: Pick<Customer, 'version'>): string {
  return `"v${customer.version}"`;
}

/** The version an `If-Match` header names, or null when it names none we issued. */
export function versionFromIfMatch(header: string | undefined): number | null {
  const match = /^\s*(?:W\/)?"v(\d{1,15})"\s*$/.exec(header ?? '');
  return match ? Number(match[1]) : null;
}
