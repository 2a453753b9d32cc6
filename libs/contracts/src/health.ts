export const STORAGE_DRIVERS = ['sqlite', 'elasticsearch'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

export interface StorageHealth {
  driver: StorageDriver;
  ok: boolean;
  /** Why storage is unhealthy; absent when it is fine. */
  error?: string;
}

export interface HealthStatus {
  status: 'ok' | 'error';
  storage: StorageHealth;
}
