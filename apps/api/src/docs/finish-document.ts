import type { OpenAPIObject } from '@nestjs/swagger';

import { PROBLEM_CONTENT_TYPE } from '@collection-desk/contracts';

import { SECURITY_EXTENSION } from '../common/decorators/public.decorator.js';
import { OUTSIDE_WRITE_LIMIT_EXTENSION } from '../common/decorators/outside-write-limit.decorator.js';
import { isReadMethod } from '../common/http/read-methods.js';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Components = NonNullable<OpenAPIObject['components']>;
type Schema = NonNullable<Components['schemas']>[string];
type Header = NonNullable<Components['headers']>[string];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'RFC 9457 problem details: the body of every error response.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      type: 'string',
      description:
        '`urn:collection-desk:problem:<code>` for our errors, `about:blank` for plain HTTP ones.',
      example: 'urn:collection-desk:problem:validation-failed',
    },
    title: { type: 'string', example: 'Your request has invalid fields' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', example: 'email: must be a valid email address' },
    instance: { type: 'string', example: '/api/v1/customers' },
    requestId: { type: 'string', description: 'Also on every log line of the request.' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field.',
      items: { $ref: '#/components/schemas/FieldError' },
    },
    currentVersion: {
      type: 'integer',
      minimum: 1,
      description: 'On 412: the version the resource has now.',
    },
  },
};

const FIELD_ERROR_SCHEMA: Schema = {
  type: 'object',
  required: ['field', 'message'],
  properties: {
    field: { type: 'string', example: 'email' },
    message: { type: 'string', example: 'must be a valid email address' },
  },
};

const HEADERS: Record<string, Header> = {
  RetryAfter: {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1 },
  },
  RequestId: {
    description: 'The id of this request, also on every log line about it.',
    schema: { type: 'string' },
  },
};

const COMMON_RESPONSES: Record<string, string> = {
  '400': 'Invalid input: `errors` names each field.',
  '401': 'No valid access token.',
  '403': 'Your role does not allow this.',
  '429': 'Too many requests: see `Retry-After`.',
  '503': 'Storage is unavailable for a moment: see `Retry-After`.',
};

/**
 * Turns the document Nest generates into the contract we publish:
 * - each operation's security as its route declares it (`security: []` for public routes, the
 *   optional credentials a public route reads), and bearer for everything else;
 * - the problem+json body on every error, with the common failures each operation can meet
 *   (400 with input, 401/403 with a session, 503 everywhere) and Retry-After where it applies;
 * - a schema on every response header.
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  delete (document.info as { contact?: unknown }).contact;
  document.info.contact = { name: 'Collection Desk team' };
  document.info.license = { name: 'Proprietary' };
  document.security = [{ bearer: [] }];
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ProblemDetails: PROBLEM_SCHEMA,
      FieldError: FIELD_ERROR_SCHEMA,
    },
    headers: { ...document.components?.headers, ...HEADERS },
  };
  const problem = {
    [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) {
        finishOperation(operation as Operation & Record<string, unknown>, problem, method);
      }
    }
  }
  const finished = unwrapLoneAllOf(document);
  typeNullableReferences(finished);
  return finished;
}

/**
 * OpenAPI 3.0 says `nullable` only beside a `type`; Nest writes a nullable enum as
 * `{nullable, allOf: [{$ref}]}` without one. The referenced schema's own type is the right one.
 */
function typeNullableReferences(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  for (const schema of Object.values(schemas)) {
    const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
    for (const property of Object.values(properties)) {
      const reference = (property['allOf'] as { $ref?: string }[] | undefined)?.[0]?.$ref;
      if (property['nullable'] !== true || property['type'] || !reference) continue;
      const target = schemas[reference.replace('#/components/schemas/', '')];
      if (typeof target?.['type'] === 'string') property['type'] = target['type'];
    }
  }
}

/**
 * Nest wraps a referenced enum in `allOf: [{$ref}]` with nothing beside it; the reference alone
 * says the same and generators name the type after it.
 */
function unwrapLoneAllOf<T>(node: T): T {
  if (Array.isArray(node)) return node.map(unwrapLoneAllOf) as T;
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const allOf = record['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1 && Object.keys(record).length === 1) {
    return unwrapLoneAllOf(allOf[0] as T);
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, unwrapLoneAllOf(value)]),
  ) as T;
}

function finishOperation(
  operation: Operation & Record<string, unknown>,
  problem: Record<string, { schema: { $ref: string } }>,
  method: (typeof METHODS)[number],
): void {
  const declared = operation[SECURITY_EXTENSION] as Operation['security'] | undefined;
  delete operation[SECURITY_EXTENSION];
  const outsideWriteLimit = operation[OUTSIDE_WRITE_LIMIT_EXTENSION] === true;
  delete operation[OUTSIDE_WRITE_LIMIT_EXTENSION];
  operation.security = declared ?? [{ bearer: [] }];
  const needsSession = declared === undefined;
  const hasInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
  const codes = [
    ...(hasInput ? ['400'] : []),
    ...(needsSession ? ['401', '403'] : []),
    // Changes by a signed-in account count against WRITES_PER_ACCOUNT_PER_MINUTE.
    ...(operation.responses['429'] || (needsSession && !outsideWriteLimit && !isReadMethod(method))
      ? ['429']
      : []),
    '503',
  ];
  for (const code of codes) {
    operation.responses[code] ??= { description: COMMON_RESPONSES[code] ?? 'Error' };
  }
  for (const [code, response] of Object.entries(operation.responses)) {
    if (!response || !('description' in response)) continue;
    const status = Number(code);
    if (status >= 400 && !response.content) response.content = problem;
    response.headers = {
      'X-Request-Id': { $ref: '#/components/headers/RequestId' },
      ...response.headers,
    };
    if (status === 429 || status === 503) {
      response.headers = {
        ...response.headers,
        'Retry-After': { $ref: '#/components/headers/RetryAfter' },
      };
    }
    for (const header of Object.values(response.headers ?? {})) {
      if (!('$ref' in header) && !header.schema) header.schema = { type: 'string' };
    }
  }
}
