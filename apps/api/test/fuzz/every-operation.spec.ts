import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Session } from '@collection-desk/contracts';

import { apiClient, GOOD_PASSWORD } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Generated from the OpenAPI document, so a new route is covered without a new case: for every
 * operation, every body property, query and path parameter is sent null, the wrong type, empty,
 * blank, 10,000 characters long, a lone surrogate, control characters; every body gets an unknown
 * field and 5,000 levels of nesting. Nothing may answer 5xx; every refusal is problem+json; and
 * a value the schema itself rules out must be refused with a 400 naming the field.
 */

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: Record<string, string[]>[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Mutation {
  label: string;
  value: unknown;
  /** Whether the schema of the field rules this value out (then a 400 must name the field). */
  ruledOut: (schema: Schema) => boolean;
}

const isText = (schema: Schema) => schema.type === 'string';
const constrained = (schema: Schema) =>
  schema.format !== undefined || schema.enum !== undefined || schema.pattern !== undefined;

const MUTATIONS: Mutation[] = [
  { label: 'null', value: null, ruledOut: (schema) => !schema.nullable },
  {
    label: 'the wrong type',
    value: { an: 'object' },
    ruledOut: () => true,
  },
  {
    label: 'an empty string',
    value: '',
    ruledOut: (schema) =>
      !isText(schema) ||
      (schema.minLength ?? 0) > 0 ||
      (constrained(schema) && schema.format !== 'binary'),
  },
  {
    label: 'a blank string',
    value: '   ',
    ruledOut: (schema) => !isText(schema) || constrained(schema),
  },
  {
    label: '10,000 characters',
    value: 'x'.repeat(10_000),
    ruledOut: (schema) =>
      !isText(schema) || (schema.maxLength ?? Infinity) < 10_000 || constrained(schema),
  },
  { label: 'a lone surrogate', value: 'ab\ud800cd', ruledOut: () => true },
  {
    label: 'control characters',
    value: 'a\u0000b\u0007\u202ec',
    ruledOut: (schema) => !isText(schema) || constrained(schema),
  },
];

describe('every operation of the OpenAPI document, fed hostile input', () => {
  let subject: TestApp;
  let document: Document;
  let api: ReturnType<typeof apiClient>;
  let admin: Session;
  let customerId: string;
  let viewerId: string;
  const adminEmails = Array.from({ length: 6 }, (_, index) => `fuzz-admin-${index}@desk.test`);
  let nextAdmin = 0;
  let counter = 0;

  beforeAll(async () => {
    subject = await startTestApp();
    api = apiClient(subject.baseUrl);
    admin = await api.signUpAdmin(adminEmails[0]);
    for (const email of adminEmails.slice(1)) await api.userWithRole(admin, 'admin', email);
    viewerId = (await api.userWithRole(admin, 'viewer')).user.id;
    const created = await api.call('POST', '/customers', {
      token: admin.accessToken,
      body: {
        name: 'Fuzz Target',
        email: 'target@fuzz.test',
        outstandingAmount: 100,
        dueDate: '2099-01-01',
      },
    });
    customerId = created.body.id as string;
    document = (await (await fetch(`${subject.baseUrl}/api/docs-json`)).json()) as Document;
  });

  afterAll(async () => {
    await subject.dispose();
  });

  /** A token that still works: a mutated logout or password change may have ended the last one. */
  async function liveToken(): Promise<string> {
    if ((await api.call('GET', '/auth/me', { token: admin.accessToken })).status === 200) {
      return admin.accessToken;
    }
    nextAdmin = (nextAdmin + 1) % adminEmails.length;
    admin = await api.login(adminEmails[nextAdmin]);
    return admin.accessToken;
  }

  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]) : schema;

  function validValue(schema: Schema, name: string): unknown {
    const resolved = resolve(schema);
    if (resolved.enum) return resolved.enum[0];
    if (name === 'email') return `fuzz-${(counter += 1)}@fuzz.test`;
    if (resolved.format === 'date') return '2099-06-30';
    if (resolved.format === 'uuid') return randomUUID();
    if (name.toLowerCase().includes('password')) return GOOD_PASSWORD;
    if (resolved.example !== undefined) return resolved.example;
    switch (resolved.type) {
      case 'integer':
      case 'number':
        return resolved.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return [];
      case 'object':
        return validBody(resolved);
      default:
        return 'Valid text';
    }
  }

  function validBody(schema: Schema): Record<string, unknown> {
    const resolved = resolve(schema);
    return Object.fromEntries(
      (resolved.required ?? []).map((name) => [name, validValue(resolved.properties![name], name)]),
    );
  }

  function pathFor(template: string, overrides: Record<string, string> = {}): string {
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name in overrides) return overrides[name];
      return template.includes('/users/') ? viewerId : customerId;
    });
  }

  async function send(
    method: string,
    path: string,
    operation: Operation,
    init: { body?: string; query?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; type: string; body: { errors?: { field: string }[] } | undefined }> {
    const secured = (operation.security ?? []).some((item) => 'bearer' in item);
    const headers: Record<string, string> = { ...init.headers };
    if (secured) headers['authorization'] = `Bearer ${await liveToken()}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (operation.parameters?.some((p) => p.name === 'If-Match') && !('if-match' in headers)) {
      headers['if-match'] = '"v1"';
    }
    const response = await fetch(`${subject.baseUrl}${path}${init.query ? `?${init.query}` : ''}`, {
      method: method.toUpperCase(),
      headers,
      body: init.body,
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      type,
      body:
        type.includes('json') && text
          ? (JSON.parse(text) as { errors?: { field: string }[] })
          : undefined,
    };
  }

  function expectSound(
    result: Awaited<ReturnType<typeof send>>,
    what: string,
    field?: string,
  ): void {
    expect(result.status, what).toBeLessThan(500);
    if (result.status >= 400) expect(result.type, what).toContain('application/problem+json');
    if (field !== undefined) {
      expect(result.status, what).toBe(400);
      expect(result.body?.errors?.map((error) => error.field) ?? [], what).toContainEqual(
        expect.stringMatching(new RegExp(`^${field}(\\.|$)`)),
      );
    }
  }

  it('never answers 5xx, and names the field of every value its schema rules out', async () => {
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    let requests = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of methods) {
        const operation = item[method];
        if (!operation) continue;
        const where = `${method.toUpperCase()} ${template}`;
        const bodySchema = operation.requestBody?.content['application/json']?.schema;
        const baseline = bodySchema ? validBody(bodySchema) : undefined;
        const properties = bodySchema ? (resolve(bodySchema).properties ?? {}) : {};

        for (const [name, schema] of Object.entries(properties)) {
          for (const mutation of MUTATIONS) {
            const body = JSON.stringify({ ...validBody(bodySchema!), [name]: mutation.value });
            const ruledOut = mutation.ruledOut(resolve(schema));
            expectSound(
              await send(method, pathFor(template), operation, { body }),
              `${where} body.${name} = ${mutation.label}`,
              ruledOut ? name : undefined,
            );
            requests += 1;
          }
        }
        if (bodySchema) {
          expectSound(
            await send(method, pathFor(template), operation, {
              body: JSON.stringify({ ...baseline, unexpectedField: 1 }),
            }),
            `${where} an unknown field`,
            'unexpectedField',
          );
          expectSound(
            await send(method, pathFor(template), operation, {
              body: `${'['.repeat(5000)}${']'.repeat(5000)}`,
            }),
            `${where} 5,000 levels of nesting`,
          );
          expectSound(
            await send(method, pathFor(template), operation, { body: '[1, 2, 3]' }),
            `${where} an array for a body`,
            'body',
          );
          requests += 3;
        }

        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'header') continue;
          const texts: [string, string, boolean][] = [
            ['empty', '', parameter.in === 'path'],
            ['10,000 characters', 'x'.repeat(10_000), false],
            ['a lone surrogate', '%ED%A0%80', false],
            ['control characters', '%00%07', false],
            ['not a number', 'abc', false],
          ];
          for (const [label, raw, skip] of texts) {
            if (skip) continue;
            const result =
              parameter.in === 'path'
                ? await send(method, pathFor(template, { [parameter.name]: raw }), operation, {
                    body: baseline ? JSON.stringify(baseline) : undefined,
                  })
                : await send(method, pathFor(template), operation, {
                    query: `${parameter.name}=${raw}`,
                    body: baseline ? JSON.stringify(baseline) : undefined,
                  });
            expectSound(result, `${where} ${parameter.in} ${parameter.name} = ${label}`);
            requests += 1;
          }
        }
        if (operation.parameters?.some((parameter) => parameter.in === 'query')) {
          // Routes that take query parameters refuse unknown ones (others ignore any query).
          expectSound(
            await send(method, pathFor(template), operation, { query: 'unexpectedParameter=1' }),
            `${where} an unknown query parameter`,
            'unexpectedParameter',
          );
          requests += 1;
        }
      }
    }
    expect(requests).toBeGreaterThan(400);
  }, 120_000);
});
