// Livery's Worker (src/worker.ts) inside workerd, on a real PostgreSQL reached through the Hyperdrive binding, with
// the demo seeded (test/workers/global-setup.ts). Requests enter through the Worker's own fetch handler with full
// URLs whose host is the tenant's, as a request routed to the Worker would.
//
// The Cache API path is proven with a "fresh isolate": the Worker module loaded anew (vi.resetModules), so its
// per-isolate memory is empty while caches.default — shared by the isolates of a data center — is not.
import { exports } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import type { CompiledTheme } from '../../src/themes/compile.ts';
import { hostEntryUrl, lastGoodEntryUrl, themeEntryUrl } from '../../src/themes/edge-store.ts';
import { databaseDown, freshIsolate, liveDatabase, run, runAt, suite, tenant, themeKey, url } from './harness.ts';

declare const caches: CacheStorage & { default: Cache };

function request(slug: string, path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(url(slug, path), init);
}

function api(slug: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return request(slug, path, {
    method,
    headers: {
      authorization: `Bearer ${suite.keys[slug]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function cachedTheme(cacheUrl: string): Promise<CompiledTheme | undefined> {
  const entry = await caches.default.match(cacheUrl);
  return entry ? ((await entry.json()) as CompiledTheme) : undefined;
}

describe.skipIf(suite.skipReason !== null)(
  `Livery Worker in workerd on PostgreSQL via Hyperdrive${suite.skipReason ? ` — ${suite.skipReason}` : ''}`,
  () => {
    it('serves a customer host its theme.css with an ETag and the contract Cache-Control', async () => {
      const response = await request('shop', '/theme.css');
      const css = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(response.headers.get('cache-control')).toMatch(
        /^public, max-age=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/,
      );
      expect(css).toContain(':root {');
      // Acme Shop's own override (tokens/demo/acme.shop.json), on top of its partner's layer.
      expect(css).toMatch(/--interactive-primary: #0b5d8a;/);
    });

    it('answers a matching If-None-Match with 304 and no body', async () => {
      const first = await request('shop', '/theme.css');
      await first.text();
      const etag = first.headers.get('etag')!;

      const revalidated = await request('shop', '/theme.css', { headers: { 'if-none-match': etag } });

      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(await revalidated.text()).toBe('');
    });

    it('answers 404 unknown_host for a host no tenant is served at', async () => {
      const response = await exports.default.fetch('http://no-such-partner.livery.localhost/theme.css');

      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unknown_host');
    });

    it("reaches the database as the service's least-privilege login, which cannot become the owner", async () => {
      const { default: postgres } = await import('postgres');
      const sql = postgres(liveDatabase.HYPERDRIVE.connectionString, {
        max: 1,
        fetch_types: false,
        onnotice: () => {},
      });
      try {
        const [me] = await sql<{ login: string; superuser: boolean; bypass: boolean }[]>`
        select session_user as login, rolsuper as superuser, rolbypassrls as bypass from pg_roles where rolname = session_user`;
        expect(me).toEqual({ login: 'livery_service', superuser: false, bypass: false });
        await expect(sql`set role livery_owner`).rejects.toMatchObject({ code: '42501' });
        await expect(sql`select 1 from tenants`).rejects.toMatchObject({ code: '42501' });
      } finally {
        await sql.end();
      }
    });

    it('answers /healthz with 200 when the database answers through Hyperdrive', async () => {
      const response = await request('shop', '/healthz');

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    });

    // [issue 11] Built in memory from the route table (no file system): the same document and page as on Node.
    it('serves the OpenAPI document and the reference page, as on Node', async () => {
      const { openApiDocument } = await import('../../src/http/openapi/document.ts');
      const document = await request('shop', '/api/v1/openapi.json');
      expect(document.status).toBe(200);
      expect(await document.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
      const page = await request('shop', '/docs');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<code>/api/v1/tokens/overrides</code>');
    });

    // [issue 13] The studio is the same app on the Worker: its page, its bundle and the platform data it validates with.
    it('serves the studio page, its client bundle and the platform data, as on Node', async () => {
      const page = await request('shop', '/studio');
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const src = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
      expect(src).toMatch(/^\/studio\/app\.js\?v=/);
      const data = JSON.parse(/<script type="application\/json" id="studio-data">([^<]*)<\/script>/.exec(html)![1]!);
      expect(data.tenant).toMatchObject({ id: tenant('shop').id, tier: 2 });

      const bundle = await request('shop', src!);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toMatch(/javascript/);
      expect((await bundle.text()).length).toBeGreaterThan(10_000);
      const platform = await request('shop', `/studio/platform.json?v=${encodeURIComponent(data.platformKey)}`);
      expect(platform.status).toBe(200);
      expect(Object.keys((await platform.json()) as object).sort()).toEqual(['base', 'catalog', 'governance']);
    });

    it('keeps the theme it served in caches.default, under its chain key and as the last good theme', async () => {
      const response = await request('shop', '/theme.css');
      const css = await response.text();
      const key = themeKey(response);
      const shop = tenant('shop');

      // The cache writes are deferred (ctx.waitUntil) past the response.
      const stored = await vi.waitFor(async () => {
        const theme = await cachedTheme(themeEntryUrl(shop.id, key));
        if (!theme) throw new Error('not in caches.default yet');
        return theme;
      });
      expect(stored.key).toBe(key);
      expect(stored.css.body).toBe(css);
      expect(stored.css.etag).toBe(response.headers.get('etag'));
      expect((await cachedTheme(lastGoodEntryUrl(shop.id)))?.key).toBe(key);
    });

    it('serves a fresh isolate the theme from caches.default rather than building it again', async () => {
      const shop = tenant('shop');
      const { response, body: css } = await run(await freshIsolate(), 'shop', '/theme.css', liveDatabase);
      const cacheUrl = themeEntryUrl(shop.id, themeKey(response));
      const original = (await cachedTheme(cacheUrl))!;
      expect(original.css.body).toBe(css);
      // Plant a marked copy of the entry: only a read of caches.default can put the mark in the response.
      const marked: CompiledTheme = {
        ...original,
        css: { ...original.css, body: `${original.css.body}/* from caches.default */\n` },
      };
      await caches.default.put(
        cacheUrl,
        Response.json(marked, { headers: { 'cache-control': 'public, max-age=3600' } }),
      );
      try {
        const { response: fromEdge, body } = await run(await freshIsolate(), 'shop', '/theme.css', liveDatabase);

        expect(fromEdge.status).toBe(200);
        expect(body).toBe(marked.css.body);
      } finally {
        await caches.default.put(
          cacheUrl,
          Response.json(original, { headers: { 'cache-control': 'public, max-age=86400' } }),
        );
      }
    });

    it('keeps serving the last good theme from caches.default while the database is unreachable', async () => {
      const served = await request('shop', '/theme.css');
      const css = await served.text();
      await vi.waitFor(async () =>
        expect((await cachedTheme(lastGoodEntryUrl(tenant('shop').id)))?.key).toBe(themeKey(served)),
      );
      // A new isolate knows nothing: the host, its chain and its theme all come from caches.default.
      const { response, body } = await run(await freshIsolate(), 'shop', '/theme.css', databaseDown);

      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe(served.headers.get('etag'));
      expect(body).toBe(css);
    });

    it('answers 503 database_unavailable while the database is unreachable for a host this data center never saw', async () => {
      const host = 'never-seen-while-down.acme.livery.localhost';
      expect(await caches.default.match(hostEntryUrl(host))).toBeUndefined();

      const { response, body } = await runAt(await freshIsolate(), host, '/theme.css', databaseDown);

      expect(response.status).toBe(503);
      expect(JSON.parse(body).error.code).toBe('database_unavailable');
    });

    it('stores a write made through the Worker, and the next theme request shows it', async () => {
      const before = await request('blog', '/theme.css');
      const cssBefore = await before.text();
      const { version } = (await (await api('blog', 'GET', '/api/v1/tokens/overrides')).json()) as {
        version: number | null;
      };
      const overrides = { primitive: { radius: { md: { $value: '13px' } } } };
      expect(cssBefore).not.toContain('--primitive-radius-md: 13px;');

      const put = await api('blog', 'PUT', '/api/v1/tokens/overrides', overrides);
      const written = (await put.json()) as { version: number };

      expect(put.status).toBe(200);
      expect(written.version).toBe((version ?? 0) + 1);
      const stored = (await (await api('blog', 'GET', '/api/v1/tokens/overrides')).json()) as {
        version: number;
        tokens: unknown;
      };
      expect(stored).toEqual({ version: written.version, tokens: overrides });
      const after = await request('blog', '/theme.css');
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
      expect(await after.text()).toContain('--primitive-radius-md: 13px;');
    });
  },
);
