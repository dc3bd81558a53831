// Cross-tenant attempts over HTTP: another tenant's key, another tenant's `:id`, and what a customer can learn
// about its partner (README "Security model": never siblings, never upward; responses to a T2 never reveal its partner).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/db/queries/keys.ts';
import { describeEachDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Everything a client receives, as one string to search: status line, headers and body. */
const everything = (response: HttpResponse) =>
  `${response.status}\n${JSON.stringify(response.headers)}\n${response.text}`;

describeEachDatabase('cross-tenant access over HTTP', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  it("refuses every tenant's key on every other tenant's host with 401", async () => {
    const slugs = server.tenants.map((t) => t.slug);
    // editor keys too: a key's tenant is what matters, not its role
    const editors = Object.fromEntries(
      await Promise.all(
        slugs.map(async (slug) => {
          const created = await server.api(slug, 'POST', '/api/v1/keys', { role: 'editor' });
          expect(created.status, created.text).toBe(201);
          return [slug, created.json().key as string] as const;
        }),
      ),
    );
    for (const owner of slugs) {
      for (const key of [server.keys[owner]!, editors[owner]!]) {
        expect(
          (await server.apiAs(key, server.tenant(owner).host, 'GET', '/api/v1/tokens/overrides')).status,
          `${owner} on its own host`,
        ).toBe(200);
        for (const other of slugs.filter((s) => s !== owner)) {
          const attempts =
            key === editors[owner]
              ? ([['GET', '/api/v1/tokens/overrides', undefined]] as const)
              : ([
                  ['GET', '/api/v1/tenants', undefined],
                  ['PUT', '/api/v1/tokens/overrides', {}],
                ] as const);
          for (const [method, path, body] of attempts) {
            const response = await server.apiAs(key, server.tenant(other).host, method, path, body);
            expect(response.status, `${owner}'s key on ${other}: ${method} ${path}`).toBe(401);
            expect(response.json().error.code).toBe('unauthenticated');
          }
        }
      }
    }
    // and nothing was written anywhere by the refused PUTs
    for (const slug of slugs) {
      const versions = (await server.api(slug, 'GET', '/api/v1/tokens/versions')).json() as { author: string }[];
      expect(
        versions.every((v) => v.author === 'seed-demo'),
        slug,
      ).toBe(true);
    }
  });

  it('answers 404 without detail when a management endpoint names a sibling or an ancestor', async () => {
    const targetsOf: Record<string, string[]> = {
      acme: ['livery', 'globex', 'store', 'docs'], // parent, sibling partner, the sibling's customers
      shop: ['acme', 'blog', 'livery', 'store'], // parent, sibling customer, grandparent, cousin
      globex: ['acme', 'shop'],
    };
    const unknown = randomUUID();
    for (const [caller, targets] of Object.entries(targetsOf)) {
      const baseline = await server.api(caller, 'PATCH', `/api/v1/tenants/${unknown}`, { name: 'Taken over' });
      expect(baseline.status).toBe(404);
      for (const slug of targets) {
        const target = server.tenant(slug);
        const attempts = [
          await server.api(caller, 'PATCH', `/api/v1/tenants/${target.id}`, { name: 'Taken over' }),
          await server.api(caller, 'PATCH', `/api/v1/tenants/${target.id}`, { status: 'suspended' }),
        ];
        if (caller !== 'shop')
          attempts.push(
            await server.api(caller, 'POST', `/api/v1/tenants/${target.id}/domains`, {
              domain: `${slug}-stolen.example`,
            }),
          );
        for (const response of attempts) {
          expect(response.status, `${caller} → ${slug}: ${response.text}`).toBe(404);
          // the same answer as for an id that does not exist: no oracle, and nothing about the target
          expect(response.json().error.code).toBe('not_found');
          expect(response.text).not.toContain(target.id);
          expect(response.text).not.toContain(slug);
        }
        // (every error body has its own request id: compare the rest)
        const withoutRequestId = (text: string) => text.replace(/"requestId":"[^"]*"/, '"requestId":""');
        expect(withoutRequestId(attempts[0]!.text)).toBe(withoutRequestId(baseline.text));
      }
    }
    // nothing changed: every tenant keeps its name and status and serves its theme
    const all = (await server.api('livery', 'GET', '/api/v1/tenants')).json() as { name: string; status: string }[];
    expect(all.map((t) => t.name)).not.toContain('Taken over');
    expect(all.every((t) => t.status === 'active')).toBe(true);
    expect((await server.api('globex', 'POST', '/api/v1/domains/globex-stolen.example/verify')).status).toBe(404);
  });

  it('refuses to revoke or verify what belongs to another tenant', async () => {
    const globexKeys = (await server.api('globex', 'GET', '/api/v1/keys')).json() as { id: string }[];
    expect(globexKeys.length).toBeGreaterThan(0);
    for (const caller of ['acme', 'store', 'livery']) {
      const response = await server.api(caller, 'DELETE', `/api/v1/keys/${globexKeys[0]!.id}`);
      expect(response.status, caller).toBe(404);
    }
    expect((await server.api('globex', 'GET', '/api/v1/tokens/overrides')).status).toBe(200);

    const added = await server.api('globex', 'POST', `/api/v1/tenants/${server.tenant('store').id}/domains`, {
      domain: 'globex-owned.example',
    });
    expect(added.status, added.text).toBe(201);
    server.verifier.publish('globex-owned.example', added.json().verification.value);
    const foreign = await server.api('acme', 'POST', '/api/v1/domains/globex-owned.example/verify');
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(server.tenant('store').id);
    expect((await server.request({ host: 'globex-owned.example', path: '/theme.css' })).status).toBe(404);
    // a taken domain is the one unavoidable disclosure (a global name), and it names no tenant
    const taken = await server.api('acme', 'POST', `/api/v1/tenants/${server.tenant('shop').id}/domains`, {
      domain: 'globex-owned.example',
    });
    expect(taken.status).toBe(409);
    expect(taken.json().error.code).toBe('domain_taken');
    expect(taken.text).not.toContain(server.tenant('store').id);
    expect(taken.text).not.toContain(server.tenant('globex').id);
  });

  it("never shows a customer its partner's id, slug or name — in any body or header", async () => {
    // A partner with names that cannot occur by chance, a customer, and everything that leaves traces: a layer,
    // a policy, a catalog theme, a renamed and a custom-domain customer (audit rows written by the partner).
    const partner = await server.api('livery', 'POST', '/api/v1/tenants', {
      slug: 'qzpartner',
      name: 'Quizzical Partner Holdings',
    });
    expect(partner.status, partner.text).toBe(201);
    const partnerId: string = partner.json().id;
    const partnerKey = (await server.db.asSystem((tx) => createApiKey(tx, { tenantId: partnerId, role: 'admin' }))).key;
    const asPartner = (method: string, path: string, body?: unknown) =>
      server.apiAs(partnerKey, 'qzpartner.livery.localhost', method, path, body);
    const child = await asPartner('POST', '/api/v1/tenants', { slug: 'leaf', name: 'Leaf Customer' });
    expect(child.status, child.text).toBe(201);
    const childId: string = child.json().id;
    for (const [method, path, body] of [
      ['PUT', '/api/v1/tokens/theme', { theme: 'ocean' }],
      [
        'PUT',
        '/api/v1/tokens/overrides',
        { semantic: { light: { text: { link: { $value: '#0b4f86', $description: 'Link blue.' } } } } },
      ],
      [
        'PUT',
        '/api/v1/tokens/policy',
        {
          allow: ['semantic.*.text.link', 'primitive.radius.md'],
          ranges: { 'semantic.*.text.link': { maxDeltaE: 0.05 }, 'primitive.radius.md': { min: '2px', max: '8px' } },
        },
      ],
      ['PATCH', `/api/v1/tenants/${childId}`, { name: 'Leaf Customer' }],
      ['POST', `/api/v1/tenants/${childId}/domains`, { domain: 'leaf-brand.example' }],
    ] as const) {
      const response = await asPartner(method, path, body);
      expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
    }
    const childKey = (await server.db.asSystem((tx) => createApiKey(tx, { tenantId: childId, role: 'admin' }))).key;
    const host = 'leaf.qzpartner.livery.localhost';
    const asChild = (method: string, path: string, body?: unknown, auth = true) =>
      server.request({
        method,
        host,
        path,
        headers: {
          ...(auth ? { authorization: `Bearer ${childKey}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    // the customer writes inside and outside its policy, so its history and errors mention the policy's limits
    expect(
      (await asChild('PUT', '/api/v1/tokens/overrides', { primitive: { radius: { md: { $value: '6px' } } } })).status,
    ).toBe(200);

    const responses: [string, HttpResponse][] = [];
    const record = async (label: string, response: Promise<HttpResponse>) => responses.push([label, await response]);
    const outOfPolicy = {
      semantic: { light: { text: { link: { $value: '#e8590c' } }, background: { canvas: { $value: '#000000' } } } },
      primitive: { radius: { md: { $value: '40px' } } },
    };
    await record('tenants', asChild('GET', '/api/v1/tenants'));
    await record('tenant by id', asChild('PATCH', `/api/v1/tenants/${partnerId}`, { name: 'x' }));
    await record('overrides', asChild('GET', '/api/v1/tokens/overrides'));
    await record('versions', asChild('GET', '/api/v1/tokens/versions'));
    await record('audit', asChild('GET', '/api/v1/audit'));
    await record('keys', asChild('GET', '/api/v1/keys'));
    await record('refused write', asChild('PUT', '/api/v1/tokens/overrides', outOfPolicy));
    await record('validate', asChild('POST', '/api/v1/tokens/validate', outOfPolicy, false));
    await record(
      'validate ok',
      asChild(
        'POST',
        '/api/v1/tokens/validate',
        { semantic: { light: { text: { link: { $value: '#0b4f88' } } } } },
        false,
      ),
    );
    await record('policy', asChild('GET', '/api/v1/tokens/policy'));
    await record('providers', asChild('GET', '/api/v1/auth/providers'));
    await record('theme selection', asChild('GET', '/api/v1/tokens/theme'));
    await record('rollback', asChild('POST', '/api/v1/tokens/rollback', { version: 1 }));
    await record('catalog', asChild('GET', '/api/v1/themes', undefined, false));
    for (const path of [
      '/theme.css',
      '/theme.json',
      '/theme.json?format=flat',
      '/theme.tailwind.css',
      '/preview',
      '/preview?mode=dark',
      '/healthz',
      '/nope',
    ]) {
      await record(path, asChild('GET', path, undefined, false));
    }
    const css = responses.find(([label]) => label === '/theme.css')![1];
    await record('versioned css', asChild('GET', /^<([^>]+)>/.exec(css.header('link') ?? '')![1]!, undefined, false));
    await record(
      'conditional css',
      server.request({ host, path: '/theme.css', headers: { 'if-none-match': css.header('etag')! } }),
    );

    for (const [label, response] of responses) {
      expect(response.status, `${label}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
      const seen = everything(response);
      expect(seen, label).not.toContain(partnerId);
      expect(seen.toLowerCase(), label).not.toContain('qzpartner');
      expect(seen.toLowerCase(), label).not.toContain('quizzical');
    }
    // and the customer saw real data, not empty answers
    expect(responses.find(([label]) => label === 'refused write')![1].status).toBe(422);
    expect(responses.find(([label]) => label === 'tenants')![1].json()).toHaveLength(1);
    expect(responses.find(([label]) => label === 'audit')![1].json().length).toBeGreaterThan(0);
    expect(responses.find(([label]) => label === 'versions')![1].json().length).toBeGreaterThan(0);
    expect(
      JSON.parse(responses.find(([label]) => label === '/theme.json?format=flat')![1].text).light['--text-link'],
    ).toBe('#0b4f86');
  });

  it("never shows a demo customer its partner's id or name either", async () => {
    const acme = server.tenant('acme');
    for (const path of [
      '/api/v1/tenants',
      '/api/v1/tokens/overrides',
      '/api/v1/tokens/versions',
      '/api/v1/audit',
      '/api/v1/keys',
      '/theme.json',
      '/preview',
    ]) {
      const response = await server.api('shop', 'GET', path);
      expect(response.status, path).toBe(200);
      expect(everything(response), path).not.toContain(acme.id);
      expect(everything(response), path).not.toContain('Acme Corp');
    }
  });
});
