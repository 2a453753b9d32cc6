import 'reflect-metadata';

import { Logger } from '@nestjs/common';

import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/load-config.js';

export async function start(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  let app;
  try {
    app = await createApp(config);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // No fallback: a store that cannot be reached must stop the process, loudly and briefly.
    process.stderr.write(
      `Collection Desk could not start (STORAGE=${config.storage}): ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
  new Logger('Bootstrap').log(
    { port: config.port, storage: config.storage, dataDir: config.dataDir },
    `Collection Desk is ready on http://localhost:${config.port}`,
  );
}
