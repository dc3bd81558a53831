// The API described: `GET /api/v1/openapi.json` (OpenAPI 3.1, built from the schemas that validate requests) and
// `GET /docs` (the same, as a page). Both are the same on every host and need no database, so they are mounted
// before tenant resolution; both are built once per process (no file system: the Worker serves them too).
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { openApiDocument } from '../openapi/document.ts';
import { renderReference } from '../openapi/html.ts';

const CACHE = 'public, max-age=300';

let page: string | undefined;
// 126 KB of JSON: serialised once, not on every request.
let documentText: string | undefined;

export function docsRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/api/v1/openapi.json', (c) => {
    documentText ??= JSON.stringify(openApiDocument());
    return c.body(documentText, 200, {
      'content-type': 'application/json',
      'cache-control': CACHE,
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    });
  });
  routes.get('/docs', (c) => {
    page ??= renderReference(openApiDocument());
    return c.html(page, 200, {
      'cache-control': CACHE,
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
    });
  });
  return routes;
}
