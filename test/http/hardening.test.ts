// Defects an outside review reproduced against the running service, each reproduced again here and now refused:
// text PostgreSQL cannot store (a NUL, a lone surrogate) anywhere in a body or a path, drafts nested thousands deep,
// versioned writes that ignored If-Match, and version numbers past the column's range. Never a 500, the field named,
// and nothing of a refused request stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../support/cookie-jar.ts';
import { describeEachDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { nest } from '../stress/malformed-bodies.ts';

const NUL = '\u0000';
const LONE_HIGH = '\ud800';
const LONE_LOW = '\udc00';
const UNSTORABLE = { NUL, 'a lone high surrogate': LONE_HIGH, 'a lone low surrogate': LONE_LOW } as const;

function expectStatus(response: HttpResponse, status: number, what: string): void {
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBe(status);
}

describeEachDatabase('hardening', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database, { authRateLimit: { limit: 100_000, windowMs: 60_000 } });
  });
  afterAll(() => server?.close());

  const versions = async (slug: string) =>
    (await server.api(slug, 'GET', '/api/v1/tokens/versions')).json() as { version: number }[];
  const currentVersion = async (slug: string) =>
    (await server.api(slug, 'GET', '/api/v1/tokens/overrides')).json().version as number;
  const validate = (slug: string, body: unknown) =>
    server.request({
      method: 'POST',
      host: server.tenant(slug).host,
      path: '/api/v1/tokens/validate',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  describe('text PostgreSQL cannot store', () => {
    for (const [what, bad] of Object.entries(UNSTORABLE)) {
      it(`refuses ${what} in an override's $description, $deprecated and $extensions (key and value), and validation agrees`, async () => {
        const before = (await versions('acme')).length;
        const token = (extra: Record<string, unknown>) => nest('primitive.radius.md', { $value: '5px', ...extra });
        const bodies: [string, unknown, string][] = [
          ['$description', token({ $description: `Rounder${bad}` }), 'primitive.radius.md'],
          ['$deprecated', token({ $deprecated: `use lg${bad}` }), 'primitive.radius.md'],
          [
            'an $extensions value',
            token({ $extensions: { 'com.example': { note: `x${bad}y` } } }),
            'primitive.radius.md',
          ],
          ['an $extensions key', token({ $extensions: { [`com.example${bad}`]: true } }), 'primitive.radius.md'],
          [
            'a group $description',
            { primitive: { radius: { $description: `radii${bad}`, md: { $value: '5px' } } } },
            'primitive.radius',
          ],
        ];
        for (const [where, body, path] of bodies) {
          const put = await server.api('acme', 'PUT', '/api/v1/tokens/overrides', body);
          expectStatus(put, 422, `PUT, ${what} in ${where}`);
          expect(put.json().error.code).toBe('invalid_tokens');
          const violations = put.json().error.violations as { path: string; message: string }[];
          expect(
            violations.some((v) => v.path.startsWith(path)),
            `${where}: ${JSON.stringify(violations)}`,
          ).toBe(true);

          const checked = await validate('acme', body);
          expectStatus(checked, 200, `validate, ${what} in ${where}`);
          expect(checked.json().ok, `validate, ${what} in ${where}`).toBe(false);
          expect(checked.json().violations.map((v: { path: string }) => v.path)).toEqual(violations.map((v) => v.path));
        }
        expect((await versions('acme')).length).toBe(before);
      });

      it(`refuses ${what} in a tenant name, a key label and a policy allow entry with 422 naming the field`, async () => {
        const tenantsBefore = (await server.api('acme', 'GET', '/api/v1/tenants')).json();
        const create = await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'nul-test', name: `Shop${bad}` });
        expectStatus(create, 422, `POST /tenants, ${what} in name`);
        expect(create.json().error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'name' }] });
        expect((await server.api('acme', 'GET', '/api/v1/tenants')).json()).toEqual(tenantsBefore);

        const shop = server.tenant('shop');
        const rename = await server.api('acme', 'PATCH', `/api/v1/tenants/${shop.id}`, { name: `Shop${bad}` });
        expectStatus(rename, 422, `PATCH /tenants/:id, ${what} in name`);
        expect(rename.json().error.issues[0].path).toBe('name');
        expect((await server.api('acme', 'GET', '/api/v1/tenants')).json()).toEqual(tenantsBefore);

        const keyIds = async () =>
          (await server.api('acme', 'GET', '/api/v1/keys')).json().map((k: { id: string }) => k.id);
        const keysBefore = await keyIds();
        const key = await server.api('acme', 'POST', '/api/v1/keys', { role: 'viewer', label: `ci${bad}` });
        expectStatus(key, 422, `POST /keys, ${what} in label`);
        expect(key.json().error.issues[0].path).toBe('label');
        expect(await keyIds()).toEqual(keysBefore);

        const policyBefore = await server.api('acme', 'GET', '/api/v1/tokens/policy');
        const policy = await server.api('acme', 'PUT', '/api/v1/tokens/policy', {
          allow: ['semantic.*.text.link', `primitive.radius.md${bad}`],
        });
        expectStatus(policy, 422, `PUT /tokens/policy, ${what} in allow`);
        expect(policy.json().error.issues[0].path).toBe('allow[1]');
        const policyAfter = await server.api('acme', 'GET', '/api/v1/tokens/policy');
        expect(policyAfter.json()).toEqual(policyBefore.json());
        expect(policyAfter.header('etag')).toBe(policyBefore.header('etag'));
      });

      it(`refuses a draft holding ${what}, and stores nothing`, async () => {
        const browser = new Browser(server.url);
        const host = server.tenant('shop').host;
        expectStatus(await browser.post(host, '/auth/anonymous'), 201, 'anonymous session');
        const draft = await browser.put(
          host,
          '/api/v1/tokens/drafts/Mine',
          nest('primitive.radius.md', { $value: '5px', $description: `x${bad}` }),
        );
        expectStatus(draft, 422, `draft, ${what}`);
        expect(draft.json().error.violations[0].path).toBe('primitive.radius.md.$description');
        const unknownKey = await browser.put(host, '/api/v1/tokens/drafts/Mine', { [`note${bad}`]: 1 });
        expectStatus(unknownKey, 422, `draft, ${what} in a key`);
        expect((await browser.get(host, '/api/v1/tokens/drafts')).json()).toEqual([]);
      });
    }

    it('stores a tenant name with characters outside the BMP exactly as sent (a surrogate pair is not a lone surrogate)', async () => {
      const name = 'Shop 🎨 𝒜';
      const created = await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'emoji-shop', name });
      expectStatus(created, 201, 'astral name');
      const listed = (await server.api('acme', 'GET', '/api/v1/tenants')).json() as { slug: string; name: string }[];
      expect(listed.find((t) => t.slug === 'emoji-shop')?.name).toBe(name);
    });

    it('answers 400 to a NUL or lone surrogate in a path segment or a query parameter', async () => {
      const browser = new Browser(server.url);
      const host = server.tenant('shop').host;
      expectStatus(await browser.post(host, '/auth/anonymous'), 201, 'anonymous session');
      for (const segment of ['%00', 'a%00b', '%ED%A0%80']) {
        const response = await browser.put(host, `/api/v1/tokens/drafts/${segment}`, {});
        expect(response.status, `${segment}: ${response.text}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${segment}: ${response.text}`).toBeLessThan(500);
      }
      const nul = await browser.put(host, '/api/v1/tokens/drafts/a%00b', {});
      expectStatus(nul, 400, 'NUL in a draft name');
      expect(nul.json().error.code).toBe('invalid_path');
      const query = await server.api('acme', 'GET', '/api/v1/audit?limit=1%00');
      expectStatus(query, 400, 'NUL in a query parameter');
      expect(query.json().error.code).toBe('invalid_query');
      const deleted = await server.api('acme', 'DELETE', '/api/v1/keys/%00');
      expectStatus(deleted, 400, 'NUL in a key id');
    });
  });

  describe('nesting', () => {
    it('refuses a draft nested 5 000 levels deep from an anonymous visitor with 422, not a 500', async () => {
      const browser = new Browser(server.url);
      const host = server.tenant('shop').host;
      expectStatus(await browser.post(host, '/auth/anonymous'), 201, 'anonymous session');
      const deep = `${'{"g":'.repeat(5000)}{"$value":"5px"}${'}'.repeat(5000)}`; // JSON.stringify would overflow here
      const response = await browser.put(host, '/api/v1/tokens/drafts/Deep', undefined, { body: deep });
      expectStatus(response, 422, '5 000-deep draft');
      expect(response.json().error.violations[0].message).toMatch(/deeper than \d+ levels/);
      expect((await browser.get(host, '/api/v1/tokens/drafts')).json()).toEqual([]);
    });

    it('refuses deep bodies on every other JSON endpoint with 422 invalid_request', async () => {
      const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
      for (const [method, path] of [
        ['POST', '/api/v1/tenants'],
        ['PUT', '/api/v1/tokens/policy'],
        ['POST', '/api/v1/keys'],
        ['POST', '/api/v1/tokens/rollback'],
      ] as const) {
        const response = await server.api('acme', method, path, `{"x":${deep(5000)}}`);
        expectStatus(response, 422, `${method} ${path}`);
        expect(response.json().error.code).toBe('invalid_request');
      }
    });
  });

  describe('If-Match on every versioned write', () => {
    it('rollback: a stale If-Match is 412, a malformed one 400, the current one 200', async () => {
      // two publishes so there is something to roll back to
      for (const radius of ['6px', '7px'])
        expectStatus(
          await server.api('acme', 'PUT', '/api/v1/tokens/overrides', nest('primitive.radius.md', { $value: radius })),
          200,
          radius,
        );
      const current = await currentVersion('acme');
      const stale = await server.api(
        'acme',
        'POST',
        '/api/v1/tokens/rollback',
        { version: current - 1 },
        { 'if-match': `"${current - 1}"` },
      );
      expectStatus(stale, 412, 'stale If-Match');
      expect(stale.json().error.code).toBe('version_conflict');
      for (const garbage of ['garbage', '"abc"', '"1", "2"', '"99999999999"']) {
        const response = await server.api(
          'acme',
          'POST',
          '/api/v1/tokens/rollback',
          { version: current - 1 },
          { 'if-match': garbage },
        );
        expectStatus(response, 400, `If-Match ${garbage}`);
        expect(response.json().error.code).toBe('invalid_if_match');
      }
      expect(await currentVersion('acme')).toBe(current);
      const fresh = await server.api(
        'acme',
        'POST',
        '/api/v1/tokens/rollback',
        { version: current - 1 },
        { 'if-match': `"${current}"` },
      );
      expectStatus(fresh, 200, 'current If-Match');
      expect(fresh.json()).toMatchObject({ version: current + 1, restored: current - 1 });
    });

    it('rollback: of 10 concurrent rollbacks sent with the same If-Match, exactly one succeeds', async () => {
      const current = await currentVersion('acme');
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          server.api(
            'acme',
            'POST',
            '/api/v1/tokens/rollback',
            { version: current - 1 },
            { 'if-match': `"${current}"` },
          ),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(412)]);
      expect(await currentVersion('acme')).toBe(current + 1);
    });

    it("rollback: a version past the column's range is a 422 naming the field, not a 500", async () => {
      for (const version of [2_147_483_648, 2 ** 63, 1e20, -1, 0, 1.5, '1']) {
        const response = await server.api('acme', 'POST', '/api/v1/tokens/rollback', { version });
        expectStatus(response, 422, `version ${version}`);
        expect(response.json().error.issues[0].path).toBe('version');
      }
      const overflow = await server.api('acme', 'POST', '/api/v1/tokens/rollback', '{"version":1e309}');
      expectStatus(overflow, 422, 'version 1e309');
      expect(overflow.json().error.issues[0].path).toBe('version');
      expectStatus(
        await server.api('acme', 'POST', '/api/v1/tokens/rollback', { version: 2_147_483_647 }),
        404,
        'the largest version, absent',
      );
    });

    for (const [what, path, body, next] of [
      [
        'policy',
        '/api/v1/tokens/policy',
        { allow: ['primitive.radius.md'] },
        { allow: ['primitive.radius.md', 'primitive.radius.lg'] },
      ],
      ['provider list', '/api/v1/auth/providers', { providers: ['google'] }, { providers: ['github', 'google'] }],
    ] as const) {
      it(`${what}: GET gives an ETag; PUT honours If-Match (stale 412, malformed 400, concurrent one winner)`, async () => {
        const read = await server.api('globex', 'GET', path);
        expectStatus(read, 200, `GET ${path}`);
        const etag = read.header('etag')!;
        expect(etag).toMatch(/^"\d+"$/);
        const stale = `"${Number(etag.slice(1, -1)) + 5}"`;
        const conflict = await server.api('globex', 'PUT', path, body, { 'if-match': stale });
        expectStatus(conflict, 412, `stale If-Match on ${what}`);
        expect(conflict.json().error.code).toBe('version_conflict');
        expectStatus(
          await server.api('globex', 'PUT', path, body, { 'if-match': 'garbage' }),
          400,
          `malformed If-Match on ${what}`,
        );
        expect((await server.api('globex', 'GET', path)).json()).toEqual(read.json());

        const written = await server.api('globex', 'PUT', path, body, { 'if-match': etag });
        expectStatus(written, 200, `current If-Match on ${what}`);
        const newEtag = written.header('etag')!;
        expect(newEtag).not.toBe(etag);
        expect((await server.api('globex', 'GET', path)).header('etag')).toBe(newEtag);

        const racing = await Promise.all(
          Array.from({ length: 6 }, () => server.api('globex', 'PUT', path, next, { 'if-match': newEtag })),
        );
        expect(racing.map((r) => r.status).sort()).toEqual([200, ...Array(5).fill(412)]);
        // without If-Match the write is unconditional, as PUT /tokens/overrides
        expectStatus(await server.api('globex', 'PUT', path, body), 200, `no If-Match on ${what}`);
      });
    }
  });
});
