// The tenancy API end to end: creating and changing tenants, what each tier may list, API keys and roles, the audit
// trail, a partner's policy, sign-in providers and catalog theme (docs/http-api.md).
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/db/queries/keys.ts';
import { describeEachDatabase } from '../support/databases.ts';
import type { HttpResponse } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const acmePolicy = JSON.parse(readFileSync(new URL('../../tokens/demo/acme.policy.json', import.meta.url), 'utf8'));

describeEachDatabase('tenancy API', (database) => {
  let server: TestServer;
  const startedAt = Date.now();
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  const css = (host: string) => server.request({ host, path: '/theme.css' });
  const flat = async (host: string) => (await server.request({ host, path: '/theme.json?format=flat' })).json();
  /** A request with an explicit key on a tenant's host (server.api uses the tenant's seeded admin key). */
  const as = (key: string, slug: string, method: string, path: string, body?: unknown) =>
    server.apiAs(key, server.tenant(slug).host, method, path, body);
  const newKey = async (slug: string, role: string): Promise<{ id: string; key: string }> => {
    const created = await server.api(slug, 'POST', '/api/v1/keys', { role, label: `${role} for tests` });
    expect(created.status, created.text).toBe(201);
    return created.json();
  };
  const expectError = (response: HttpResponse, status: number, code: string) => {
    expect(response.status, response.text).toBe(status);
    expect(response.json().error.code).toBe(code);
  };

  it('creates a partner as the platform and a customer as a partner, each serving its theme at once', async () => {
    // a visitor asked for the names before they existed: that "unknown" answer must not outlive the creation
    expect((await css('northwind.livery.localhost')).status).toBe(404);
    expect((await css('kiosk.acme.livery.localhost')).status).toBe(404);

    const partner = await server.api('livery', 'POST', '/api/v1/tenants', {
      slug: 'northwind',
      name: 'Northwind Traders',
    });
    expect(partner.status, partner.text).toBe(201);
    expect(partner.json()).toMatchObject({
      slug: 'northwind',
      name: 'Northwind Traders',
      tier: 1,
      status: 'active',
      parentId: server.tenant('livery').id,
    });
    const served = await css('northwind.livery.localhost');
    expect(served.status, served.text).toBe(200);
    // nothing published yet: the platform's own theme
    expect(served.text).toBe((await css('livery.localhost')).text);

    const customer = await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'kiosk', name: 'Acme Kiosk' });
    expect(customer.status, customer.text).toBe(201);
    expect(customer.json()).toMatchObject({ slug: 'kiosk', tier: 2, parentId: server.tenant('acme').id });
    const kiosk = await css('kiosk.acme.livery.localhost');
    expect(kiosk.status).toBe(200);
    // a customer without a layer of its own wears its partner's theme
    expect(kiosk.text).toBe((await css('blog.acme.livery.localhost')).text);
  });

  it('refuses a taken slug with 409, but lets another partner use the same customer slug', async () => {
    expectError(
      await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'shop', name: 'Another shop' }),
      409,
      'slug_taken',
    );
    expectError(
      await server.api('livery', 'POST', '/api/v1/tenants', { slug: 'acme', name: 'Acme again' }),
      409,
      'slug_taken',
    );
    const elsewhere = await server.api('globex', 'POST', '/api/v1/tenants', { slug: 'shop', name: 'Globex Shop' });
    expect(elsewhere.status, elsewhere.text).toBe(201);
    expect((await css('shop.globex.livery.localhost')).status).toBe(200);
    expect((await css('shop.globex.livery.localhost')).text).not.toBe((await css('shop.acme.livery.localhost')).text);

    expectError(
      await server.api('shop', 'POST', '/api/v1/tenants', { slug: 'deeper', name: 'Too deep' }),
      403,
      'forbidden',
    );
    expectError(
      await server.api('acme', 'POST', '/api/v1/tenants', { slug: 'Bad Slug!', name: 'x' }),
      422,
      'invalid_request',
    );
    expectError(
      await server.api('acme', 'POST', '/api/v1/tenants', {
        slug: 'ok',
        name: 'x',
        parentId: server.tenant('globex').id,
      }),
      422,
      'invalid_request',
    );
  });

  it('lists the platform everything, a partner itself and its customers, a customer only itself', async () => {
    const ids = (response: HttpResponse) => response.json().map((t: { id: string }) => t.id);
    const platform = await server.api('livery', 'GET', '/api/v1/tenants');
    expect(platform.status).toBe(200);
    expect(ids(platform)).toEqual(expect.arrayContaining(server.tenants.map((t) => t.id)));

    const acme = server.tenant('acme');
    const partner = (await server.api('acme', 'GET', '/api/v1/tenants')).json();
    expect(partner.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([acme.id, server.tenant('shop').id, server.tenant('blog').id]),
    );
    for (const row of partner) expect(row.id === acme.id || row.parentId === acme.id, JSON.stringify(row)).toBe(true);

    const customer = await server.api('shop', 'GET', '/api/v1/tenants');
    expect(customer.json()).toEqual([expect.objectContaining({ id: server.tenant('shop').id, slug: 'shop', tier: 2 })]);
    expect(customer.json()[0]).not.toHaveProperty('parentId');
  });

  it("lets only an ancestor's admin rename or suspend a tenant", async () => {
    const shop = server.tenant('shop').id;
    const renamed = await server.api('acme', 'PATCH', `/api/v1/tenants/${shop}`, { name: 'Acme Shop (renamed)' });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json().name).toBe('Acme Shop (renamed)');
    expect((await server.api('livery', 'PATCH', `/api/v1/tenants/${shop}`, { name: 'Acme Shop' })).json().name).toBe(
      'Acme Shop',
    );

    // not itself, not a sibling's customer, not its parent
    expectError(
      await server.api('shop', 'PATCH', `/api/v1/tenants/${shop}`, { status: 'suspended' }),
      404,
      'not_found',
    );
    expectError(
      await server.api('acme', 'PATCH', `/api/v1/tenants/${server.tenant('acme').id}`, { status: 'suspended' }),
      404,
      'not_found',
    );
    expectError(
      await server.api('globex', 'PATCH', `/api/v1/tenants/${shop}`, { status: 'suspended' }),
      404,
      'not_found',
    );
    expectError(
      await server.api('shop', 'PATCH', `/api/v1/tenants/${server.tenant('acme').id}`, { name: 'Mine now' }),
      404,
      'not_found',
    );
    const editor = await newKey('acme', 'editor');
    expectError(
      await as(editor.key, 'acme', 'PATCH', `/api/v1/tenants/${shop}`, { status: 'suspended' }),
      403,
      'forbidden',
    );
    expectError(
      await server.api('acme', 'PATCH', `/api/v1/tenants/${shop}`, { status: 'paused' }),
      422,
      'invalid_request',
    );

    expect((await css('shop.acme.livery.localhost')).status).toBe(200);
    const names = (await server.api('livery', 'GET', '/api/v1/tenants')).json().map((t: { name: string }) => t.name);
    expect(names).toContain('Acme Corp');
    expect(names).not.toContain('Mine now');
  });

  it('creates API keys whose secret is shown once, lists them without it, and revokes them', async () => {
    const created = await server.api('globex', 'POST', '/api/v1/keys', { role: 'editor', label: 'ci pipeline' });
    expect(created.status, created.text).toBe(201);
    const { id, key } = created.json();
    expect(key).toMatch(/^lvk_[0-9a-f]{12}_[0-9a-f]{64}$/);
    const secret = key.split('_')[2];
    expect((await as(key, 'globex', 'GET', '/api/v1/tokens/overrides')).status).toBe(200);

    const listed = await server.api('globex', 'GET', '/api/v1/keys');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(secret);
    expect(listed.text).not.toMatch(/secret|hash/i);
    const entry = listed.json().find((k: { id: string }) => k.id === id);
    expect(entry).toMatchObject({ role: 'editor', label: 'ci pipeline', revokedAt: null, prefix: key.split('_')[1] });
    expect(entry).not.toHaveProperty('key');

    const revoked = await server.api('globex', 'DELETE', `/api/v1/keys/${id}`);
    expect(revoked.status).toBe(204);
    expectError(await as(key, 'globex', 'GET', '/api/v1/tokens/overrides'), 401, 'unauthenticated');
    expectError(await as(key, 'globex', 'PUT', '/api/v1/tokens/overrides', {}), 401, 'unauthenticated');
    expect(
      (await server.api('globex', 'GET', '/api/v1/keys')).json().find((k: { id: string }) => k.id === id).revokedAt,
    ).not.toBeNull();
    expectError(await server.api('globex', 'DELETE', `/api/v1/keys/${id}`), 404, 'not_found');
    // a partner cannot revoke its customer's key, even though it may see the customer's rows
    const customerKey = await newKey('store', 'viewer');
    expectError(await server.api('globex', 'DELETE', `/api/v1/keys/${customerKey.id}`), 404, 'not_found');
    expect((await as(customerKey.key, 'store', 'GET', '/api/v1/tokens/overrides')).status).toBe(200);
  });

  it('keeps a viewer from writing, and an editor from rolling back or setting policy', async () => {
    const viewer = await newKey('acme', 'viewer');
    const editor = await newKey('acme', 'editor');
    const { version, tokens } = (await as(viewer.key, 'acme', 'GET', '/api/v1/tokens/overrides')).json();
    expect(version).toBeGreaterThanOrEqual(1);

    expectError(await as(viewer.key, 'acme', 'PUT', '/api/v1/tokens/overrides', tokens), 403, 'forbidden');
    expectError(await as(viewer.key, 'acme', 'PUT', '/api/v1/tokens/theme', { theme: 'forest' }), 403, 'forbidden');
    expectError(await as(viewer.key, 'acme', 'POST', '/api/v1/keys', { role: 'admin' }), 403, 'forbidden');
    expectError(await as(viewer.key, 'acme', 'GET', '/api/v1/audit'), 403, 'forbidden');

    const written = await as(editor.key, 'acme', 'PUT', '/api/v1/tokens/overrides', tokens);
    expect(written.status, written.text).toBe(200);
    expectError(await as(editor.key, 'acme', 'POST', '/api/v1/tokens/rollback', { version }), 403, 'forbidden');
    expectError(
      await as(editor.key, 'acme', 'PUT', '/api/v1/tokens/policy', { allow: ['semantic.*.text.link'], ranges: {} }),
      403,
      'forbidden',
    );
    expectError(await as(editor.key, 'acme', 'GET', '/api/v1/tokens/policy'), 403, 'forbidden');
    expectError(await as(editor.key, 'acme', 'PUT', '/api/v1/auth/providers', { providers: [] }), 403, 'forbidden');
    expectError(await as(editor.key, 'acme', 'POST', '/api/v1/keys', { role: 'admin' }), 403, 'forbidden');
    // an editor cannot mint itself an admin key, and nothing above changed the policy
    expect((await server.api('acme', 'GET', '/api/v1/tokens/policy')).json()).toEqual(acmePolicy);
  });

  it("lets a partner admin read and set its customers' policy, which binds the customers' next write", async () => {
    expect((await server.api('acme', 'GET', '/api/v1/tokens/policy')).json()).toEqual(acmePolicy);
    const change = { semantic: { light: { interactive: { primary: { $value: '#0a5a86' } } } } };
    // demo policy: acme's customers may move interactive.primary a little
    const allowed = await server.api('blog', 'PUT', '/api/v1/tokens/overrides', change);
    expect(allowed.status, allowed.text).toBe(200);

    const narrower = { allow: ['semantic.*.text.link'], ranges: { 'semantic.*.text.link': { maxDeltaE: 0.1 } } };
    const put = await server.api('acme', 'PUT', '/api/v1/tokens/policy', narrower);
    expect(put.status, put.text).toBe(200);
    expect((await server.api('acme', 'GET', '/api/v1/tokens/policy')).json()).toEqual(narrower);
    const refused = await server.api('blog', 'PUT', '/api/v1/tokens/overrides', {
      semantic: { light: { interactive: { primary: { $value: '#0a5a88' } } } },
    });
    expect(refused.status).toBe(422);
    expect(refused.json().error.violations).toContainEqual(
      expect.objectContaining({ path: 'semantic.light.interactive.primary', rule: 'not_allowed' }),
    );

    expectError(
      await server.api('acme', 'PUT', '/api/v1/tokens/policy', { allow: 'everything' }),
      422,
      'invalid_request',
    );
    expectError(
      await server.api('acme', 'PUT', '/api/v1/tokens/policy', { allow: [], ranges: { 'a.b': { maxDeltaE: -1 } } }),
      422,
      'invalid_request',
    );
    expectError(await server.api('shop', 'GET', '/api/v1/tokens/policy'), 403, 'forbidden');
    expectError(await server.api('shop', 'PUT', '/api/v1/tokens/policy', narrower), 403, 'forbidden');
    expectError(await server.api('livery', 'GET', '/api/v1/tokens/policy'), 403, 'forbidden');
    expect((await server.api('acme', 'PUT', '/api/v1/tokens/policy', acmePolicy)).status).toBe(200);
  });

  it("lets a partner admin choose its customers' sign-in providers, and nobody else", async () => {
    expect((await server.api('globex', 'GET', '/api/v1/auth/providers')).json()).toEqual({ providers: ['github'] });
    const put = await server.api('globex', 'PUT', '/api/v1/auth/providers', { providers: ['google', 'github'] });
    expect(put.status, put.text).toBe(200);
    expect((await server.api('globex', 'GET', '/api/v1/auth/providers')).json()).toEqual({
      providers: ['github', 'google'],
    });
    expectError(
      await server.api('globex', 'PUT', '/api/v1/auth/providers', { providers: ['myspace'] }),
      422,
      'invalid_request',
    );
    expectError(await server.api('store', 'GET', '/api/v1/auth/providers'), 403, 'forbidden');
    expectError(
      await server.api('store', 'PUT', '/api/v1/auth/providers', { providers: ['google'] }),
      403,
      'forbidden',
    );
    expectError(
      await server.api('livery', 'PUT', '/api/v1/auth/providers', { providers: ['google'] }),
      403,
      'forbidden',
    );
    expect((await server.api('globex', 'GET', '/api/v1/auth/providers')).json()).toEqual({
      providers: ['github', 'google'],
    });
  });

  it('lets a partner select a catalog theme, which its customers wear on their next request', async () => {
    expect((await server.api('globex', 'GET', '/api/v1/tokens/theme')).json()).toMatchObject({ theme: null });
    const before = await css('docs.globex.livery.localhost');
    expect((await flat('docs.globex.livery.localhost')).light['--primitive-color-forest-500']).toBeUndefined();

    expectError(
      await server.api('globex', 'PUT', '/api/v1/tokens/theme', { theme: 'no-such-theme' }),
      422,
      'unknown_theme',
    );
    expectError(await server.api('docs', 'PUT', '/api/v1/tokens/theme', { theme: 'forest' }), 403, 'forbidden');
    expectError(await server.api('livery', 'PUT', '/api/v1/tokens/theme', { theme: 'forest' }), 403, 'forbidden');
    expect((await css('docs.globex.livery.localhost')).text).toBe(before.text);

    const selected = await server.api('globex', 'PUT', '/api/v1/tokens/theme', { theme: 'forest' });
    expect(selected.status, selected.text).toBe(200);
    expect((await server.api('globex', 'GET', '/api/v1/tokens/theme')).json()).toMatchObject({ theme: 'forest' });
    const after = await css('docs.globex.livery.localhost');
    expect(after.header('etag')).not.toBe(before.header('etag'));
    expect((await flat('docs.globex.livery.localhost')).light['--primitive-color-forest-500']).toMatch(/^(#|oklch)/);

    expect((await server.api('globex', 'PUT', '/api/v1/tokens/theme', { theme: null })).status).toBe(200);
    const back = await css('docs.globex.livery.localhost');
    expect(back.text).toBe(before.text);
    expect(back.header('etag')).toBe(before.header('etag'));
  });

  it('records who did what, when and from which version for every write', async () => {
    const keyPrefix = `key:${server.keys.globex!.split('_')[1]}`;
    const versionBefore = (await server.api('globex', 'GET', '/api/v1/tokens/overrides')).json().version as number;
    const store = server.tenant('store').id;
    const writes: [string, Promise<HttpResponse>][] = [];
    const write = async (action: string, response: Promise<HttpResponse>) => {
      const done = await response;
      expect(done.status, `${action}: ${done.text}`).toBeLessThan(300);
      writes.push([action, response]);
      return done;
    };
    const { tokens } = (await server.api('globex', 'GET', '/api/v1/tokens/overrides')).json();
    await write('tokens.publish', server.api('globex', 'PUT', '/api/v1/tokens/overrides', tokens));
    await write('tokens.theme', server.api('globex', 'PUT', '/api/v1/tokens/theme', { theme: 'orchid' }));
    await write('tokens.rollback', server.api('globex', 'POST', '/api/v1/tokens/rollback', { version: versionBefore }));
    await write(
      'policy.update',
      server.api(
        'globex',
        'PUT',
        '/api/v1/tokens/policy',
        JSON.parse(readFileSync(new URL('../../tokens/demo/globex.policy.json', import.meta.url), 'utf8')),
      ),
    );
    await write('providers.update', server.api('globex', 'PUT', '/api/v1/auth/providers', { providers: ['github'] }));
    const key = await write('key.create', server.api('globex', 'POST', '/api/v1/keys', { role: 'viewer' }));
    await write('key.revoke', server.api('globex', 'DELETE', `/api/v1/keys/${key.json().id}`));
    await write('tenant.create', server.api('globex', 'POST', '/api/v1/tenants', { slug: 'audited', name: 'Audited' }));
    await write('tenant.update', server.api('globex', 'PATCH', `/api/v1/tenants/${store}`, { name: 'Globex Store' }));
    const domain = await write(
      'domain.add',
      server.api('globex', 'POST', `/api/v1/tenants/${store}/domains`, { domain: 'audit.example' }),
    );
    server.verifier.publish('audit.example', domain.json().verification.value);
    await write('domain.verify', server.api('globex', 'POST', '/api/v1/domains/audit.example/verify'));
    await write('domain.remove', server.api('globex', 'DELETE', `/api/v1/tenants/${store}/domains/audit.example`));

    const audit = await server.api('globex', 'GET', '/api/v1/audit?limit=50');
    expect(audit.status).toBe(200);
    // What the partner did to its customer is in the partner's log, never in the customer's (its key is partner data).
    const customerAudit = await server.api('store', 'GET', '/api/v1/audit?limit=1000');
    expect(customerAudit.status).toBe(200);
    expect(customerAudit.text).not.toContain(keyPrefix);
    const entries = audit.json() as {
      action: string;
      actor: string;
      createdAt: string;
      fromVersion: number | null;
      toVersion: number | null;
      tenantId: string;
    }[];
    for (const [action] of writes) {
      const entry = entries.find((e) => e.action === action && e.actor === keyPrefix);
      expect(entry, `no audit entry for ${action}`).toBeDefined();
      const at = Date.parse(entry!.createdAt);
      expect(at).toBeGreaterThanOrEqual(startedAt - 60_000);
      expect(at).toBeLessThanOrEqual(Date.now() + 60_000);
    }
    // token writes say which version they started from and which they made
    const tokenEntries = entries
      .filter((e) => e.action.startsWith('tokens.') && e.tenantId === server.tenant('globex').id)
      .slice(0, 3);
    expect(tokenEntries.map((e) => e.action)).toEqual(['tokens.rollback', 'tokens.theme', 'tokens.publish']);
    expect(tokenEntries.map((e) => [e.fromVersion, e.toVersion])).toEqual([
      [versionBefore + 2, versionBefore + 3],
      [versionBefore + 1, versionBefore + 2],
      [versionBefore, versionBefore + 1],
    ]);
    // newest first
    const times = entries.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // a customer sees only its own trail
    const customer = (await server.api('store', 'GET', '/api/v1/audit')).json() as { tenantId: string }[];
    for (const entry of customer) expect(entry.tenantId).toBe(store);
  });

  describe('domain claims (issue 10)', () => {
    const day = 24 * 3600 * 1000;
    /** Makes a claim look `days` old: only the owner can touch its dates. */
    const age = (domain: string, days: number) =>
      server.db.asSystem((tx) =>
        tx.execute(sql`
      update domain_mappings set created_at = now() - make_interval(days => ${days}),
                                 expires_at = now() - make_interval(days => ${days}) + interval '7 days'
       where domain = ${domain}`),
      );
    const claim = (as: string, slug: string, domain: string) =>
      server.api(as, 'POST', `/api/v1/tenants/${server.tenant(slug).id}/domains`, { domain });
    const withdraw = (as: string, slug: string, domain: string) =>
      server.api(as, 'DELETE', `/api/v1/tenants/${server.tenant(slug).id}/domains/${domain}`);

    it('holds an unverified claim for 7 days, against everyone else, naming no one', async () => {
      const claimed = await claim('acme', 'shop', 'held.example');
      expect(claimed.status, claimed.text).toBe(201);
      const body = claimed.json();
      expect(body).toMatchObject({
        domain: 'held.example',
        tenantId: server.tenant('shop').id,
        verified: false,
        verifiedAt: null,
      });
      expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(7 * day - 60_000);
      expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(7 * day + 3600_000);
      const taken = await claim('globex', 'store', 'held.example');
      expectError(taken, 409, 'domain_taken');
      for (const leak of [server.tenant('shop').id, server.tenant('acme').id, 'shop', 'acme'])
        expect(taken.text).not.toContain(leak);
    });

    it('hands an expired claim to the next claimant, and the old claim can no longer be verified', async () => {
      const squat = (await claim('acme', 'blog', 'squat.example')).json();
      server.verifier.publish('squat.example', squat.verification.value);
      await age('squat.example', 8);
      const expired = await server.api('acme', 'POST', '/api/v1/domains/squat.example/verify');
      expectError(expired, 410, 'claim_expired');
      const next = await claim('globex', 'docs', 'squat.example');
      expect(next.status, next.text).toBe(201);
      expect(next.json()).toMatchObject({ tenantId: server.tenant('docs').id, verified: false });
      expect(next.json().verification.value).not.toBe(squat.verification.value);
      expect(next.text).not.toContain(server.tenant('blog').id);
      // The old claimant's claim is gone, not just unusable; its published record proves nothing for the new claim.
      expectError(await server.api('acme', 'POST', '/api/v1/domains/squat.example/verify'), 404, 'not_found');
      expectError(
        await server.api('globex', 'POST', '/api/v1/domains/squat.example/verify'),
        422,
        'verification_failed',
      );
      server.verifier.publish('squat.example', next.json().verification.value);
      const verified = await server.api('globex', 'POST', '/api/v1/domains/squat.example/verify');
      expect(verified.status, verified.text).toBe(200);
      expect(verified.json()).toMatchObject({ verified: true, expiresAt: null });
      expect((await css('squat.example')).status).toBe(200);
    });

    it("lets the owning tenant's admin or an ancestor's withdraw a claim (204), and answers 404 to anyone else", async () => {
      expect((await claim('acme', 'shop', 'withdraw-me.example')).status).toBe(201);
      expectError(await withdraw('globex', 'shop', 'withdraw-me.example'), 404, 'not_found');
      expectError(await withdraw('globex', 'store', 'withdraw-me.example'), 404, 'not_found');
      expectError(await withdraw('blog', 'shop', 'withdraw-me.example'), 404, 'not_found'); // a sibling customer
      expectError(await withdraw('acme', 'blog', 'withdraw-me.example'), 404, 'not_found'); // not blog's
      expectError(await withdraw('acme', 'shop', 'never-claimed.example'), 404, 'not_found');
      const viewer = await newKey('shop', 'viewer');
      expectError(
        await as(
          viewer.key,
          'shop',
          'DELETE',
          `/api/v1/tenants/${server.tenant('shop').id}/domains/withdraw-me.example`,
        ),
        403,
        'forbidden',
      );
      // The claimant (a customer) withdraws its own claim; the name is free at once.
      const own = await withdraw('shop', 'shop', 'withdraw-me.example');
      expect(own.status, own.text).toBe(204);
      expect(own.text).toBe('');
      expect((await claim('globex', 'store', 'withdraw-me.example')).status).toBe(201);
      // An ancestor — here the platform — withdraws a descendant's claim.
      expect((await withdraw('livery', 'store', 'withdraw-me.example')).status).toBe(204);
      expect((await claim('acme', 'shop', 'withdraw-me.example')).status).toBe(201);
    });

    it('removes a verified mapping too: the host stops resolving at once', async () => {
      const added = (await claim('acme', 'shop', 'leaving.example')).json();
      server.verifier.publish('leaving.example', added.verification.value);
      expect((await server.api('acme', 'POST', '/api/v1/domains/leaving.example/verify')).status).toBe(200);
      expect((await css('leaving.example')).status).toBe(200);
      expect((await withdraw('acme', 'shop', 'leaving.example')).status).toBe(204);
      expect((await css('leaving.example')).status).toBe(404);
      const audit = (await server.api('acme', 'GET', '/api/v1/audit?limit=20')).json() as {
        action: string;
        detail: Record<string, unknown>;
      }[];
      expect(audit.find((e) => e.action === 'domain.remove')?.detail).toMatchObject({
        domain: 'leaving.example',
        verified: true,
      });
    });
  });

  it('lets a new partner, given a key by the operator, run its own customers', async () => {
    const partner = (await server.api('livery', 'GET', '/api/v1/tenants'))
      .json()
      .find((t: { slug: string }) => t.slug === 'northwind');
    expect(partner).toBeDefined();
    const { key } = await server.db.asSystem((tx) => createApiKey(tx, { tenantId: partner.id, role: 'admin' }));
    const on = (path: string, method = 'GET', body?: unknown) =>
      server.request({
        method,
        host: 'northwind.livery.localhost',
        path,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    expect((await on('/api/v1/tokens/overrides')).json()).toEqual({ version: null, tokens: {} });
    const child = await on('/api/v1/tenants', 'POST', { slug: 'outlet', name: 'Northwind Outlet' });
    expect(child.status, child.text).toBe(201);
    const themed = await on('/api/v1/tokens/theme', 'PUT', { theme: 'sunset' });
    expect(themed.status, themed.text).toBe(200);
    const [parentCss, childCss] = await Promise.all([
      css('northwind.livery.localhost'),
      css('outlet.northwind.livery.localhost'),
    ]);
    expect(childCss.status).toBe(200);
    expect(childCss.text).toBe(parentCss.text);
    expect(parentCss.text).not.toBe((await css('livery.localhost')).text);
  });
});
