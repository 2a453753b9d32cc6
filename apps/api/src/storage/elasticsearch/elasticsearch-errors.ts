import { AsyncLocalStorage } from 'node:async_hooks';

import { Logger } from '@nestjs/common';
import type { estypes } from '@elastic/elasticsearch';

import { DomainError, StorageUnavailableError } from '../../common/errors/domain-error.js';

/**
 * The client's errors are recognised by name, not `instanceof`: @elastic/elasticsearch ships an
 * ESM and a CommonJS build, and an error made by one is not an instance of the other's class.
 */
const CLIENT_ERROR_NAMES = new Set([
  'ElasticsearchClientError',
  'TimeoutError',
  'ConnectionError',
  'NoLivingConnectionsError',
  'SerializationError',
  'DeserializationError',
  'ConfigurationError',
  'ResponseError',
  'RequestAbortedError',
  'ProductNotSupportedError',
]);
const UNKNOWN_OUTCOME_NAMES = new Set([
  'TimeoutError',
  'ConnectionError',
  'NoLivingConnectionsError',
  'RequestAbortedError',
]);

function isClientError(error: unknown): error is Error & { statusCode?: number; body?: unknown } {
  return error instanceof Error && CLIENT_ERROR_NAMES.has(error.name);
}

function statusOf(error: unknown): number | undefined {
  return isClientError(error) && error.name === 'ResponseError' ? error.statusCode : undefined;
}

export function hasStatus(error: unknown, status: number): boolean {
  return statusOf(error) === status;
}

/** 409: a create hit an existing id, or an if_seq_no write lost a race. */
export const isConflict = (error: unknown) => hasStatus(error, 409);

/**
 * A 404 about the document (the index exists, the id does not). A missing index is a 404 too,
 * but with an `error` body: that is a broken deployment, never "no such customer".
 */
export function isNotFound(error: unknown): boolean {
  if (!hasStatus(error, 404)) return false;
  const body = (error as { body?: unknown }).body as { error?: unknown } | undefined;
  return typeof body !== 'object' || body === null || body.error === undefined;
}

/** A document by id, or null when the index has no such id (a missing index still throws). */
export async function getDocument<T>(
  elasticsearch: { get<D>(request: estypes.GetRequest): Promise<estypes.GetResponse<D>> },
  request: estypes.GetRequest,
): Promise<estypes.GetResponse<T> | null> {
  try {
    const response = await elasticsearch.get<T>(request);
    return response.found ? response : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * The request may or may not have been applied: it timed out, the connection dropped, or the
 * cluster answered 5xx. Such a write must be re-read, never assumed to have failed.
 */
export function isUnknownOutcome(error: unknown): boolean {
  if (!isClientError(error)) return false;
  return UNKNOWN_OUTCOME_NAMES.has(error.name) || (statusOf(error) ?? 0) >= 500;
}

const logger = new Logger('Elasticsearch');

/**
 * What the rest of the API may see of an Elasticsearch failure. Outages, timeouts, 429
 * (flood-stage, queues full) and 5xx become StorageUnavailableError (503 + Retry-After); any other
 * client error (an expired API key, missing privileges, a missing index) is our misconfiguration,
 * logged in full here and passed on as a bare error, so the answer is a 500 without internals and
 * the admin app does not sign the user out on the cluster's 401.
 */
export function translateElasticsearchError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (isUnknownOutcome(error) || hasStatus(error, 429)) {
    return new StorageUnavailableError(`Elasticsearch: ${(error as Error).message}`);
  }
  if (isClientError(error)) {
    logger.error({ err: error }, 'Elasticsearch refused a request');
    return new Error('Elasticsearch refused a request (see the log).');
  }
  return error;
}

/** Set while an adapter method runs, so that only the outermost call translates errors. */
const insideAdapter = new AsyncLocalStorage<true>();

/**
 * Wraps every method of an adapter class so that whatever Elasticsearch throws is translated
 * on the way out to the service (see translateElasticsearchError). Calls between the adapter's
 * own methods still see raw errors, where a 404 or a 409 means something.
 */
export function TranslatesElasticsearchErrors(): ClassDecorator {
  return (target) => {
    const prototype = (target as unknown as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      const method = descriptor?.value as unknown;
      if (name === 'constructor' || typeof method !== 'function') continue;
      Object.defineProperty(prototype, name, {
        ...descriptor,
        value: function (this: unknown, ...args: unknown[]) {
          const call = () => (method as (...a: unknown[]) => unknown).apply(this, args);
          if (insideAdapter.getStore()) return call();
          return insideAdapter.run(true, () => {
            try {
              const result = call();
              return result instanceof Promise
                ? result.catch((error: unknown) => {
                    throw translateElasticsearchError(error);
                  })
                : result;
            } catch (error) {
              throw translateElasticsearchError(error);
            }
          });
        },
      });
    }
  };
}
