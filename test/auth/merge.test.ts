// An identity that already has an account: the visitor is signed into that account and merged into it in one
// transaction — nothing lost, nothing duplicated — including when callbacks race. Accounts are found by
// (provider, subject) only, never by email.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from '../support/cookie-jar.ts';
import { describeEachDatabase } from '../support/databases.ts';
import {
  authorize,
  DEV_COOKIE,
  draftsOf,
  providerUser,
  radius,
  sessionOf,
  signIn,
  startAuthWorld,
  type AuthWorld,
} from './support.ts';

// How a clashing draft is named (first free suffix, within 100 characters) is the database's: livery_merge_user_data,
// tested in test/db/least-privilege.test.ts.

describeEachDatabase('signing into an existing account', (database) => {
  let world: AuthWorld;
  beforeAll(async () => {
    world = await startAuthWorld(database);
  });
  afterAll(() => world?.close());

  const userIdOf = async (browser: Browser, host: string): Promise<string> =>
    (await sessionOf(browser, host)).json().userId;

  async function visitorWithDrafts(host: string, drafts: Record<string, unknown>, email?: string) {
    const browser = world.browser();
    const { userId } = (await browser.post(host, '/auth/anonymous')).json();
    for (const [name, tokens] of Object.entries(drafts)) {
      const saved = await browser.put(host, `/api/v1/tokens/drafts/${encodeURIComponent(name)}`, tokens);
      expect(saved.status, saved.text).toBe(201);
    }
    if (email) await browser.post(host, '/auth/preview', { email });
    return { browser, userId: userId as string };
  }

  it('merges the visitor into the owning account: drafts, inquiry and id, with clashes kept apart', async () => {
    const host = world.host('shop');
    const identity = providerUser('owner@example.test');
    const owner = await visitorWithDrafts(host, { Brand: radius('8px'), Same: radius('10px') });
    expect((await signIn(world, owner.browser, host, 'google', identity)).status).toBe(302);
    await owner.browser.post(host, '/auth/complete');

    const visitor = await visitorWithDrafts(
      host,
      { Brand: radius('12px'), Same: radius('10px'), Mine: radius('4px') },
      'later@example.test',
    );
    const visitorCookie = visitor.browser.cookie(host, DEV_COOKIE)!;
    const callback = await signIn(world, visitor.browser, host, 'google', identity);
    expect(callback.status, callback.text).toBe(302);

    const session = (await sessionOf(visitor.browser, host)).json();
    expect(session).toMatchObject({ userId: owner.userId, level: 'full', role: 'viewer' });
    const expected = [
      { name: 'Brand', tokens: radius('8px') },
      { name: 'Brand (2)', tokens: radius('12px') },
      { name: 'Mine', tokens: radius('4px') },
      { name: 'Same', tokens: radius('10px') },
    ];
    expect(await draftsOf(visitor.browser, host)).toEqual(expected);
    expect(await draftsOf(owner.browser, host)).toEqual(expected);

    const [merged] = await world.query<{ merged_into: string }>(
      sql`select merged_into from users where id = ${visitor.userId}`,
    );
    expect(merged!.merged_into).toBe(owner.userId);
    expect(await world.query(sql`select 1 from drafts where user_id = ${visitor.userId}`)).toEqual([]);
    expect(await world.query(sql`select user_id from inquiries where email = 'later@example.test'`)).toEqual([
      { user_id: owner.userId },
    ]);

    // The visitor's pre-sign-in cookie is dead; the owner's own session is untouched.
    const stale = world.browser();
    stale.plantCookie(host, DEV_COOKIE, visitorCookie);
    expect((await sessionOf(stale, host)).status).toBe(401);
    expect((await sessionOf(owner.browser, host)).status).toBe(200);
  });

  it('merges once when two sign-ins started by one visitor finish at the same time', async () => {
    const host = world.host('blog');
    const identity = providerUser('racer@example.test');
    const owner = world.browser();
    await signIn(world, owner, host, 'github', identity);
    const ownerId = await userIdOf(owner, host);
    expect((await owner.put(host, '/api/v1/tokens/drafts/Base', radius('6px'))).status).toBe(201);

    const visitor = await visitorWithDrafts(host, { One: radius('2px'), Two: radius('3px') }, 'race@example.test');
    const first = await authorize(world, visitor.browser, host, 'github', { user: identity });
    const second = await authorize(world, visitor.browser, host, 'github', { user: identity });
    const responses = await Promise.all([first, second].map((flow) => visitor.browser.get(host, flow.callbackPath)));

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toContain(302);
    for (const response of responses.filter((r) => r.status !== 302))
      expect(response.json().error.code).toBe('invalid_state');
    expect(await userIdOf(visitor.browser, host)).toBe(ownerId);
    expect((await draftsOf(owner, host)).map((d) => d.name)).toEqual(['Base', 'One', 'Two']);
    expect(await world.query(sql`select user_id from inquiries where email = 'race@example.test'`)).toEqual([
      { user_id: ownerId },
    ]);
    expect(await world.query(sql`select merged_into from users where id = ${visitor.userId}`)).toEqual([
      { merged_into: ownerId },
    ]);
  });

  it('links a new identity once when two visitors sign in with it at the same time', async () => {
    const host = world.host('docs');
    const identity = providerUser('shared@example.test');
    const a = await visitorWithDrafts(host, { 'From A': radius('1px') });
    const b = await visitorWithDrafts(host, { 'From B': radius('2px') });
    const flows = [
      await authorize(world, a.browser, host, 'github', { user: identity }),
      await authorize(world, b.browser, host, 'github', { user: identity }),
    ];
    const [ra, rb] = await Promise.all([
      a.browser.get(host, flows[0]!.callbackPath),
      b.browser.get(host, flows[1]!.callbackPath),
    ]);
    expect([ra!.status, rb!.status]).toEqual([302, 302]);

    const accountId = await userIdOf(a.browser, host);
    expect(await userIdOf(b.browser, host)).toBe(accountId);
    expect([a.userId, b.userId]).toContain(accountId);
    expect((await draftsOf(a.browser, host)).map((d) => d.name)).toEqual(['From A', 'From B']);
    const linked = await world.query(
      sql`select user_id from accounts where provider = 'github' and provider_user_id = ${identity.sub}`,
    );
    expect(linked).toEqual([{ user_id: accountId }]);
    const other = accountId === a.userId ? b.userId : a.userId;
    expect(await world.query(sql`select merged_into from users where id = ${other}`)).toEqual([
      { merged_into: accountId },
    ]);
  });

  it("switches accounts without merging when an account holder signs in with another account's identity", async () => {
    const host = world.host('acme');
    const first = world.browser();
    await signIn(world, first, host, 'google', providerUser('first@example.test'));
    const firstId = await userIdOf(first, host);
    await first.put(host, '/api/v1/tokens/drafts/Mine', radius('5px'));

    const secondIdentity = providerUser('second@example.test');
    const second = world.browser();
    await signIn(world, second, host, 'google', secondIdentity);
    const secondId = await userIdOf(second, host);

    expect((await signIn(world, first, host, 'google', secondIdentity)).status).toBe(302);
    expect(await userIdOf(first, host)).toBe(secondId);
    expect(await draftsOf(first, host)).toEqual([]);
    expect(await world.query(sql`select merged_into from users where id = ${firstId}`)).toEqual([
      { merged_into: null },
    ]);
    expect(await world.query(sql`select name from drafts where user_id = ${firstId}`)).toEqual([{ name: 'Mine' }]);
  });

  it("never joins accounts by email: another provider's identity with the same verified email is another account", async () => {
    const host = world.host('globex');
    const google = world.browser();
    await signIn(world, google, host, 'google', providerUser('twin@example.test'));
    const github = world.browser();
    await signIn(world, github, host, 'github', providerUser('twin@example.test'));
    expect(await userIdOf(google, host)).not.toBe(await userIdOf(github, host));
  });
});
