import type { OpenAPIObject } from '@nestjs/swagger';

import { PROBLEM_CONTENT_TYPE } from '@collection-desk/contracts';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'RFC 9457 problem details: the body of every error response.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'urn:collection-desk:problem:validation-failed' },
    title: { type: 'string', example: 'Your request has invalid fields' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'email: must be a valid email address' },
    instance: { type: 'string', example: '/api/v1/customers' },
    requestId: { type: 'string', description: 'Also on every log line of the request.' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field.',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'email' }, message: { type: 'string' } },
      },
    },
  },
};

const COMMON = {
  '400': 'Invalid input: `errors` names each field.',
  '401': 'No valid access token.',
  '403': 'Your role does not allow this.',
  '429': 'Too many requests: see `Retry-After`.',
} as const;

/**
 * Documents the problem+json body on every operation: the responses an operation declares get
 * the schema, and the common failures (400, and 401/403 for routes that need a session) are added.
 */
export function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, ProblemDetails: PROBLEM_SCHEMA };
  const problem = {
    [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const secured = (operation.security ?? []).length > 0;
      const codes: string[] = [
        '400',
        ...(secured ? ['401', '403'] : []),
        ...(operation.responses['429'] ? ['429'] : []),
      ];
      for (const code of codes) {
        operation.responses[code] ??= { description: COMMON[code as keyof typeof COMMON] };
      }
      for (const [code, response] of Object.entries(operation.responses)) {
        if (
          response &&
          Number(code) >= 400 &&
          'description' in response &&
          !('content' in response && response.content)
        ) {
          response.content = problem;
        }
      }
    }
  }
  return document;
}
