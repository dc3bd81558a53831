// Rate limits per route class and client address (src/http/rate-limit.ts), over HTTP: sign-in attempts (OAuth start
// and callback), new anonymous sessions, validation and writes each have their own bucket; reading the session
// has none. Clients are told apart by the address the (trusted) proxy puts in X-Forwarded-For, so each test is its
// own client; the last test checks that only the proxy's entry counts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpResponse } from '../support/http.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { providerUser, radius, startAuthWorld, type AuthWorld } from './support.ts';

const perMinute = (limit: number) => ({ limit, windowMs: 60_000 });

function expectLimited(response: HttpResponse, what: string): void {
  expect(response.status, `${what}: ${response.text}`).toBe(429);
  expect(response.json().error.code).toBe('rate_limited');
  expect(Number(response.header('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(response.header('retry-after'))).toBeLessThanOrEqual(60);
}

describeEachDatabase('rate limits per route class', (database) => {
  let world: AuthWorld;
  beforeAll(async () => {
    world = await startAuthWorld(database, {
      env: { LIVERY_CLIENT_IP_HEADER: 'x-forwarded-for' },
      rateLimits: {
        signIn: perMinute(4),
        anonymous: perMinute(3),
        account: perMinute(3),
        validate: perMinute(3),
        write: perMinute(4),
      },
    });
  });
  afterAll(() => world?.close());

  let clients = 0;
  /** A fresh client address (TEST-NET-3), as the proxy would append it. */
  const client = () => ({ 'x-forwarded-for': `203.0.113.${++clients}` });

  it('never counts reading the session against sign-ins, and limits sign-in starts and callbacks together', async () => {
    const host = world.host('shop');
    const ip = client();
    const browser = world.browser();
    expect((await browser.post(host, '/auth/anonymous', undefined, { headers: ip })).status).toBe(201);
    for (let i = 0; i < 20; i++) expect((await browser.get(host, '/auth/session', ip)).status).toBe(200);

    world.oauth.setNextUser(providerUser('limited@example.test'));
    const starts: HttpResponse[] = [];
    for (let i = 0; i < 3; i++) starts.push(await browser.get(host, '/auth/oauth/google', ip));
    expect(starts.map((s) => s.status)).toEqual([302, 302, 302]);
    const atProvider = await fetch(starts[2]!.header('location')!, { redirect: 'manual' });
    const callback = new URL(atProvider.headers.get('location')!);
    expect((await browser.get(host, `${callback.pathname}${callback.search}`, ip)).status).toBe(302); // the 4th sign-in request

    expectLimited(await browser.get(host, '/auth/oauth/google', ip), 'a 5th sign-in start');
    expectLimited(await browser.get(host, `${callback.pathname}${callback.search}`, ip), 'a callback over the limit');
    // Classes follow the path the router matches: an encoded spelling of the same route is the same class.
    expectLimited(await browser.get(host, '/auth/%6fauth/goo%67le', ip), 'an encoded sign-in start');
    // Other classes and reads are untouched by the sign-in bucket.
    expect((await browser.get(host, '/auth/session', ip)).status).toBe(200);
    expect((await browser.post(host, '/auth/preview', { email: 'still@example.test' }, { headers: ip })).status).toBe(
      200,
    );
    // Another client signs in as usual.
    expect((await world.browser().get(host, '/auth/oauth/google', client())).status).toBe(302);
  });

  it('limits new anonymous sessions per client, and the refused ones create no user', async () => {
    const host = world.host('blog');
    const ip = client();
    const users = async () =>
      Number((await world.query<{ n: number }>(sql`select count(*)::int as n from users`))[0]!.n);
    for (let i = 0; i < 3; i++)
      expect((await world.browser().post(host, '/auth/anonymous', undefined, { headers: ip })).status).toBe(201);
    const before = await users();
    for (let i = 0; i < 5; i++)
      expectLimited(await world.browser().post(host, '/auth/anonymous', undefined, { headers: ip }), 'anonymous');
    expect(await users()).toBe(before);
    expect((await world.browser().post(host, '/auth/anonymous', undefined, { headers: client() })).status).toBe(201);
  });

  it('limits validation on its own: writes and reads of the same client still answer', async () => {
    const host = world.host('docs');
    const ip = client();
    const validate = () =>
      world.server.request({
        method: 'POST',
        host,
        path: '/api/v1/tokens/validate',
        body: '{}',
        headers: { 'content-type': 'application/json', ...ip },
      });
    for (let i = 0; i < 3; i++) expect((await validate()).status).toBe(200);
    expectLimited(await validate(), 'a 4th validation');
    expect((await world.server.api('acme', 'PUT', '/api/v1/tokens/overrides', radius('5px'), ip)).status).toBe(200);
    expect((await world.server.api('docs', 'GET', '/api/v1/tokens/overrides', undefined, ip)).status).toBe(200);
  });

  it('limits writes — key-authenticated and draft saves alike — but never reads', async () => {
    const host = world.host('store');
    const ip = client();
    const browser = world.browser();
    expect((await browser.post(host, '/auth/anonymous', undefined, { headers: ip })).status).toBe(201);
    expect((await browser.put(host, '/api/v1/tokens/drafts/One', radius('3px'), { headers: ip })).status).toBe(201);
    expect((await browser.put(host, '/api/v1/tokens/drafts/One', radius('4px'), { headers: ip })).status).toBe(200);
    expect((await world.server.api('acme', 'PUT', '/api/v1/tokens/overrides', radius('6px'), ip)).status).toBe(200);
    expect((await world.server.api('store', 'POST', '/api/v1/keys', { role: 'viewer' }, ip)).status).toBe(201);

    expectLimited(
      await browser.put(host, '/api/v1/tokens/drafts/Two', radius('3px'), { headers: ip }),
      'a 5th write (a draft save)',
    );
    expectLimited(
      await world.server.api('store', 'DELETE', '/api/v1/tokens/drafts/One', undefined, ip),
      'a 6th write (a delete)',
    );
    expect((await browser.get(host, '/api/v1/tokens/drafts', ip)).json().map((d: { name: string }) => d.name)).toEqual([
      'One',
    ]);
    expect((await world.server.api('store', 'GET', '/api/v1/tokens/overrides', undefined, ip)).status).toBe(200);
    expect((await world.server.request({ host, path: '/theme.css', headers: ip })).status).toBe(200);
    expect((await world.server.api('acme', 'PUT', '/api/v1/tokens/overrides', radius('7px'), client())).status).toBe(
      200,
    );
  });

  it('keys on the entry the proxy appended: what a client writes to its left does not give it a new bucket', async () => {
    const host = world.host('acme');
    const real = `198.51.100.${++clients}`;
    const validate = (forwardedFor: string | undefined) =>
      world.server.request({
        method: 'POST',
        host,
        path: '/api/v1/tokens/validate',
        body: '{}',
        headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      });
    expect((await validate(`10.9.9.1, ${real}`)).status).toBe(200);
    expect((await validate(`10.9.9.2, ${real}`)).status).toBe(200);
    expect((await validate(real)).status).toBe(200);
    expectLimited(await validate(`10.9.9.3, 10.9.9.4, ${real}`), 'a spoofed chain ending in the same client');
    // A request without the header (not through the proxy) is the socket's peer, a client of its own.
    expect((await validate(undefined)).status).toBe(200);
  });
});
