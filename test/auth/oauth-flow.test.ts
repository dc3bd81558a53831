// Attacks on the sign-in flow, each refused: disallowed providers (at the start and at the callback), tampered or
// missing state, a code injected into another flow (PKCE), replayed callbacks and codes, a callback from another
// browser, session fixation and forged cookies, open redirects after sign-in. Floods: test/auth/rate-limits.test.ts.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { hashSecret } from '../../src/lib/secrets.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setCookies } from '../support/cookie-jar.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { authorize, DEV_COOKIE, providerUser, sessionOf, signIn, startAuthWorld, type AuthWorld } from './support.ts';

describeEachDatabase('the OAuth sign-in flow under attack', (database) => {
  let world: AuthWorld;
  beforeAll(async () => {
    world = await startAuthWorld(database);
  });
  afterAll(() => world?.close());

  const withQuery = (path: string, change: (query: URLSearchParams) => void) => {
    const url = new URL(path, 'http://x');
    change(url.searchParams);
    return `${url.pathname}?${url.searchParams}`;
  };

  it('refuses a provider the partner does not allow its customers, before any redirect', async () => {
    const browser = world.browser();
    const response = await browser.get(world.host('store'), '/auth/oauth/google');
    expect(response.status).toBe(403);
    expect(response.json().error).toMatchObject({ code: 'provider_not_allowed', allowed: ['github'] });
    expect(response.header('location')).toBeUndefined();
    expect((await browser.get(world.host('store'), '/auth/oauth/facebook')).status).toBe(404);
  });

  it('refuses the callback of a provider the partner stopped allowing after the flow started', async () => {
    const host = world.host('shop');
    const browser = world.browser();
    const flow = await authorize(world, browser, host, 'google', { user: providerUser('late@example.test') });
    const restrict = await world.server.api('acme', 'PUT', '/api/v1/auth/providers', { providers: ['github'] });
    expect(restrict.status, restrict.text).toBe(200);
    try {
      const callback = await browser.get(host, flow.callbackPath);
      expect(callback.status).toBe(403);
      expect(callback.json().error.code).toBe('provider_not_allowed');
      expect((await sessionOf(browser, host)).json().level).toBe('anonymous');
    } finally {
      await world.server.api('acme', 'PUT', '/api/v1/auth/providers', { providers: ['github', 'google'] });
    }
  });

  it('refuses a tampered, missing or repeated state without burning the real flow', async () => {
    const host = world.host('shop');
    const browser = world.browser();
    const flow = await authorize(world, browser, host, 'google', { user: providerUser('state@example.test') });
    const realState = flow.callback.searchParams.get('state')!;
    const attempts = [
      withQuery(flow.callbackPath, (q) => q.set('state', `${realState.slice(0, -2)}xx`)),
      withQuery(flow.callbackPath, (q) => q.delete('state')),
      withQuery(flow.callbackPath, (q) => q.append('state', realState)),
    ];
    for (const path of attempts) {
      const response = await browser.get(host, path);
      expect(response.status, path).toBe(400);
      expect(response.json().error.code).toBe('invalid_state');
    }
    expect((await browser.get(host, flow.callbackPath)).status).toBe(302);
    expect((await sessionOf(browser, host)).json().level).toBe('oauth');
  });

  it('refuses a code injected into another flow: the PKCE verifier does not match', async () => {
    const host = world.host('blog');
    const victim = world.browser();
    const stolen = await authorize(world, victim, host, 'github', { user: providerUser('victim@example.test') });
    const attacker = world.browser();
    const own = await authorize(world, attacker, host, 'github', { user: providerUser('attacker@example.test') });
    const injected = withQuery(own.callbackPath, (q) => q.set('code', stolen.callback.searchParams.get('code')!));

    const response = await attacker.get(host, injected);
    expect(response.status).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'oauth_failed', reason: 'token_exchange_failed' });
    expect((await sessionOf(attacker, host)).json().level).toBe('anonymous');
    expect(await world.query(sql`select 1 from accounts where email = 'victim@example.test'`)).toEqual([]);
  });

  it('refuses a replayed callback and a replayed code, keeping the session the first one made', async () => {
    const host = world.host('docs');
    const browser = world.browser();
    const flow = await authorize(world, browser, host, 'github', { user: providerUser('replay@example.test') });
    expect((await browser.get(host, flow.callbackPath)).status).toBe(302);
    const signedIn = browser.cookie(host, DEV_COOKIE);

    const replay = await browser.get(host, flow.callbackPath);
    expect(replay.status).toBe(400);
    expect(replay.json().error.code).toBe('invalid_state');
    expect(setCookies(replay)).toEqual([]);

    const fresh = await authorize(world, browser, host, 'github');
    const replayedCode = withQuery(fresh.callbackPath, (q) => q.set('code', flow.callback.searchParams.get('code')!));
    const response = await browser.get(host, replayedCode);
    expect(response.status).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'oauth_failed', reason: 'token_exchange_failed' });
    expect(browser.cookie(host, DEV_COOKIE)).toBe(signedIn);
    expect((await sessionOf(browser, host)).json().level).toBe('oauth');
  });

  it("binds the flow to the browser that started it: another session's callback is refused", async () => {
    const host = world.host('acme');
    const owner = world.browser();
    const flow = await authorize(world, owner, host, 'google', { user: providerUser('bound@example.test') });

    const other = world.browser();
    await other.post(host, '/auth/anonymous');
    for (const browser of [other, world.browser()]) {
      const response = await browser.get(host, flow.callbackPath);
      expect(response.status).toBe(400);
      expect(response.json().error.code).toBe('invalid_state');
    }
    expect((await sessionOf(other, host)).json().level).toBe('anonymous');
    // Nor on another host, with the same cookie value.
    const elsewhere = world.browser();
    elsewhere.plantCookie(world.host('globex'), DEV_COOKIE, owner.cookie(host, DEV_COOKIE)!);
    expect((await elsewhere.get(world.host('globex'), flow.callbackPath)).status).toBe(400);

    expect((await owner.get(host, flow.callbackPath)).status).toBe(302);
  });

  it('sends the browser back only to a path on the host the flow started on', async () => {
    const host = world.host('globex');
    const browser = world.browser();
    const callback = await signIn(
      world,
      browser,
      host,
      'github',
      providerUser('open-redirect@example.test'),
      'https://evil.example/phish',
    );
    expect(callback.status).toBe(302);
    expect(callback.header('location')).toBe('/');
  });

  // These collapse (WHATWG dot segments) into `//evil.example`: the flow used to store that, or — refused by the
  // return_path CHECK — answer 500. Now each start redirects to the provider and the callback lands on this host.
  it.each([
    ['/..//evil.example', '/'],
    ['/.//evil.example', '/'],
    ['/a/..//evil.example', '/'],
    ['/%2e%2e//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/studio/../drafts?tab=1#top', '/drafts?tab=1#top'],
  ])('never answers 500 for the return path %j, and lands on %j on this host', async (returnTo, landing) => {
    const host = world.host('globex');
    const browser = world.browser();
    const callback = await signIn(
      world,
      browser,
      host,
      'github',
      providerUser(`return-${Math.random().toString(36).slice(2)}@example.test`),
      returnTo,
    );
    expect(callback.status, callback.text).toBe(302);
    expect(callback.header('location')).toBe(landing);
    expect(new URL(callback.header('location')!, `http://${host}`).host).toBe(host);
  });

  it('property: no return path makes the sign-in start fail, and every stored one stays on the host', async () => {
    const host = world.host('acme');
    const browser = world.browser();
    await browser.post(host, '/auth/anonymous');
    const piece = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2e%2e') },
      {
        weight: 1,
        arbitrary: fc.constantFrom('%2f', '%5c', '\t', '\n', 'evil.example', 'https:', '@', '?', '#', 'ü', 'a'),
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 10 }).map((parts) => `/${parts.join('')}`),
        async (returnTo) => {
          const start = await browser.get(host, `/auth/oauth/google?return=${encodeURIComponent(returnTo)}`);
          expect(start.status, `${JSON.stringify(returnTo)}: ${start.text}`).toBe(302);
          const state = new URL(start.header('location')!).searchParams.get('state')!;
          const [flow] = await world.query<{ return_path: string }>(sql`
        select return_path from oauth_states where state_hash = ${hashSecret(state)}`);
          expect(flow!.return_path).toMatch(/^\/(?![/\\])/);
          expect(new URL(flow!.return_path, `http://${host}`).host).toBe(host);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reports a sign-in the user declined at the provider', async () => {
    const host = world.host('acme');
    const browser = world.browser();
    world.oauth.denyNextAuthorization('access_denied');
    const flow = await authorize(world, browser, host, 'google');
    const response = await browser.get(host, flow.callbackPath);
    expect(response.status).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'oauth_failed',
      reason: 'provider_error',
      providerError: 'access_denied',
    });
  });

  it('never adopts a forged session cookie and starts a fresh session instead', async () => {
    const host = world.host('shop');
    const browser = world.browser();
    const forged = 'A'.repeat(43);
    browser.plantCookie(host, DEV_COOKIE, forged);
    expect((await sessionOf(browser, host)).status).toBe(401);
    expect((await browser.get(host, '/api/v1/tokens/drafts')).status).toBe(401);

    const started = await browser.post(host, '/auth/anonymous');
    expect(started.status).toBe(201);
    expect(browser.cookie(host, DEV_COOKIE)).not.toBe(forged);
    expect((await sessionOf(browser, host)).status).toBe(200);
  });

  it('defeats session fixation: a cookie planted before sign-in is worthless after it', async () => {
    const host = world.host('blog');
    const attacker = world.browser();
    await attacker.post(host, '/auth/anonymous');
    const planted = attacker.cookie(host, DEV_COOKIE)!;

    const victim = world.browser();
    victim.plantCookie(host, DEV_COOKIE, planted);
    expect((await signIn(world, victim, host, 'github', providerUser('fixated@example.test'))).status).toBe(302);
    expect(victim.cookie(host, DEV_COOKIE)).not.toBe(planted);
    expect((await sessionOf(victim, host)).json().level).toBe('oauth');

    const attackerSession = await sessionOf(attacker, host);
    expect(attackerSession.status).toBe(401);
    expect((await attacker.get(host, '/api/v1/tokens/drafts')).status).toBe(401);
  });

  it('ends the session server-side on logout: the old cookie no longer works', async () => {
    const host = world.host('globex');
    const browser = world.browser();
    await signIn(world, browser, host, 'github', providerUser('leaving@example.test'));
    const cookie = browser.cookie(host, DEV_COOKIE)!;

    const logout = await browser.post(host, '/auth/logout');
    expect(logout.status).toBe(204);
    expect(setCookies(logout)).toEqual([expect.objectContaining({ name: DEV_COOKIE, value: '' })]);
    expect(browser.cookie(host, DEV_COOKIE)).toBeUndefined();

    const kept = world.browser();
    kept.plantCookie(host, DEV_COOKIE, cookie);
    expect((await sessionOf(kept, host)).status).toBe(401);
    expect((await kept.get(host, '/api/v1/tokens/drafts')).status).toBe(401);
  });
});
