// GET /studio and its assets over real HTTP: the page data the browser code starts from (tenant, viewer, chain,
// binding policy), escaping that holds against a hostile tenant name, the CSP, and the caching of the bundle and the
// platform data.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StudioData } from '../../src/studio/contract.ts';
import { describeOnDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const bundle = JSON.parse(readFileSync(new URL('../../build/studio.json', import.meta.url), 'utf8')) as {
  hash: string;
  js: string;
};
const artifacts = JSON.parse(readFileSync(new URL('../../build/base.artifacts.json', import.meta.url), 'utf8'));

function pageData(res: HttpResponse): StudioData {
  const match = /<script type="application\/json" id="studio-data">([^<]*)<\/script>/.exec(res.text);
  if (!match) throw new Error('no #studio-data in the page');
  return JSON.parse(match[1]!) as StudioData;
}

for (const database of ['pglite', 'postgres'] as const) {
  describeOnDatabase(database, 'the studio page', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(database);
    });
    afterAll(async () => {
      await server?.close();
    });

    it("embeds a customer's chain, its partner's policy and its theme, under a CSP without inline script", async () => {
      const shop = server.tenant('shop');
      const res = await server.request({ host: shop.host, path: '/studio' });
      expect(res.status).toBe(200);
      expect(res.header('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      );
      expect(res.header('cache-control')).toBe('no-store');
      expect(res.text).toContain('<h1>Studio — Acme Shop</h1>');
      expect(res.text).toContain(`<script type="module" src="/studio/app.js?v=${bundle.hash}"></script>`);
      // Every script is either the inert JSON or the module from 'self'.
      expect(res.text.match(/<script[^>]*>/g)).toEqual([
        '<script type="application/json" id="studio-data">',
        `<script type="module" src="/studio/app.js?v=${bundle.hash}">`,
      ]);

      const data = pageData(res);
      expect(data.tenant).toMatchObject({ id: shop.id, slug: 'shop', name: 'Acme Shop', tier: 2, host: shop.host });
      expect(data.viewer).toEqual({ level: null, role: null, providers: [] });
      expect(data.chain.map((m) => m.tenantId)).toEqual([
        server.tenant('livery').id,
        server.tenant('acme').id,
        shop.id,
      ]);
      // The chain's own layer is what the API's owner reads as published.
      const own = (await server.api('shop', 'GET', '/api/v1/tokens/overrides')).json();
      expect(data.chain.at(-1)).toMatchObject({ version: own.version, content: own.tokens });
      const policy = (await server.api('acme', 'GET', '/api/v1/tokens/policy')).json();
      expect(data.policy).toEqual(policy);
      const css = await server.request({ host: shop.host, path: '/theme.css' });
      expect(`<${data.themeHref}>; rel="canonical"`).toBe(css.header('link'));
      expect(res.text).toContain(`<link rel="stylesheet" href="${data.themeHref}">`);
    });

    it('binds no policy above a partner, and names the session a visitor already has', async () => {
      const acme = server.tenant('acme');
      const started = await server.request({ method: 'POST', host: acme.host, path: '/auth/anonymous' });
      expect(started.status).toBe(201);
      const cookie = String(started.header('set-cookie')).split(';', 1)[0]!;
      const data = pageData(await server.request({ host: acme.host, path: '/studio', headers: { cookie } }));
      expect(data.tenant.tier).toBe(1);
      expect(data.policy).toBeNull();
      expect(data.viewer).toMatchObject({ level: 'anonymous', role: null });
    });

    it('keeps a hostile tenant name text: escaped in the HTML, intact in the data', async () => {
      const name = `</script><script>alert(1)</script><!-- "quoted" & 'single'`;
      const blog = server.tenant('blog');
      const renamed = await server.api('acme', 'PATCH', `/api/v1/tenants/${blog.id}`, { name });
      expect(renamed.status).toBe(200);
      const res = await server.request({ host: blog.host, path: '/studio' });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<script>alert(1)');
      expect(res.text).toContain(
        '<h1>Studio — &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &quot;quoted&quot; &amp; &#39;single&#39;</h1>',
      );
      expect(pageData(res).tenant.name).toBe(name);
    });

    it('serves the bundle immutable under its hash only', async () => {
      const host = server.tenant('shop').host;
      const current = await server.request({ host, path: `/studio/app.js?v=${bundle.hash}` });
      expect(current.status).toBe(200);
      expect(current.header('content-type')).toBe('text/javascript; charset=utf-8');
      expect(current.header('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(current.text).toBe(bundle.js);
      const unversioned = await server.request({ host, path: '/studio/app.js?v=0000000000000000' });
      expect(unversioned.header('cache-control')).toBe('no-cache');
    });

    it("answers the platform's own token data, cacheable under the page's platform key", async () => {
      const host = server.tenant('shop').host;
      const { platformKey } = pageData(await server.request({ host, path: '/studio' }));
      const res = await server.request({ host, path: `/studio/platform.json?v=${encodeURIComponent(platformKey)}` });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(artifacts.tokens);
      expect(res.header('cache-control')).toBe('public, max-age=31536000, immutable');
      const again = await server.request({
        host,
        path: '/studio/platform.json',
        headers: { 'if-none-match': res.header('etag')! },
      });
      expect(again.status).toBe(304);
    });
  });
}
