import type { StorageHealth } from '@collection-desk/contracts';

/** Port each storage family implements so `/health` can tell whether storage answers. */
export abstract class StorageHealthIndicator {
  abstract check(): Promise<StorageHealth>;
}
