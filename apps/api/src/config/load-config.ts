import { mkdirSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { AppConfig } from './app-config.js';
import { envSchema } from './env.schema.js';
import { loadOrCreateJwtSecret } from './jwt-secret.js';

/** The environment is invalid; `message` names every bad variable and why. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (see .env.example):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}

export interface LoadConfigOptions {
  /** Where the built admin app is looked for; the API serves it when present. */
  adminDistDir?: string;
}

/** Validates the environment, prepares `DATA_DIR` and returns the typed configuration. */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = env[name];
        const shown =
          value === undefined || /SECRET|PASSWORD|API_KEY/.test(name) ? '' : ` (got "${value}")`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const values = parsed.data;
  const dataDir = resolve(values.DATA_DIR);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigError([
      `DATA_DIR cannot be created at ${dataDir}: ${(error as Error).message}`,
    ]);
  }

  const adminDistDir = resolve(options.adminDistDir ?? 'dist/admin/browser');
  return new AppConfig({
    port: values.PORT,
    host: values.HOST,
    dataDir,
    storage: values.STORAGE,
    elasticsearch: values.ELASTICSEARCH_NODE
      ? {
          node: values.ELASTICSEARCH_NODE,
          username: values.ELASTICSEARCH_USERNAME,
          password: values.ELASTICSEARCH_PASSWORD,
          apiKey: values.ELASTICSEARCH_API_KEY,
          indexPrefix: values.ELASTICSEARCH_INDEX_PREFIX,
        }
      : null,
    jwtSecret: values.JWT_SECRET ?? loadOrCreateJwtSecret(dataDir),
    registration: values.REGISTRATION,
    corsOrigins: values.CORS_ORIGINS,
    trustProxy: values.TRUST_PROXY,
    mockGatewayDelayMs: values.MOCK_GATEWAY_DELAY_MS,
    signUpsPerAddress: values.SIGN_UPS_PER_ADDRESS,
    failedSignInsPerAddress: values.FAILED_SIGN_INS_PER_ADDRESS,
    writesPerAccountPerMinute: values.WRITES_PER_ACCOUNT_PER_MINUTE,
    overdueCron: values.OVERDUE_CRON,
    overdueScanOnStart: values.OVERDUE_SCAN_ON_START,
    notificationRetentionDays: values.NOTIFICATION_RETENTION_DAYS,
    importMaxBytes: values.IMPORT_MAX_BYTES,
    timeZone: values.TZ,
    defaultCurrency: values.DEFAULT_CURRENCY,
    logLevel: values.LOG_LEVEL,
    adminDistDir: existsSync(join(adminDistDir, 'index.html')) ? adminDistDir : null,
  });
}
