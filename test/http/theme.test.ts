import { afterAll, beforeAll, expect, it } from 'vitest';
import postcss from 'postcss';
import { describeEachDatabase } from '../support/databases.ts';
import { startNodeServer } from '../../src/node-server.ts';
import { httpRequest } from '../support/http.ts';
import { startTestServer, TEST_ENV, type TestServer } from '../support/server.ts';

/** The effective `:root` value of a custom property in light mode: the last declaration in a top-level :root rule. */
function rootValue(css: string, property: string): string | undefined {
  let value: string | undefined;
  postcss.parse(css).each((node) => {
    if (node.type === 'rule' && node.selector === ':root') {
      node.walkDecls(property, (decl) => {
        value = decl.value;
      });
    }
  });
  return value;
}

describeEachDatabase('theme endpoints', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  const get = (host: string, path: string, headers: Record<string, string> = {}) =>
    server.request({ host, path, headers });

  it('serves each tenant its merged stylesheet with strong caching headers', async () => {
    const shop = await get('shop.acme.livery.localhost', '/theme.css');
    expect(shop.status).toBe(200);
    expect(shop.header('content-type')).toBe('text/css; charset=utf-8');
    expect(shop.header('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(shop.header('cache-control')).toMatch(
      /^public, max-age=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/,
    );
    expect(() => postcss.parse(shop.text)).not.toThrow();

    const platform = await get('livery.localhost', '/theme.css');
    expect(platform.status).toBe(200);
    // acme's catalog theme and overrides make its customers' CSS differ from the bare platform base
    expect(shop.text).not.toBe(platform.text);
    expect(shop.header('etag')).not.toBe(platform.header('etag'));
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const first = await get('shop.acme.livery.localhost', '/theme.css');
    const again = await get('shop.acme.livery.localhost', '/theme.css', { 'if-none-match': first.header('etag')! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.header('etag')).toBe(first.header('etag'));
    expect(again.header('cache-control')).toBe(first.header('cache-control'));
    // RFC 9110 §15.4.5: a 304 describes no representation, so it carries no content headers
    expect(again.header('content-type')).toBeUndefined();
    const weak = await get('shop.acme.livery.localhost', '/theme.css', {
      'if-none-match': `"nope", W/${first.header('etag')}`,
    });
    expect(weak.status).toBe(304);
    const other = await get('shop.acme.livery.localhost', '/theme.css', { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('serves the same bytes at an immutable versioned URL', async () => {
    const current = await get('store.globex.livery.localhost', '/theme.css');
    const link = current.header('link');
    const path = /^<([^>]+)>; rel="canonical"$/.exec(link ?? '')?.[1];
    expect(path).toMatch(/^\/theme\/[0-9a-f]{24}\.css$/);
    const versioned = await get('store.globex.livery.localhost', path!);
    expect(versioned.status).toBe(200);
    expect(versioned.text).toBe(current.text);
    expect(versioned.header('cache-control')).toBe('public, max-age=31536000, immutable');
    // another tenant cannot read it through its own host
    const elsewhere = await get('docs.globex.livery.localhost', path!);
    expect(elsewhere.status).toBe(404);
  });

  it('serves the current versioned URL of a tenant without a layer of its own from a process that never built it', async () => {
    // acme/blog has no overrides: its artifact is never stored (it is its partner's merge), so a fresh process must
    // still answer its canonical link.
    const link = (await get('blog.acme.livery.localhost', '/theme.css')).header('link');
    const path = /^<([^>]+)>; rel="canonical"$/.exec(link ?? '')?.[1];
    const fresh = await startNodeServer({ db: server.db, env: TEST_ENV, port: 0, seed: false, log: () => {} });
    try {
      const versioned = await httpRequest(fresh.url, { host: 'blog.acme.livery.localhost', path: path! });
      expect(versioned.status).toBe(200);
      expect(versioned.text).toBe((await get('blog.acme.livery.localhost', '/theme.css')).text);
      const unknown = await httpRequest(fresh.url, {
        host: 'blog.acme.livery.localhost',
        path: `/theme/${'0'.repeat(24)}.css`,
      });
      expect(unknown.status).toBe(404);
    } finally {
      await fresh.close();
    }
  });

  it('serves the DTCG tree, the flat form per mode and the Tailwind theme', async () => {
    const tree = await get('shop.acme.livery.localhost', '/theme.json');
    expect(tree.status).toBe(200);
    expect(tree.header('content-type')).toMatch(/^application\/json/);
    const dtcg = tree.json();
    expect(dtcg.semantic.light.text.primary.$type).toBe('color');

    const flat = (await get('shop.acme.livery.localhost', '/theme.json?format=flat')).json();
    expect(Object.keys(flat).sort()).toEqual(['dark', 'light']);
    expect(flat.light['--text-primary']).toMatch(/^#[0-9a-f]{6}$/i);
    expect(flat.dark['--text-primary']).not.toBe(flat.light['--text-primary']);

    const tailwind = await get('shop.acme.livery.localhost', '/theme.tailwind.css');
    expect(tailwind.status).toBe(200);
    expect(tailwind.text).toContain('@theme');

    const bad = await get('shop.acme.livery.localhost', '/theme.json?format=xml');
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('invalid_format');
  });

  it("shows a partner's change in its customer's CSS on the very next request", async () => {
    const before = await get('blog.acme.livery.localhost', '/theme.css');
    const beforeValue = rootValue(before.text, '--primitive-color-brand-500');
    const put = await server.api('acme', 'PUT', '/api/v1/tokens/overrides', {
      primitive: { color: { brand: { 500: { $value: '#7048e8' } } } },
    });
    expect(put.status, put.text).toBe(200);
    const after = await get('blog.acme.livery.localhost', '/theme.css');
    expect(after.header('etag')).not.toBe(before.header('etag'));
    expect(rootValue(after.text, '--primitive-color-brand-500')).toBe('#7048e8');
    expect(beforeValue).not.toBe('#7048e8');
    // the old ETag no longer matches
    const conditional = await get('blog.acme.livery.localhost', '/theme.css', {
      'if-none-match': before.header('etag')!,
    });
    expect(conditional.status).toBe(200);
  });
});
