import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cd-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });

  function problemsOf(env: Record<string, string>): string[] {
    try {
      load(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('starts with sensible defaults from an empty environment', () => {
    const config = load({});

    expect(config).toMatchObject({
      port: 3000,
      dataDir,
      storage: 'sqlite',
      elasticsearch: null,
      corsOrigins: ['http://localhost:3000', 'http://localhost:4200'],
      overdueCron: '*/15 * * * *',
      notificationRetentionDays: 90,
      importMaxBytes: 10 * 1024 * 1024,
      overdueScanOnStart: true,
      timeZone: 'UTC',
      defaultCurrency: 'EUR',
      logLevel: 'info',
    });
  });

  it('names every bad variable and why, in one error', () => {
    const problems = problemsOf({
      PORT: 'abc',
      STORAGE: 'mongo',
      CORS_ORIGINS: 'http://ok.example,not-a-url',
      OVERDUE_CRON: 'every hour',
      TZ: 'Mars/Olympus',
      DEFAULT_CURRENCY: 'EURO',
      LOG_LEVEL: 'loud',
      JWT_SECRET: 'short',
    });

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT must be a whole number .*got "abc"/),
        expect.stringMatching(/^STORAGE must be one of: sqlite, elasticsearch/),
        expect.stringMatching(/^CORS_ORIGINS must be a comma-separated list of origins/),
        expect.stringMatching(/^OVERDUE_CRON must be a cron expression/),
        expect.stringMatching(/^TZ must be an IANA time zone/),
        expect.stringMatching(/^DEFAULT_CURRENCY must be an ISO 4217 currency code/),
        expect.stringMatching(/^LOG_LEVEL must be one of/),
        expect.stringMatching(/^JWT_SECRET must be at least 32 characters \(use a random value\)$/),
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it.each(['0', '65536', '3000.5', '-1', ''])('refuses PORT=%j', (port) => {
    expect(problemsOf({ PORT: port })[0]).toMatch(/^PORT /);
  });

  it('needs an Elasticsearch node when STORAGE=elasticsearch', () => {
    expect(problemsOf({ STORAGE: 'elasticsearch' })).toEqual([
      'ELASTICSEARCH_NODE is required when STORAGE=elasticsearch',
    ]);
    expect(
      load({ STORAGE: 'elasticsearch', ELASTICSEARCH_NODE: 'http://localhost:9200' }).elasticsearch,
    ).toMatchObject({ node: 'http://localhost:9200', indexPrefix: 'collection-desk-' });
  });

  it('generates a JWT secret once, readable by the owner only, and keeps it across starts', () => {
    const first = load({}).jwtSecret;
    const second = load({}).jwtSecret;
    const file = join(dataDir, 'jwt-secret');

    expect(first).toHaveLength(64);
    expect(second).toBe(first);
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('uses JWT_SECRET when given and writes no file', () => {
    const secret = 'x'.repeat(40);
    expect(load({ JWT_SECRET: secret }).jwtSecret).toBe(secret);
    expect(() => statSync(join(dataDir, 'jwt-secret'))).toThrow();
  });

  it('parses CORS_ORIGINS and upper-cases the currency', () => {
    expect(
      load({
        CORS_ORIGINS: ' https://desk.example.com , http://localhost:4200 ',
        DEFAULT_CURRENCY: 'usd',
      }),
    ).toMatchObject({
      corsOrigins: ['https://desk.example.com', 'http://localhost:4200'],
      defaultCurrency: 'USD',
    });
  });
});
