import { AsyncLocalStorage } from 'node:async_hooks';

import { Logger } from '@nestjs/common';
import { errors } from '@elastic/elasticsearch';

import { DomainError, StorageUnavailableError } from '../../common/errors/domain-error.js';

export function hasStatus(error: unknown, status: number): boolean {
  return error instanceof errors.ResponseError && error.statusCode === status;
}

/** 409: a create hit an existing id, or an if_seq_no write lost a race. */
export const isConflict = (error: unknown) => hasStatus(error, 409);
export const isNotFound = (error: unknown) => hasStatus(error, 404);

/**
 * The request may or may not have been applied: it timed out, the connection dropped, or the
 * cluster answered 5xx. Such a write must be re-read, never assumed to have failed.
 */
export function isUnknownOutcome(error: unknown): boolean {
  return (
    error instanceof errors.TimeoutError ||
    error instanceof errors.ConnectionError ||
    error instanceof errors.NoLivingConnectionsError ||
    error instanceof errors.RequestAbortedError ||
    (error instanceof errors.ResponseError && (error.statusCode ?? 0) >= 500)
  );
}

/** A definite refusal (4xx other than a 409 race or a 429): nothing was written. */
export function isDefiniteRefusal(error: unknown): boolean {
  return (
    error instanceof errors.ResponseError &&
    (error.statusCode ?? 0) >= 400 &&
    (error.statusCode ?? 0) < 500 &&
    error.statusCode !== 429
  );
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
  if (error instanceof errors.ElasticsearchClientError) {
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
