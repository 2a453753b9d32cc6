import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';

import { API_PREFIX } from './app.constants.js';
import { AppModule } from './app.module.js';
import { BearerAuthenticator } from './auth/bearer-authenticator.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/logging/request-id.js';
import { clientErrorHandler, frameworkErrorHandler } from './common/http/framework-errors.js';
import { JSON_BODY_LIMIT_BYTES, useBoundedJsonParser } from './common/http/json-body.js';
import { addResponseHeaders } from './common/http/response-headers.js';
import type { AppConfig } from './config/app-config.js';
import { setUpApiDocs } from './docs/swagger.js';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter.js';
import { serveAdminApp } from './web/admin-app.js';

/** How long a client may take to send one whole request, upload included. */
const REQUEST_TIMEOUT_MS = 120_000;

/** Headers a browser on another allowed origin may read, and send, on API calls. */
const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Retry-After',
  'Content-Disposition',
  REQUEST_ID_HEADER,
];
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'];

/** Builds the whole application (API, docs, socket, admin app) without listening yet. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: JSON_BODY_LIMIT_BYTES,
      // A request (an upload included) must arrive whole within this time: no slow trickles.
      requestTimeout: REQUEST_TIMEOUT_MS,
      // Fastify accepts a hop count too (its own types do); Nest's adapter options type is narrower.
      trustProxy: config.trustProxy as boolean | string[],
      genReqId: requestIdFor,
      frameworkErrors: frameworkErrorHandler,
      clientErrorHandler,
    }),
    { bufferLogs: true },
  );
  useBoundedJsonParser(app);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  // nestjs-pino's middleware loses its async context on requests with a body under Fastify
  // (fastify/middie#124); re-entering it after body parsing puts reqId on every line.
  const contextLogger = await app.resolve(PinoLogger);
  fastify.addHook('preHandler', (request, _reply, done) => {
    contextLogger.runInContext(() => done(), { bindings: { reqId: request.id } });
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  await app.register(cookie);
  // Uploads (imports): one file, few small fields; the file's own limit is set per route.
  await app.register(multipart, {
    limits: { files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 50 },
  });
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
  addResponseHeaders(fastify);
  app.enableCors({
    origin: [...config.corsOrigins],
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  app.setGlobalPrefix(API_PREFIX);
  const bearer = app.get(BearerAuthenticator);
  app.useWebSocketAdapter(
    new RealtimeIoAdapter(app, config.corsOrigins, (token) => bearer.authenticate(token)),
  );
  // process.exit (not re-raising the signal) lets pino flush its last lines, "Database closed" included.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  setUpApiDocs(app);
  await serveAdminApp(app, config.adminDistDir);
  return app;
}
