import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import SwaggerParser from '@apidevtools/swagger-parser';
import { createClient } from '@hey-api/openapi-ts';
import { lint, loadConfig } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { clientGeneration } from '../../../../openapi-ts.config.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const COMMITTED = 'apps/api/openapi.json';
const GENERATED_CLIENT = 'apps/api/test/client/generated';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { headers?: Record<string, { schema?: unknown; $ref?: string }> }>;
  parameters?: { in: string; name: string; schema?: unknown }[];
}
type Document = { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> };

function operations(document: Document): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation
        ? [[`${method.toUpperCase()} ${path}`, operation] as [string, Operation]]
        : [];
    }),
  );
}

describe('the OpenAPI document', () => {
  let subject: TestApp;
  let served: Document;

  beforeAll(async () => {
    subject = await startTestApp();
    served = (await (await fetch(`${subject.baseUrl}/api/docs-json`)).json()) as Document;
  });

  afterAll(async () => {
    await subject.dispose();
  });

  it('is the committed apps/api/openapi.json (run `npm run openapi` after changing the API)', () => {
    expect(served).toEqual(JSON.parse(readFileSync(COMMITTED, 'utf8')));
  });

  it('is valid OpenAPI 3', async () => {
    await expect(SwaggerParser.validate(structuredClone(served) as never)).resolves.toBeDefined();
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await loadConfig({ configPath: 'redocly.yaml' });
    const problems = await lint({ ref: COMMITTED, config });
    expect(
      problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message}`),
    ).toEqual([]);
  });

  it('names every operation for a generator, and says which credentials each needs', () => {
    const ids = new Set<string>();
    for (const [name, operation] of operations(served)) {
      expect(operation.operationId, name).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(ids.has(operation.operationId!), `${name} repeats ${operation.operationId}`).toBe(
        false,
      );
      ids.add(operation.operationId!);
      expect(operation.security, name).toBeDefined();
      const statuses = Object.keys(operation.responses).map(Number);
      if (
        operation.security!.length > 0 &&
        !operation.security!.some((item) => Object.keys(item).length === 0)
      ) {
        expect(statuses, `${name} needs a session`).toEqual(expect.arrayContaining([401, 403]));
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const [header, definition] of Object.entries(response.headers ?? {})) {
          expect(definition.schema ?? definition.$ref, `${name} ${status} ${header}`).toBeDefined();
        }
      }
      for (const parameter of operation.parameters ?? []) {
        expect(parameter.schema, `${name} ${parameter.in} ${parameter.name}`).toBeDefined();
      }
    }
  });

  it('has a committed generated client made from the committed document', async () => {
    const output = mkdtempSync(join(tmpdir(), 'cd-client-'));
    try {
      await createClient({
        ...clientGeneration,
        output: { ...clientGeneration.output, path: output },
        logs: { level: 'silent' },
      });
      const files = (folder: string) =>
        readdirSync(folder, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name).slice(folder.length))
          .sort();
      expect(files(GENERATED_CLIENT)).toEqual(files(output));
      for (const file of files(output)) {
        expect(readFileSync(join(GENERATED_CLIENT, file), 'utf8'), file).toBe(
          readFileSync(join(output, file), 'utf8'),
        );
      }
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  });
});
