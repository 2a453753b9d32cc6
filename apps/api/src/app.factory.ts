import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/logging/request-id.js';
import type { AppConfig } from './config/app-config.js';
import { setUpApiDocs } from './docs/swagger.js';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter.js';
import { serveAdminApp } from './web/admin-app.js';

export const API_PREFIX = 'api/v1';

/** JSON bodies above this are refused with 413; file uploads get their own, larger limit. */
const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the whole application (API, docs, socket, admin app) without listening yet. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: JSON_BODY_LIMIT_BYTES,
      trustProxy: false,
      genReqId: requestIdFor,
    }),
    { bufferLogs: true },
  );
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Angular and Swagger UI add component styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.enableCors({ origin: [...config.corsOrigins], credentials: true });
  app.setGlobalPrefix(API_PREFIX);
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config.corsOrigins));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  setUpApiDocs(app);
  await serveAdminApp(app, config.adminDistDir);
  return app;
}
