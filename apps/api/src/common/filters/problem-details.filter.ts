import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { type FieldError, PROBLEM_CONTENT_TYPE } from '@collection-desk/contracts';

import {
  DomainError,
  StorageUnavailableError,
  ValidationFailedError,
} from '../errors/domain-error.js';
import { buildProblem, problemMappingFor, type ProblemInput } from './problem-details.js';

/**
 * Turns every error thrown while handling an HTTP request into an RFC 9457 problem+json body.
 * Expected failures keep their meaning; anything else is logged and answered as a bare 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = request.id;
    const problem = this.describe(exception, requestId);
    const instance = request.url.split('?')[0];
    if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    if (exception instanceof StorageUnavailableError) {
      this.logger.warn({ reason: exception.reason, requestId }, 'Storage unavailable');
    } else if (problem.status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ err: exception, requestId }, 'Unhandled error while serving a request');
    }
    void reply
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(buildProblem({ ...problem, requestId, instance }));
  }

  private describe(exception: unknown, requestId: string | undefined): ProblemInput {
    if (exception instanceof ValidationFailedError) {
      return {
        ...problemMappingFor(exception.code),
        code: exception.code,
        detail: exception.message,
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof DomainError) {
      const { errors, ...extensions } = exception.extensions;
      return {
        ...problemMappingFor(exception.code),
        code: exception.code,
        detail: exception.message,
        errors: errors as FieldError[] | undefined,
        extensions,
      };
    }
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), detail: httpExceptionDetail(exception) };
    }
    const status = clientErrorStatus(exception);
    if (status !== undefined) return { status, detail: (exception as Error).message };
    return {
      status: 500,
      detail: `Something went wrong on our side. Quote request id ${requestId ?? 'unknown'} when you report it.`,
    };
  }
}

function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Fastify reports malformed requests (bad JSON, body too large, ...) with a 4xx `statusCode`. */
function clientErrorStatus(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
