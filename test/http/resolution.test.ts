// Tenant resolution end to end: the Host header a visitor sends decides whose theme comes back — or a 404, never a
// fallback to another tenant (README "HTTP API": the tenant is the host's).
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createApiKey } from '../../src/db/queries/keys.ts';

/** What a client such as curl puts on the wire for a Unicode Host: its UTF-8 bytes (node:http sends a string's chars as latin1 bytes). */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** A request written byte for byte (node:http cannot send two Host headers); resolves with the whole raw response. */
function rawRequest(baseUrl: string, lines: string[]): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(`${lines.join('\r\n')}\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

function expectUnknownHost(response: HttpResponse, host: string): void {
  expect(response.status, `Host ${JSON.stringify(host)}: ${response.text}`).toBe(404);
  expect(response.json().error.code).toBe('unknown_host');
}

describeEachDatabase('tenant resolution over HTTP', (database) => {
  let server: TestServer;
  /** theme.css of every demo tenant, fetched through its canonical host: what any other spelling must match. */
  const canonical = new Map<string, HttpResponse>();

  beforeAll(async () => {
    server = await startTestServer(database);
    for (const tenant of server.tenants)
      canonical.set(tenant.host, await server.request({ host: tenant.host, path: '/theme.css' }));
  });
  afterAll(() => server?.close());

  const css = (host: string) => server.request({ host, path: '/theme.css' });
  const flat = async (host: string) => (await server.request({ host, path: '/theme.json?format=flat' })).json();
  const bodyOf = (slug: string) => canonical.get(server.tenant(slug).host)!.text;

  /** Adds `domain` to tenant `slug` as `partner`'s admin; returns the stored (normalised) domain and its token. */
  async function addDomain(partner: string, slug: string, domain: string): Promise<{ domain: string; token: string }> {
    const added = await server.api(partner, 'POST', `/api/v1/tenants/${server.tenant(slug).id}/domains`, { domain });
    expect(added.status, added.text).toBe(201);
    expect(added.json().verified).toBe(false);
    return { domain: added.json().domain, token: added.json().verification.value };
  }

  it('serves the platform, a partner and a customer each their own theme from their host names', async () => {
    for (const tenant of server.tenants) expect(canonical.get(tenant.host)!.status, tenant.host).toBe(200);
    const [platform, acme, shop] = await Promise.all(
      ['livery.localhost', 'acme.livery.localhost', 'shop.acme.livery.localhost'].map(flat),
    );
    // The demo data: acme's layer sets the primary colour through its ocean palette, shop overrides it with #0b5d8a.
    expect(shop.light['--interactive-primary']).toBe('#0b5d8a');
    expect(acme.light['--interactive-primary']).not.toBe('#0b5d8a');
    expect(acme.light['--interactive-primary']).not.toBe(platform.light['--interactive-primary']);
    // a customer with no layer of its own serves exactly its partner's merged theme, not the platform's
    const blog = await flat('blog.acme.livery.localhost');
    expect(blog.light).toEqual(acme.light);
    const bodies = new Set(['livery', 'acme', 'shop', 'globex', 'store'].map(bodyOf));
    expect(bodies.size).toBe(5);
  });

  it("serves a verified custom domain its tenant's theme, and an unverified one nothing", async () => {
    const { domain, token } = await addDomain('acme', 'shop', 'Brand.Shop-Example.COM.');
    expect(domain).toBe('brand.shop-example.com');
    expectUnknownHost(await css(domain), domain);

    const early = await server.api('acme', 'POST', `/api/v1/domains/${domain}/verify`);
    expect(early.status).toBe(422);
    expect(early.json().error.code).toBe('verification_failed');
    expectUnknownHost(await css(domain), domain);

    server.verifier.publish(domain, token);
    const verified = await server.api('acme', 'POST', `/api/v1/domains/${domain}/verify`);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.json().verified).toBe(true);
    const served = await css(domain);
    expect(served.status).toBe(200);
    expect(served.text).toBe(bodyOf('shop'));
    expect((await css('BRAND.shop-example.com.:443')).text).toBe(bodyOf('shop'));
  });

  it('resolves an internationalised custom domain written in Unicode, as UTF-8 or as punycode', async () => {
    const { domain, token } = await addDomain('acme', 'blog', 'ブランド.example');
    expect(domain).toMatch(/^xn--[a-z0-9-]+\.example$/);
    server.verifier.publish(domain, token);
    // the verify URL may name the domain in Unicode too (percent-encoded, as any client writes a path)
    const verified = await server.api(
      'acme',
      'POST',
      `/api/v1/domains/${encodeURIComponent('ブランド.example')}/verify`,
    );
    expect(verified.status, verified.text).toBe(200);

    for (const host of [domain, utf8Bytes('ブランド.example'), utf8Bytes('ブランド.EXAMPLE.:8787')]) {
      const served = await css(host);
      expect(served.status, `${host}: ${served.text}`).toBe(200);
      expect(served.text).toBe(bodyOf('blog'));
    }
    // a Latin-1 name sent as single bytes (what node:http does with a string) resolves as well
    const latin = await addDomain('globex', 'docs', 'bücher.example');
    expect(latin.domain).toBe('xn--bcher-kva.example');
    server.verifier.publish(latin.domain, latin.token);
    expect((await server.api('globex', 'POST', `/api/v1/domains/${latin.domain}/verify`)).status).toBe(200);
    expect((await css('bücher.example')).text).toBe(bodyOf('docs'));
    expect((await css(utf8Bytes('Bücher.example'))).text).toBe(bodyOf('docs'));
  });

  it('refuses to map a domain the platform owns or that is not a public name', async () => {
    const shop = server.tenant('shop').id;
    for (const domain of [
      'livery.localhost',
      'x.livery.localhost',
      'evil.ACME.livery.localhost.',
      'localhost',
      'example',
      '127.0.0.1',
      'a..b.example',
    ]) {
      const response = await server.api('acme', 'POST', `/api/v1/tenants/${shop}/domains`, { domain });
      expect(response.status, `${domain}: ${response.text}`).toBe(422);
      expect(response.json().error.code).toBe('invalid_domain');
    }
    // still the partner's and customer's own themes at the platform's names
    expect((await css('acme.livery.localhost')).text).toBe(bodyOf('acme'));
  });

  it("answers 404 unknown_host for names no tenant owns, never another tenant's theme", async () => {
    for (const host of [
      'nobody.livery.localhost', // no such partner
      'shop.globex.livery.localhost', // a customer under the wrong partner
      'x.shop.acme.livery.localhost', // deeper than a customer
      'livery.localhost.evil.example', // the platform name as a prefix
      'evil-livery.localhost',
      'acme.livery.localhost.evil.example',
      'acme.example',
      'unverified.example',
    ]) {
      expectUnknownHost(await css(host), host);
      expectUnknownHost(
        await server.request({
          host,
          path: '/api/v1/tokens/overrides',
          headers: { authorization: `Bearer ${server.keys.acme}` },
        }),
        host,
      );
    }
  });

  it('refuses a suspended or decommissioned tenant with 403 from the very next request', async () => {
    const created = await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'pausable', name: 'Pausable' });
    expect(created.status, created.text).toBe(201);
    const { id } = created.json();
    const host = 'pausable.acme.livery.localhost';
    expect((await css(host)).status).toBe(200); // now warm in every cache

    const patch = (status: string) => server.api('acme', 'PATCH', `/api/v1/tenants/${id}`, { status });
    expect((await patch('suspended')).status).toBe(200);
    for (const path of ['/theme.css', '/theme.json', '/preview']) {
      const refused = await server.request({ host, path });
      expect(refused.status, path).toBe(403);
      expect(refused.json().error.code).toBe('tenant_suspended');
    }
    expect((await patch('active')).status).toBe(200);
    expect((await css(host)).status).toBe(200);

    expect((await patch('decommissioned')).status).toBe(200);
    const gone = await css(`PAUSABLE.acme.livery.localhost.:8787`);
    expect(gone.status).toBe(403);
    expect(gone.json().error.code).toBe('tenant_decommissioned');
    expect((await patch('active')).status).toBe(409);
    expect((await css(host)).status).toBe(403);
  });

  it('refuses a suspended partner on its own host at once', async () => {
    const created = await server.api('livery', 'POST', '/api/v1/tenants', { slug: 'sleepy', name: 'Sleepy Partner' });
    expect(created.status, created.text).toBe(201);
    const host = 'sleepy.livery.localhost';
    expect((await css(host)).status).toBe(200);
    const suspended = await server.api('livery', 'PATCH', `/api/v1/tenants/${created.json().id}`, {
      status: 'suspended',
    });
    expect(suspended.status).toBe(200);
    expect((await css(host)).status).toBe(403);
    // its siblings are untouched
    expect((await css('acme.livery.localhost')).text).toBe(bodyOf('acme'));
  });

  it("stops a suspended partner's customers too, without naming the partner, and serves them again on reactivation", async () => {
    const created = await server.api('livery', 'POST', '/api/v1/tenants', { slug: 'napping', name: 'Napping Partner' });
    expect(created.status, created.text).toBe(201);
    const partnerKey = await server.db.asSystem(
      async (tx) => (await createApiKey(tx, { tenantId: created.json().id, role: 'admin' })).key,
    );
    const child = await server.request({
      method: 'POST',
      host: 'napping.livery.localhost',
      path: '/api/v1/tenants',
      headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'kid', name: 'Kid' }),
    });
    expect(child.status, child.text).toBe(201);
    const host = 'kid.napping.livery.localhost';
    expect((await css(host)).status).toBe(200);
    const patch = (status: string) => server.api('livery', 'PATCH', `/api/v1/tenants/${created.json().id}`, { status });
    expect((await patch('suspended')).status).toBe(200);
    const refused = await css(host);
    expect(refused.status).toBe(403);
    expect(refused.json().error.code).toBe('tenant_suspended');
    expect(refused.text).not.toMatch(/napping/i);
    expect((await patch('active')).status).toBe(200);
    expect((await css(host)).status).toBe(200);
  });

  it('serves the canonical tenant for upper-case, ported and trailing-dot spellings', async () => {
    for (const [written, slug] of [
      ['SHOP.ACME.LIVERY.LOCALHOST', 'shop'],
      ['shop.acme.livery.localhost:8787', 'shop'],
      ['shop.acme.livery.localhost.', 'shop'],
      ['Store.Globex.Livery.Localhost.:443', 'store'],
      ['LIVERY.localhost:80', 'livery'],
      ['Acme.Livery.Localhost.', 'acme'],
    ] as const) {
      const served = await css(written);
      expect(served.status, written).toBe(200);
      expect(served.text, written).toBe(bodyOf(slug));
      expect(served.header('etag')).toBe(canonical.get(server.tenant(slug).host)!.header('etag'));
    }
  });

  it('answers 404 unknown_host for malformed, over-long and IP-literal hosts', async () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.1:8787',
      '[::1]',
      '[::1]:8787',
      '::1',
      '0x7f.1',
      '2130706433',
      '[::ffff:127.0.0.1]',
      'a'.repeat(300),
      `${'a'.repeat(64)}.livery.localhost`,
      `${'a.'.repeat(126)}livery.localhost`,
      'shop.acme.livery.localhost:99999',
      'shop.acme.livery.localhost:http',
      'shop..acme.livery.localhost',
      'shop.acme.livery.localhost/evil',
      'user@shop.acme.livery.localhost',
      'shop acme.livery.localhost',
      '-shop.acme.livery.localhost',
      'shop_.acme.livery.localhost',
      'shop.acme.livery.localhost%00',
      ':8787',
      '.',
      '',
    ]) {
      expectUnknownHost(await css(host), host);
    }
  });

  it("never answers two Host headers with either tenant's theme", async () => {
    const response = await rawRequest(server.url, [
      'GET /theme.css HTTP/1.1',
      'Host: shop.acme.livery.localhost',
      'Host: store.globex.livery.localhost',
      'Connection: close',
    ]);
    expect(response).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(response).not.toContain(bodyOf('shop'));
    expect(response).not.toContain(bodyOf('store'));
  });

  it("property: a generated Host never gets a 5xx, nor a theme other than its canonical host's", async () => {
    const known = server.tenants.map((t) => t.host);
    /** An independent, deliberately simple reading of an ASCII host: trim, lower-case, drop a port and trailing dots. */
    const reading = (raw: string) =>
      raw
        .trim()
        .toLowerCase()
        .replace(/:\d{1,5}$/, '')
        .replace(/\.+$/, '');

    const spelling = fc
      .record({
        host: fc.constantFrom(...known),
        upper: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        dot: fc.boolean(),
        port: fc.option(fc.integer({ min: 1, max: 65535 })),
      })
      .map(({ host, upper, dot, port }) => ({
        raw:
          [...host].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch)).join('') +
          (dot ? '.' : '') +
          (port === null ? '' : `:${port}`),
        wellFormed: true,
      }));
    // ASCII junk and one Latin-1 letter; no character IDNA maps away (a soft hyphen is ignored by UTS #46, so
    // "sh\u00adop" is the name "shop" — the same tenant, which this simple reading would not know).
    const junk = fc.constantFrom(
      ...'abcxyzACME-._:@/[]% \t0123456789'.split(''),
      '\u00fc',
      'xn--',
      '..',
      ':0',
      ':65536',
      '@',
      '\\',
    );
    const mutated = fc
      .record({
        host: fc.constantFrom(...known),
        at: fc.nat(),
        cut: fc.nat({ max: 3 }),
        insert: fc.array(junk, { maxLength: 3 }),
      })
      .map(({ host, at, cut, insert }) => {
        const i = at % (host.length + 1);
        return { raw: host.slice(0, i) + insert.join('') + host.slice(i + cut), wellFormed: false };
      });
    const random = fc
      .oneof(
        fc.domain(),
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.-:[]'.split('')), maxLength: 80 }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
      )
      .map((raw) => ({ raw, wellFormed: false }));

    await fc.assert(
      fc.asyncProperty(fc.oneof(spelling, mutated, random), async ({ raw, wellFormed }) => {
        const response = await css(raw);
        expect(response.status, `Host ${JSON.stringify(raw)}`).toBeLessThan(500);
        const owner = reading(raw);
        if (response.status === 200) {
          // Only the tenant whose name this is may answer, with exactly what its canonical host serves.
          expect(known, `Host ${JSON.stringify(raw)} was served a theme`).toContain(owner);
          expect(response.text).toBe(canonical.get(owner)!.text);
        } else {
          expectUnknownHost(response, raw);
          if (wellFormed)
            expect.fail(`the well-formed spelling ${JSON.stringify(raw)} was not served (${response.status})`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
