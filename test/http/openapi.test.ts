// The OpenAPI document (`GET /api/v1/openapi.json`) and the reference page (`GET /docs`): the document lists exactly
// the routes the app serves, is structurally OpenAPI 3.1 with valid JSON Schema 2020-12, describes request bodies
// with the schemas the routes validate with, and the response checker every test server runs (test/support/
// openapi-check.ts) refuses what the document does not promise.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/http/app.ts';
import { openApiDocument, openApiPath } from '../../src/http/openapi/document.ts';
import { tenantCreateBody } from '../../src/http/routes/tenancy.ts';
import { policySchema } from '../../src/engine/policy-schema.ts';
import { describeOnDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { OpenApiResponseChecker } from '../support/openapi-check.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];
const document = openApiDocument() as Json;

function documentedOperations(): { method: string; path: string; op: Json }[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op: op as Json })),
  );
}

describe('the OpenAPI document', () => {
  it('documents every route the app serves, and nothing it does not serve', () => {
    // The app as the entry points build it; building it runs no service.
    const app = createApp(() => {
      throw new Error('no services needed to list routes');
    });
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
    );
    const documented = new Set(documentedOperations().map(({ method, path }) => `${method} ${path}`));

    expect(
      [...served].filter((route) => !documented.has(route)),
      'served but not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((route) => !served.has(route)),
      'documented but not served',
    ).toEqual([]);
    expect(documented.has('get /api/v1/openapi.json') && documented.has('get /docs')).toBe(true);
  });

  it('is structurally OpenAPI 3.1: unique operation ids, declared path parameters, described responses, resolvable references', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof document.info.title).toBe('string');
    expect(typeof document.info.version).toBe('string');
    const ids = new Set<string>();
    for (const { method, path, op } of documentedOperations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(path, where).toMatch(/^\//);
      expect(typeof op.operationId, where).toBe('string');
      expect(ids.has(op.operationId), `${where}: operationId ${op.operationId} used twice`).toBe(false);
      ids.add(op.operationId);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathParams = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'path');
      expect(pathParams.map((p) => p.name).sort(), where).toEqual(templated.sort());
      for (const p of (op.parameters ?? []) as Json[]) {
        expect(['path', 'query', 'header', 'cookie'], where).toContain(p.in);
        if (p.in === 'path') expect(p.required, `${where} ${p.name}`).toBe(true);
      }
      expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses as Json)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect(typeof response.description, `${where} ${status}`).toBe('string');
      }
      for (const requirement of op.security as Json[]) {
        for (const scheme of Object.keys(requirement))
          expect(document.components.securitySchemes, where).toHaveProperty(scheme);
      }
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas, ref).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });

  it('holds only valid JSON Schema 2020-12 (every schema, in components and in operations, compiles under strict Ajv)', () => {
    const ajv = new Ajv2020({ strict: true, strictTypes: false, validateFormats: false });
    const rebase = (schema: unknown) =>
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"doc#/$defs/'));
    ajv.addSchema({ $id: 'doc', $defs: rebase(document.components.schemas) });
    const schemas: [string, unknown][] = Object.entries(document.components.schemas as Json);
    for (const { method, path, op } of documentedOperations()) {
      const media = [
        ...Object.values((op.requestBody?.content ?? {}) as Json),
        ...Object.values(op.responses as Json).flatMap((r) => Object.values((r.content ?? {}) as Json)),
      ];
      for (const m of media) schemas.push([`${method} ${path}`, (m as Json).schema]);
    }
    expect(schemas.length).toBeGreaterThan(100);
    const seen = new Set<string>();
    for (const [where, schema] of schemas) {
      const text = JSON.stringify(schema);
      if (seen.has(text)) continue; // the error responses repeat
      seen.add(text);
      expect(() => ajv.compile(rebase(schema)), where).not.toThrow();
    }
  });

  it('describes request bodies with the very schemas the routes validate with', () => {
    const plain = (schema: z.ZodType) => {
      const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Json;
      return rest;
    };
    const body = (path: string, method: string) =>
      document.paths[path][method].requestBody.content['application/json'].schema.$ref.split('/').at(-1);
    expect(document.components.schemas[body('/api/v1/tenants', 'post')]).toEqual(plain(tenantCreateBody));
    expect(document.components.schemas[body('/api/v1/tokens/policy', 'put')]).toEqual(plain(policySchema));
    // Token trees are also accepted as application/design-tokens+json.
    expect(Object.keys(document.paths['/api/v1/tokens/overrides'].put.requestBody.content)).toEqual([
      'application/json',
      'application/design-tokens+json',
    ]);
  });
});

describe('the response checker the test servers run', () => {
  const checker = new OpenApiResponseChecker(document);
  const response = (status: number, body: string, type = 'application/json'): HttpResponse => ({
    status,
    headers: { 'content-type': type },
    text: body,
    json: () => JSON.parse(body),
    header: (name) => (name === 'content-type' ? type : undefined),
  });
  const tenant = {
    id: '5f0c8a9e-2b1d-4c3e-9f4a-1b2c3d4e5f60',
    slug: 'acme',
    name: 'Acme',
    tier: 1,
    status: 'active',
    createdAt: '2025-01-02T03:04:05.000Z',
  };

  it('accepts a response the document describes', () => {
    expect(() => checker.check('GET', '/api/v1/tenants', response(200, JSON.stringify([tenant])))).not.toThrow();
    expect(() =>
      checker.check('DELETE', '/api/v1/keys/5f0c8a9e-2b1d-4c3e-9f4a-1b2c3d4e5f60', response(204, '', '')),
    ).not.toThrow();
  });

  it('refuses a body that misses a field, has an extra one, or a wrong type, naming the route and the field', () => {
    const { slug: _slug, ...noSlug } = tenant;
    expect(() => checker.check('GET', '/api/v1/tenants', response(200, JSON.stringify([noSlug])))).toThrow(
      /GET \/api\/v1\/tenants → 200.*slug/,
    );
    expect(() =>
      checker.check('GET', '/api/v1/tenants', response(200, JSON.stringify([{ ...tenant, secret: 1 }]))),
    ).toThrow(/additional properties/);
    expect(() =>
      checker.check('GET', '/api/v1/tenants', response(200, JSON.stringify([{ ...tenant, tier: '1' }]))),
    ).toThrow(/\/0\/tier/);
  });

  it('refuses an undocumented status, error code or content type', () => {
    const error = (code: string) => JSON.stringify({ error: { code, message: 'No.', requestId: 'r1' } });
    expect(() => checker.check('GET', '/api/v1/tenants', response(418, error('teapot')))).toThrow(
      /status 418 is not documented/,
    );
    expect(() => checker.check('POST', '/api/v1/tenants', response(409, error('slug_taken')))).not.toThrow();
    expect(() => checker.check('POST', '/api/v1/tenants', response(409, error('domain_taken')))).toThrow(/code/);
    expect(() => checker.check('GET', '/theme.css', response(200, ':root{}', 'text/html'))).toThrow(
      /content type "text\/html"/,
    );
  });
});

// The document needs no database; one server on the embedded one is enough.
describeOnDatabase('pglite', 'GET /api/v1/openapi.json and GET /docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the document on every tenant host, cacheable, and on hosts no tenant claims', async () => {
    for (const host of [server.tenant('acme').host, server.tenant('shop').host, 'nobody.example']) {
      const res = await server.request({ host, path: '/api/v1/openapi.json' });
      expect(res.status, host).toBe(200);
      expect(res.header('content-type')).toMatch(/^application\/json/);
      expect(res.header('cache-control')).toMatch(/^public, max-age=\d+$/);
      expect(res.json()).toEqual(document);
    }
  });

  it('renders the reference with every operation (method, path, summary, who may call it) and no script', async () => {
    const res = await server.request({ host: server.tenant('shop').host, path: '/docs' });
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toMatch(/^text\/html/);
    expect(res.header('content-security-policy')).toContain("default-src 'none'");
    const page = res.text
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    for (const { method, path, op } of documentedOperations()) {
      expect(page, `${method} ${path}`).toContain(
        `<span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code>`,
      );
      expect(page, `${method} ${path}`).toContain(`<section class="op" id="${op.operationId}">`);
      expect(page, op.operationId).toContain(op['x-livery-access']);
    }
    for (const name of Object.keys(document.components.schemas)) expect(page).toContain(`id="schema-${name}"`);
    expect(page).not.toMatch(/<script|<link|src="|https?:\/\/(?!json-schema)/i);
  });

  it('answers through the checker: a documented status with a body that fits, or the request fails', async () => {
    // The test server checks every response; this one is a 422 with issues, which the document describes.
    const res = await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'Not A Slug', name: '' });
    expect(res.status).toBe(422);
    expect(
      res
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['name', 'slug']);
  });
});
