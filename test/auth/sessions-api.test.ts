// Sessions as API principals: CSRF on cookie writes (bearer keys exempt), revoked keys, tenant boundaries for
// session admins (a customer admin never reaches a sibling; partner and platform admins reach descendants only as
// RLS allows), drafts (sessions only, each visitor their own) and invitations.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDomain } from '../../src/db/queries/domains.ts';
import type { Browser } from '../support/cookie-jar.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  DEV_COOKIE,
  draftsOf,
  providerUser,
  radius,
  sessionOf,
  signIn,
  startAuthWorld,
  type AuthWorld,
} from './support.ts';

describeEachDatabase('sessions on the API', (database) => {
  let world: AuthWorld;
  beforeAll(async () => {
    world = await startAuthWorld(database);
  });
  afterAll(() => world?.close());

  /** A browser signed in on `slug`'s host as a full member with `role` (invited by the tenant's admin key). */
  async function member(
    slug: string,
    role: 'admin' | 'editor' | 'viewer',
  ): Promise<{ browser: Browser; host: string; userId: string; email: string }> {
    const host = world.host(slug);
    const user = providerUser(`${role}.${slug}.${Math.random().toString(36).slice(2)}@example.test`);
    const invite = await world.server.api(slug, 'POST', '/api/v1/invitations', { email: user.email, role });
    expect(invite.status, invite.text).toBe(201);
    const browser = world.browser();
    expect((await signIn(world, browser, host, 'github', user)).status).toBe(302);
    const complete = await browser.post(host, '/auth/complete');
    expect(complete.json().role).toBe(role);
    return { browser, host, userId: complete.json().userId, email: user.email! };
  }

  it('refuses a cookie write without a same-origin Origin (403 csrf) and stores nothing', async () => {
    const host = world.host('shop');
    const browser = world.browser();
    await browser.post(host, '/auth/anonymous');
    const refused = [
      { origin: null },
      { origin: 'https://evil.example' },
      { origin: 'http://blog.acme.livery.localhost' },
      { origin: `https://${host}` },
      { origin: 'null' },
      { origin: null, headers: { 'sec-fetch-site': 'same-site' } },
    ];
    for (const options of refused) {
      const response = await browser.put(host, '/api/v1/tokens/drafts/Sneaky', radius('2px'), options);
      expect(response.status, JSON.stringify(options)).toBe(403);
      expect(response.json().error.code).toBe('csrf');
    }
    expect(await draftsOf(browser, host)).toEqual([]);

    expect((await browser.put(host, '/api/v1/tokens/drafts/Mine', radius('2px'))).status).toBe(201);
    const fetchMetadata = await browser.put(host, '/api/v1/tokens/drafts/Mine', radius('3px'), {
      origin: null,
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(fetchMetadata.status).toBe(200);
  });

  it("checks the origin's scheme and port too, on a custom domain served over https", async () => {
    const domain = 'csrf.example';
    await world.server.db.asSystem((tx) =>
      addDomain(tx, { tenantId: world.server.tenant('docs').id, domain, verified: true }),
    );
    const browser = world.browser();
    await browser.post(domain, '/auth/anonymous');
    expect(
      (await browser.put(domain, '/api/v1/tokens/drafts/A', radius('1px'), { origin: 'http://csrf.example' })).status,
    ).toBe(403);
    expect(
      (await browser.put(domain, '/api/v1/tokens/drafts/A', radius('1px'), { origin: 'https://csrf.example:8443' }))
        .status,
    ).toBe(403);
    expect(
      (await browser.put(domain, '/api/v1/tokens/drafts/A', radius('1px'), { origin: 'https://csrf.example' })).status,
    ).toBe(201);
  });

  it('guards /auth writes the same way: a cross-site logout does not end the session', async () => {
    const host = world.host('blog');
    const browser = world.browser();
    await browser.post(host, '/auth/anonymous');
    const crossSite = await browser.post(host, '/auth/logout', undefined, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.json().error.code).toBe('csrf');
    expect((await sessionOf(browser, host)).status).toBe(200);
    const preview = await browser.post(host, '/auth/preview', { email: 'x@example.test' }, { origin: null });
    expect(preview.status).toBe(403);
    expect((await sessionOf(browser, host)).json().level).toBe('anonymous');
  });

  it('exempts API-key requests from the Origin check: a key is not an ambient credential', async () => {
    const response = await world.server.api(
      'globex',
      'POST',
      '/api/v1/invitations',
      { email: 'bearer@example.test', role: 'viewer' },
      {
        origin: 'https://ci.example',
      },
    );
    expect(response.status, response.text).toBe(201);
  });

  it('refuses a revoked API key with 401', async () => {
    const created = await world.server.api('store', 'POST', '/api/v1/keys', { role: 'editor', label: 'ci' });
    expect(created.status).toBe(201);
    const { id, key } = created.json();
    const asKey = () =>
      world.server.request({
        host: world.host('store'),
        path: '/api/v1/tokens/overrides',
        headers: { authorization: `Bearer ${key}` },
      });
    expect((await asKey()).status).toBe(200);
    expect((await world.server.api('store', 'DELETE', `/api/v1/keys/${id}`)).status).toBe(204);
    const revoked = await asKey();
    expect(revoked.status).toBe(401);
    expect(revoked.json().error.code).toBe('unauthenticated');
  });

  it("keeps a customer admin's session inside its own tenant: siblings are invisible and unreachable", async () => {
    const admin = await member('shop', 'admin');
    const blog = world.server.tenant('blog');
    const siblingInvite = (
      await world.server.api('blog', 'POST', '/api/v1/invitations', { email: 'blog-only@example.test', role: 'viewer' })
    ).json();

    const tenants = await admin.browser.get(admin.host, '/api/v1/tenants');
    expect(tenants.json().map((t: { slug: string }) => t.slug)).toEqual(['shop']);
    const patch = await admin.browser.request({
      method: 'PATCH',
      host: admin.host,
      path: `/api/v1/tenants/${blog.id}`,
      json: { name: 'Mine now' },
    });
    expect(patch.status).toBe(404);
    expect(patch.text).not.toContain('blog');
    expect((await admin.browser.delete(admin.host, `/api/v1/invitations/${siblingInvite.id}`)).status).toBe(404);
    const invitations = (await admin.browser.get(admin.host, '/api/v1/invitations')).json();
    expect(invitations.map((i: { id: string }) => i.id)).not.toContain(siblingInvite.id);

    // The shop session means nothing on the sibling's host, nor does the shop's key.
    const onSibling = world.browser();
    onSibling.plantCookie(blog.host, DEV_COOKIE, admin.browser.cookie(admin.host, DEV_COOKIE)!);
    expect((await onSibling.get(blog.host, '/api/v1/tokens/overrides')).status).toBe(401);
    const key = await world.server.request({
      host: blog.host,
      path: '/api/v1/tokens/overrides',
      headers: { authorization: `Bearer ${world.server.keys.shop}` },
    });
    expect(key.status).toBe(401);
    expect(
      (await world.server.api('blog', 'GET', '/api/v1/tenants'))
        .json()
        .find((t: { name: string }) => t.name === 'Mine now'),
    ).toBeUndefined();
  });

  it("lets a partner admin's session act on its own customers only, and a platform admin's on everyone", async () => {
    const partner = await member('acme', 'admin');
    const slugs = (await partner.browser.get(partner.host, '/api/v1/tenants'))
      .json()
      .map((t: { slug: string }) => t.slug)
      .sort();
    expect(slugs).toEqual(['acme', 'blog', 'shop']);
    const own = await partner.browser.request({
      method: 'PATCH',
      host: partner.host,
      path: `/api/v1/tenants/${world.server.tenant('blog').id}`,
      json: { name: 'Acme Blog (renamed)' },
    });
    expect(own.status, own.text).toBe(200);
    const foreign = await partner.browser.request({
      method: 'PATCH',
      host: partner.host,
      path: `/api/v1/tenants/${world.server.tenant('store').id}`,
      json: { name: 'Taken' },
    });
    expect(foreign.status).toBe(404);

    const platform = await member('livery', 'admin');
    const all = (await platform.browser.get(platform.host, '/api/v1/tenants'))
      .json()
      .map((t: { slug: string }) => t.slug);
    expect(all).toEqual(expect.arrayContaining(['livery', 'acme', 'globex', 'shop', 'blog', 'store', 'docs']));
  });

  it('refuses admin work to an editor and writes to a viewer', async () => {
    const editor = await member('globex', 'editor');
    const invite = await editor.browser.post(editor.host, '/api/v1/invitations', {
      email: 'x@example.test',
      role: 'admin',
    });
    expect(invite.status).toBe(403);
    expect((await editor.browser.post(editor.host, '/api/v1/keys', { role: 'admin' })).status).toBe(403);
    const viewer = await member('globex', 'viewer');
    expect((await viewer.browser.get(viewer.host, '/api/v1/tokens/versions')).status).toBe(200);
    expect((await viewer.browser.put(viewer.host, '/api/v1/tokens/policy', { allow: [] })).status).toBe(403);
  });

  it("never lowers a member's role when they accept a lesser invitation", async () => {
    const admin = await member('blog', 'admin');
    expect(
      (await world.server.api('blog', 'POST', '/api/v1/invitations', { email: admin.email, role: 'viewer' })).status,
    ).toBe(201);
    const again = await admin.browser.post(admin.host, '/auth/complete');
    expect(again.json().role).toBe('admin');
    expect((await sessionOf(admin.browser, admin.host)).json().role).toBe('admin');
  });

  it('keeps drafts to sessions, each visitor to their own, per tenant', async () => {
    const host = world.host('docs');
    const mine = world.browser();
    await mine.post(host, '/auth/anonymous');
    expect((await mine.put(host, '/api/v1/tokens/drafts/Private', radius('3px'))).status).toBe(201);

    const someoneElse = world.browser();
    await someoneElse.post(host, '/auth/anonymous');
    expect(await draftsOf(someoneElse, host)).toEqual([]);
    expect((await someoneElse.delete(host, '/api/v1/tokens/drafts/Private')).status).toBe(404);
    expect((await draftsOf(mine, host)).map((d) => d.name)).toEqual(['Private']);

    expect((await world.browser().get(host, '/api/v1/tokens/drafts')).status).toBe(401);
    const key = await world.server.api('docs', 'GET', '/api/v1/tokens/drafts');
    expect(key.status).toBe(403);
    for (const name of ['', '%20leading', 'a%2Fb', 'x'.repeat(101), '%3Cscript%3E']) {
      const response = await mine.put(host, `/api/v1/tokens/drafts/${name}`, radius('3px'));
      expect([404, 422], name).toContain(response.status);
    }
    expect((await mine.put(host, `/api/v1/tokens/drafts/${'x'.repeat(101)}`, radius('3px'))).json().error.code).toBe(
      'invalid_draft_name',
    );
    expect((await mine.delete(host, '/api/v1/tokens/drafts/Private')).status).toBe(204);
    expect(await draftsOf(mine, host)).toEqual([]);
  });

  it('manages invitations: admins only, re-inviting replaces the pending one, pending ones can be withdrawn', async () => {
    const first = await world.server.api('store', 'POST', '/api/v1/invitations', {
      email: 'again@example.test',
      role: 'viewer',
    });
    const second = await world.server.api('store', 'POST', '/api/v1/invitations', {
      email: 'AGAIN@example.test',
      role: 'editor',
    });
    const pending = (await world.server.api('store', 'GET', '/api/v1/invitations'))
      .json()
      .filter((i: { email: string }) => i.email === 'again@example.test');
    expect(pending).toEqual([expect.objectContaining({ id: second.json().id, role: 'editor', status: 'pending' })]);
    expect(first.json().id).not.toBe(second.json().id);
    expect(
      (await world.server.api('store', 'POST', '/api/v1/invitations', { email: 'not an email', role: 'viewer' }))
        .status,
    ).toBe(422);
    expect((await world.server.api('store', 'DELETE', `/api/v1/invitations/${second.json().id}`)).status).toBe(204);
    expect((await world.server.api('store', 'DELETE', `/api/v1/invitations/${second.json().id}`)).status).toBe(404);
  });
});
