import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { PROBLEM_CONTENT_TYPE } from '@collection-desk/contracts';

import { buildProblem } from '../common/filters/problem-details.js';

// The production build (outputHashing: all) puts a content hash in every script, style and font.
const HASHED_ASSET = /\.(js|css|woff2?)$/;

/**
 * Serves the built admin app at `/`. Deep links (`/customers`) get index.html so the router
 * can take over; unknown `/api/...` paths still get a 404 problem, never the app's HTML.
 */
export async function serveAdminApp(
  app: NestFastifyApplication,
  distDir: string | null,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const indexHtml = distDir ? readFileSync(join(distDir, 'index.html')) : null;

  if (distDir) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        void reply.header(
          'cache-control',
          HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (indexHtml === null || path.startsWith('/api/') || path === '/api' || /\.\w+$/.test(path)) {
      const isAppRoute = indexHtml === null && !path.startsWith('/api') && !/\.\w+$/.test(path);
      return reply
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          buildProblem({
            status: 404,
            detail: isAppRoute
              ? 'The admin app is not built: run `npm run build:admin` (or `npm start`).'
              : `Nothing is served at ${path}.`,
            instance: path,
            requestId: request.id,
          }),
        );
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(indexHtml);
  });
}
