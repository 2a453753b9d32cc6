import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from './support/test-app.js';

describe('the HTTP surface on one port', () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await startTestApp();
  });

  afterAll(async () => {
    await subject.dispose();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${subject.baseUrl}${path}`, init);

  it('serves the admin app at / and its deep links', async () => {
    for (const path of ['/', '/customers', '/customers/42?tab=ledger']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('<cd-root>');
    }
  });

  it('answers unknown API paths with a 404 problem, never the app', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/nothing-here'],
      ['GET', '/api'],
      ['GET', '/missing-file.js'],
    ] as const) {
      const response = await get(path, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({
        status: 404,
        title: 'Not Found',
        type: 'about:blank',
      });
    }
  });

  it('serves Swagger UI and the OpenAPI 3 document', async () => {
    const ui = await get('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');

    const document = (await (await get('/api/docs-json')).json()) as {
      openapi: string;
      info: { title: string };
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('Collection Desk API');
    expect(Object.keys(document.paths)).toContain('/api/v1/health');
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('sends security headers', async () => {
    const response = await get('/');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('allows cross-origin calls from the configured origins only', async () => {
    const allowed = await get('/api/v1/health', { headers: { origin: 'http://localhost:4200' } });
    const refused = await get('/api/v1/health', { headers: { origin: 'https://evil.example' } });

    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
