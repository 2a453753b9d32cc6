import type { FastifyInstance } from 'fastify';

import { API_PREFIX } from '../../app.constants.js';

/** Features no page of this app uses: a compromised script cannot turn them on either. */
const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/**
 * Headers every response gets beside helmet's: a Permissions-Policy, and `no-store` on API
 * answers (customer data must not linger in shared or browser caches) unless a route set its own.
 */
export function addResponseHeaders(fastify: FastifyInstance): void {
  const apiPath = `/${API_PREFIX}/`;
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (request.url.startsWith(apiPath) && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
