import { isIP } from 'node:net';

import { validateCronExpression } from 'cron';
import { z } from 'zod';

import { REGISTRATION_MODES, STORAGE_DRIVERS } from '@collection-desk/contracts';

import { LOG_LEVELS } from './app-config.js';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

/** An address or CIDR block (`10.0.0.0/8`) that may appear as a proxy in X-Forwarded-For. */
function isAddressOrBlock(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** `false`, `true`, a number of proxy hops, or the proxies' addresses: see the README. */
export type TrustProxy = boolean | number | string[];

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** Every environment variable the API reads, with its default and its rule. */
export const envSchema = z
  .object({
    PORT: z.coerce
      .number({ error: 'must be a whole number between 1 and 65535' })
      .int('must be a whole number between 1 and 65535')
      .min(1, 'must be a whole number between 1 and 65535')
      .max(65535, 'must be a whole number between 1 and 65535')
      .default(3000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().trim().min(1, 'must be a folder path').default('./data'),
    STORAGE: z
      .enum(STORAGE_DRIVERS, { error: `must be one of: ${STORAGE_DRIVERS.join(', ')}` })
      .default('sqlite'),
    ELASTICSEARCH_NODE: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    ),
    ELASTICSEARCH_USERNAME: optionalText,
    ELASTICSEARCH_PASSWORD: optionalText,
    ELASTICSEARCH_API_KEY: optionalText,
    ELASTICSEARCH_INDEX_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _')
      .default('collection-desk-'),
    JWT_SECRET: optionalText.pipe(
      z.string().min(32, 'must be at least 32 characters (use a random value)').optional(),
    ),
    REGISTRATION: z
      .enum(REGISTRATION_MODES, { error: `must be one of: ${REGISTRATION_MODES.join(', ')}` })
      .default('open'),
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:3000,http://localhost:4200')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin.length > 0),
      )
      .refine((origins) => origins.every(isOrigin), {
        error: 'must be a comma-separated list of origins such as https://desk.example.com',
      }),
    SIGN_UPS_PER_ADDRESS: z.coerce
      .number({ error: 'must be a whole number of at least 1' })
      .int('must be a whole number of at least 1')
      .min(1, 'must be a whole number of at least 1')
      .default(10),
    FAILED_SIGN_INS_PER_ADDRESS: z.coerce
      .number({ error: 'must be a whole number of at least 1' })
      .int('must be a whole number of at least 1')
      .min(1, 'must be a whole number of at least 1')
      .default(20),
    // At most 100,000: the limiter keeps one timestamp per change and scans them on each one.
    WRITES_PER_ACCOUNT_PER_MINUTE: z.coerce
      .number({ error: 'must be a whole number from 1 to 100000' })
      .int('must be a whole number from 1 to 100000')
      .min(1, 'must be a whole number from 1 to 100000')
      .max(100_000, 'must be a whole number from 1 to 100000')
      .default(300),
    MOCK_GATEWAY_DELAY_MS: z.coerce
      .number({ error: 'must be a whole number of milliseconds (0 to 600000)' })
      .int('must be a whole number of milliseconds (0 to 600000)')
      .min(0, 'must be a whole number of milliseconds (0 to 600000)')
      .max(600_000, 'must be a whole number of milliseconds (0 to 600000)')
      .default(1500),
    TRUST_PROXY: z
      .string()
      .trim()
      .default('false')
      .transform((value, context): TrustProxy => {
        if (value === 'false' || value === '') return false;
        if (value === 'true') return true;
        if (/^\d{1,2}$/.test(value)) return Number(value);
        const proxies = value.split(',').map((part) => part.trim());
        if (proxies.every(isAddressOrBlock)) return proxies;
        context.addIssue({
          code: 'custom',
          message: 'must be false, true, a number of proxy hops, or proxy addresses/CIDRs',
        });
        return z.NEVER;
      }),
    OVERDUE_CRON: z
      .string()
      .trim()
      .default('*/15 * * * *')
      .refine((value) => validateCronExpression(value).valid, {
        error: 'must be a cron expression such as "*/15 * * * *"',
      }),
    OVERDUE_SCAN_ON_START: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    NOTIFICATION_RETENTION_DAYS: z.coerce
      .number({ error: 'must be a whole number of days (1 to 3650)' })
      .int('must be a whole number of days (1 to 3650)')
      .min(1, 'must be a whole number of days (1 to 3650)')
      .max(3650, 'must be a whole number of days (1 to 3650)')
      .default(90),
    IMPORT_MAX_BYTES: z.coerce
      .number({ error: 'must be a whole number of bytes (1024 to 104857600)' })
      .int('must be a whole number of bytes (1024 to 104857600)')
      .min(1024, 'must be a whole number of bytes (1024 to 104857600)')
      .max(100 * 1024 * 1024, 'must be a whole number of bytes (1024 to 104857600)')
      .default(10 * 1024 * 1024),
    TZ: z
      .string()
      .trim()
      .default('UTC')
      .refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Paris' }),
    DEFAULT_CURRENCY: z
      .string()
      .trim()
      .toUpperCase()
      .default('EUR')
      .refine((value) => KNOWN_CURRENCIES.has(value), {
        error: 'must be an ISO 4217 currency code such as EUR',
      }),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: `must be one of: ${LOG_LEVELS.join(', ')}` })
      .default('info'),
  })
  .superRefine((env, context) => {
    if (env.STORAGE === 'elasticsearch' && !env.ELASTICSEARCH_NODE) {
      context.addIssue({
        code: 'custom',
        path: ['ELASTICSEARCH_NODE'],
        message: 'is required when STORAGE=elasticsearch',
      });
    }
    if ((env.ELASTICSEARCH_USERNAME === undefined) !== (env.ELASTICSEARCH_PASSWORD === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['ELASTICSEARCH_PASSWORD'],
        message: 'ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD go together',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
