import type { RegistrationMode, StorageDriver } from '@collection-desk/contracts';

import type { TrustProxy } from './env.schema.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ElasticsearchConfig {
  node: string;
  username?: string;
  password?: string;
  apiKey?: string;
  /** Prefix of every index and alias name, so several deployments can share a cluster. */
  indexPrefix: string;
}

/**
 * The validated configuration, built once at start-up by `loadConfig` and injected by class.
 * Nothing else in the API reads `process.env`.
 */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly storage: StorageDriver;
  readonly elasticsearch: ElasticsearchConfig | null;
  readonly jwtSecret: string;
  /** `closed`: only admins create accounts (the very first sign-up is always allowed). */
  readonly registration: RegistrationMode;
  readonly corsOrigins: readonly string[];
  /** Sign-ups one client address may make in 10 minutes. */
  readonly signUpsPerAddress: number;
  /** Failed sign-ins (any emails) one client address may make in 10 minutes. */
  readonly failedSignInsPerAddress: number;
  /** Changes (POST, PUT, PATCH, DELETE) one signed-in account may make in a minute. */
  readonly writesPerAccountPerMinute: number;
  /** How long the mock payment gateway takes to settle a card or cash payment. */
  readonly mockGatewayDelayMs: number;
  /** Whose X-Forwarded-For to believe for the client address (rate limits, logs, Secure cookies). */
  readonly trustProxy: TrustProxy;
  /** When the overdue scan runs (it also runs shortly after start-up). */
  readonly overdueCron: string;
  /** Whether the scan also runs a few seconds after start-up (catching up after downtime). */
  readonly overdueScanOnStart: boolean;
  /** Read notifications older than this are pruned; unread ones are kept. */
  readonly notificationRetentionDays: number;
  /** The largest import upload accepted, refused while it streams in. */
  readonly importMaxBytes: number;
  readonly timeZone: string;
  readonly defaultCurrency: string;
  readonly logLevel: LogLevel;
  /** Folder of the built admin app; null when it is not built (API-only runs and tests). */
  readonly adminDistDir: string | null;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
