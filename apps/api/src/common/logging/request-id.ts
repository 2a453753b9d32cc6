import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTABLE_INCOMING_ID = /^[\w.:-]{1,100}$/;

/**
 * Fastify's request id generator: keeps a caller's (e.g. a proxy's) id when it is sane,
 * otherwise makes one. The logger and the error bodies reuse Fastify's id.
 */
export function requestIdFor(request: Pick<IncomingMessage, 'headers'>): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_INCOMING_ID.test(incoming)
    ? incoming
    : randomUUID();
}
