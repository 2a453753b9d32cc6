import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { PROBLEM_CONTENT_TYPE } from '@collection-desk/contracts';

import { buildProblem } from '../filters/problem-details.js';

/**
 * Errors Fastify raises before any route runs (a malformed URL, a path segment longer than
 * `maxParamLength`), answered as problem+json like everything else.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 414
      : typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 400;
  void reply
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      buildProblem({
        status,
        detail:
          status === 414
            ? 'A part of the URL is too long.'
            : 'The URL is not valid (a malformed percent-encoding?).',
        instance: request.url.split('?')[0],
        requestId: request.id,
      }),
    );
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers too large, a client
 * timeout, garbage on the socket): the answer is written on the raw socket, as problem+json.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const detail =
    status === 431
      ? 'The request headers are too large.'
      : status === 408
        ? 'The request took too long to arrive.'
        : 'The request is not valid HTTP.';
  const body = JSON.stringify(buildProblem({ status, detail }));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
