// GET /studio (the page), /studio/app.js (its browser code, from build/studio.json — `npm run build:studio`) and
// /studio/platform.json (the platform's token data, so the browser validates with what the server validates with).
// The same on Node and in the Worker: the bundle is imported as JSON, no file system.
import { Hono } from 'hono';
import studioBundle from '../../../build/studio.json' with { type: 'json' };
import type { StudioPlatform } from '../../studio/contract.ts';
import { studioData } from '../../studio/data.ts';
import { renderStudio, STUDIO_CSP } from '../../studio/page.ts';
import type { AppEnv } from '../context.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const bundle = studioBundle as { hash: string; js: string };

export function studioRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/studio', async (c) => {
    const data = await studioData(c);
    return c.html(renderStudio(data, `/studio/app.js?v=${bundle.hash}`), 200, {
      'content-security-policy': STUDIO_CSP,
      // The page names the viewer and the tenant's unpublished policy: never shared by a cache.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
  });

  routes.get('/studio/app.js', (c) => {
    const current = c.req.query('v') === bundle.hash;
    return c.body(bundle.js, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': current ? IMMUTABLE : 'no-cache',
      etag: `"${bundle.hash}"`,
      'x-content-type-options': 'nosniff',
    });
  });

  routes.get('/studio/platform.json', (c) => {
    const { platform } = c.get('services');
    const body: StudioPlatform = {
      base: platform.tokens.base,
      governance: platform.tokens.governance,
      catalog: platform.tokens.catalog,
    };
    // `?v=<platformKey>` (what the page asks for) names these exact bytes: cacheable for a year. Without it,
    // revalidate; the ETag (the platform's key) makes that a 304.
    const etag = `"${platform.baseHash}"`;
    const cache = c.req.query('v') === platform.baseHash ? IMMUTABLE : 'no-cache';
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag, 'cache-control': cache });
    return c.json(body, 200, { etag, 'cache-control': cache });
  });

  return routes;
}
