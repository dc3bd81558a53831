// The graduation ladder over HTTP with a cookie jar and a real OAuth server: anonymous → preview → oauth → full,
// with the user id and everything the visitor made kept at every step, on every kind of tenant host.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDomain } from '../../src/db/queries/domains.ts';
import { setCookies } from '../support/cookie-jar.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  DEV_COOKIE,
  draftsOf,
  providerUser,
  radius,
  SECURE_COOKIE,
  sessionOf,
  signIn,
  startAuthWorld,
  type AuthWorld,
} from './support.ts';

describeEachDatabase('auth graduation', (database) => {
  let world: AuthWorld;
  beforeAll(async () => {
    world = await startAuthWorld(database);
  });
  afterAll(() => world?.close());

  it('graduates a visitor anonymous → preview → oauth → full, keeping the user id, drafts and inquiry', async () => {
    const host = world.host('shop');
    const browser = world.browser();

    const started = await browser.post(host, '/auth/anonymous');
    expect(started.status, started.text).toBe(201);
    const { userId, level } = started.json();
    expect(level).toBe('anonymous');

    // History made while anonymous: a draft that passes, one that does not, and a validation.
    const good = await browser.put(host, '/api/v1/tokens/drafts/Rounder', radius('12px'));
    expect(good.status, good.text).toBe(201);
    expect(good.json().validation.ok).toBe(true);
    const bad = await browser.put(host, '/api/v1/tokens/drafts/Too%20round', radius('40px'));
    expect(bad.status).toBe(201);
    const validated = await browser.post(host, '/api/v1/tokens/validate', radius('40px'));
    expect(bad.json().validation).toEqual(validated.json());
    expect(bad.json().validation.ok).toBe(false);
    expect(bad.json().validation.violations.map((v: { path: string }) => v.path)).toContain('primitive.radius.md');
    const history = await draftsOf(browser, host);
    expect(history.map((d) => d.name)).toEqual(['Rounder', 'Too round']);

    const preview = await browser.post(host, '/auth/preview', { email: 'Visitor@Example.test', message: 'Pricing?' });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json()).toEqual({ level: 'preview', userId });
    const inquiries = await world.query<{ email: string; message: string; tenant_id: string }>(
      sql`select email, message, tenant_id from inquiries where user_id = ${userId}`,
    );
    expect(inquiries).toEqual([
      { email: 'visitor@example.test', message: 'Pricing?', tenant_id: world.server.tenant('shop').id },
    ]);

    const callback = await signIn(
      world,
      browser,
      host,
      'google',
      providerUser('visitor@example.test', { name: 'Vi Sitor' }),
      '/studio?tab=drafts',
    );
    expect(callback.status, callback.text).toBe(302);
    expect(callback.header('location')).toBe('/studio?tab=drafts');
    const signedIn = (await sessionOf(browser, host)).json();
    expect(signedIn).toMatchObject({ level: 'oauth', userId });
    expect(signedIn.role).toBeUndefined();
    expect(await draftsOf(browser, host)).toEqual(history);

    const complete = await browser.post(host, '/auth/complete', { name: 'Vi' });
    expect(complete.status, complete.text).toBe(200);
    expect(complete.json()).toEqual({ level: 'full', userId, role: 'viewer' });
    const full = (await sessionOf(browser, host)).json();
    expect(full).toEqual({
      level: 'full',
      userId,
      role: 'viewer',
      providers: ['github', 'google'],
      tenant: { id: world.server.tenant('shop').id, slug: 'shop', tier: 2 },
    });
    expect(await draftsOf(browser, host)).toEqual(history);
    expect(await world.query(sql`select email from inquiries where user_id = ${userId}`)).toHaveLength(1);
    expect(
      (
        await world.query<{ n: number }>(
          sql`select count(*)::int as n from users where id = ${userId} and merged_into is null`,
        )
      )[0]!.n,
    ).toBe(1);
  });

  it('rotates the session cookie at every level change and keeps it when nothing changes', async () => {
    const host = world.host('blog');
    const browser = world.browser();
    await browser.post(host, '/auth/anonymous');
    const anonymous = browser.cookie(host, DEV_COOKIE)!;

    const again = await browser.post(host, '/auth/anonymous');
    expect(again.status).toBe(200);
    expect(setCookies(again)).toEqual([]);

    await browser.post(host, '/auth/preview', { email: 'rotate@example.test' });
    const preview = browser.cookie(host, DEV_COOKIE)!;
    await signIn(world, browser, host, 'github', providerUser('rotate@example.test'));
    const oauth = browser.cookie(host, DEV_COOKIE)!;
    await browser.post(host, '/auth/complete');
    const full = browser.cookie(host, DEV_COOKIE)!;

    expect(new Set([anonymous, preview, oauth, full]).size).toBe(4);
    for (const old of [anonymous, preview, oauth]) {
      const replay = world.browser();
      replay.plantCookie(host, DEV_COOKIE, old);
      expect((await sessionOf(replay, host)).status).toBe(401);
    }
    expect((await sessionOf(browser, host)).json().level).toBe('full');
  });

  it('reaches every level on the platform, a partner and a customer host, each with its own session', async () => {
    const browser = world.browser();
    const user = providerUser('everywhere@example.test');
    for (const slug of ['livery', 'globex', 'docs']) {
      const host = world.host(slug);
      await browser.post(host, '/auth/anonymous');
      expect((await browser.post(host, '/auth/preview', { email: 'everywhere@example.test' })).json().level).toBe(
        'preview',
      );
      const callback = await signIn(world, browser, host, 'github', user);
      expect(callback.status, callback.text).toBe(302);
      expect((await sessionOf(browser, host)).json().level).toBe('oauth');
    }
    // One identity, one account: every host's session is the same user.
    const ids = await Promise.all(
      ['livery', 'globex', 'docs'].map(async (slug) => (await sessionOf(browser, world.host(slug))).json().userId),
    );
    expect(new Set(ids).size).toBe(1);

    expect((await browser.post(world.host('docs'), '/auth/complete')).json().role).toBe('viewer');
    // The platform and partners see their descendants' management data: they admit members by invitation only.
    for (const slug of ['livery', 'globex']) {
      const refused = await browser.post(world.host(slug), '/auth/complete');
      expect(refused.status).toBe(403);
      expect(refused.json().error.code).toBe('invitation_required');
    }
  });

  it('makes an invited verified email a member with the invited role, and an unverified one only a viewer', async () => {
    const host = world.host('blog');
    const invite = await world.server.api('blog', 'POST', '/api/v1/invitations', {
      email: 'Editor@Example.test',
      role: 'editor',
    });
    expect(invite.status, invite.text).toBe(201);
    expect(invite.json()).toMatchObject({ email: 'editor@example.test', role: 'editor' });

    // The same address, but the provider does not vouch for it: no invitation for them.
    const impostor = world.browser();
    await signIn(world, impostor, host, 'google', providerUser('editor@example.test', { verified: false }));
    expect((await impostor.post(host, '/auth/complete')).json().role).toBe('viewer');

    const invitee = world.browser();
    await signIn(world, invitee, host, 'google', providerUser('EDITOR@example.test'));
    const complete = await invitee.post(host, '/auth/complete');
    expect(complete.json()).toMatchObject({ level: 'full', role: 'editor' });
    const { userId } = complete.json();

    const write = await invitee.put(host, '/api/v1/tokens/overrides', {});
    expect(write.status, write.text).toBe(200);
    const versions = (await world.server.api('blog', 'GET', '/api/v1/tokens/versions')).json();
    expect(versions[0].author).toBe(`user:${userId}`);
    expect((await impostor.put(host, '/api/v1/tokens/overrides', {})).status).toBe(403);

    const listed = (await world.server.api('blog', 'GET', '/api/v1/invitations')).json();
    expect(listed.find((i: { id: string }) => i.id === invite.json().id)).toMatchObject({ status: 'accepted' });
    expect((await world.server.api('blog', 'DELETE', `/api/v1/invitations/${invite.json().id}`)).status).toBe(409);
  });

  it('lets only a full admin or editor write; anonymous, preview and oauth sessions are refused', async () => {
    const host = world.host('store');
    const browser = world.browser();
    const body = { semantic: { light: { interactive: { primary: { $value: '#0b5d8a' } } } } };
    await browser.post(host, '/auth/anonymous');
    expect((await browser.put(host, '/api/v1/tokens/overrides', body)).status).toBe(403);
    expect((await browser.get(host, '/api/v1/tokens/overrides')).status).toBe(403);
    await browser.post(host, '/auth/preview', { email: 'nobody@example.test' });
    expect((await browser.put(host, '/api/v1/tokens/overrides', body)).status).toBe(403);
    await signIn(world, browser, host, 'github', providerUser('nobody@example.test'));
    expect((await browser.put(host, '/api/v1/tokens/overrides', body)).json().error.code).toBe('forbidden');
    await browser.post(host, '/auth/complete');
    // A viewer reads but does not write.
    expect((await browser.get(host, '/api/v1/tokens/overrides')).status).toBe(200);
    expect((await browser.put(host, '/api/v1/tokens/overrides', body)).status).toBe(403);
  });

  it('sets Secure, HttpOnly, SameSite=Lax host-only cookies with the __Host- prefix on a custom domain', async () => {
    const domain = 'brand.example';
    await world.server.db.asSystem((tx) =>
      addDomain(tx, { tenantId: world.server.tenant('shop').id, domain, verified: true }),
    );
    const browser = world.browser();
    const response = await browser.post(domain, '/auth/anonymous');
    expect(response.status, response.text).toBe(201);
    const [cookie] = setCookies(response);
    expect(cookie!.name).toBe(SECURE_COOKIE);
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie!.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Lax', path: '/' });
    expect(cookie!.attributes.domain).toBeUndefined();
    expect((await sessionOf(browser, domain)).json().tenant.slug).toBe('shop');

    // The sign-in comes back to the custom domain over https.
    const callback = await signIn(world, browser, domain, 'google', providerUser('custom@example.test'));
    expect(callback.status, callback.text).toBe(302);
    const redirectUri = await world.query<{ redirect_uri: string }>(
      sql`select redirect_uri from oauth_states where host = ${domain}`,
    );
    expect(redirectUri.map((r) => r.redirect_uri)).toEqual(['https://brand.example/auth/oauth/google/callback']);
  });

  it('drops Secure (and the prefix) only on hosts under localhost', async () => {
    const browser = world.browser();
    const response = await browser.post(world.host('acme'), '/auth/anonymous');
    const [cookie] = setCookies(response);
    expect(cookie!.name).toBe(DEV_COOKIE);
    expect(cookie!.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
    expect(cookie!.attributes.secure).toBeUndefined();
    expect(cookie!.attributes.domain).toBeUndefined();
  });

  it("lists the providers each host may use: all on partners, the partner's choice on customers", async () => {
    const browser = world.browser();
    const providersOn = async (slug: string) => {
      await browser.post(world.host(slug), '/auth/anonymous');
      return (await sessionOf(browser, world.host(slug))).json().providers;
    };
    expect(await providersOn('globex')).toEqual(['github', 'google']);
    expect(await providersOn('store')).toEqual(['github']);
    expect(await providersOn('shop')).toEqual(['github', 'google']);
    expect((await world.browser().get(world.host('shop'), '/auth/session')).status).toBe(401);
  });
});
