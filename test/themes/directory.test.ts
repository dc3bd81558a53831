// Issue 12: the directory's promises on Node (no data-center store), on both databases, with every transaction the
// directory starts counted at the Database boundary: a warm request makes none, a cold one exactly one, a stale one
// none in the foreground and one behind it, and writes made by this process or another are seen when promised.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { defaultHosts } from '../../src/db/migrate.ts';
import { chainLayers } from '../../src/db/queries/tokens.ts';
import { seedDemo } from '../../src/ops/seed-demo.ts';
import { type Directory, type TenantAtHost, ThemeDirectory } from '../../src/themes/directory.ts';
import { loadPlatform } from '../../src/themes/platform.ts';
import { publishLayer } from '../../src/themes/publish.ts';
import { demo } from '../../src/tokens.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { insertTenant } from '../support/tenants.ts';

const platform = loadPlatform();
const HOSTS = [
  'livery.localhost',
  'acme.livery.localhost',
  'shop.acme.livery.localhost',
  'docs.globex.livery.localhost',
];

/**
 * The database as the directory sees it, counting every transaction it starts (each method is one) and the edge
 * lookups among them; `hold` keeps lookups waiting (a slow database) until released.
 */
function counting(db: Database) {
  let transactions = 0;
  let lookups = 0;
  let gate: Promise<void> | undefined;
  const counted =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A) => {
      transactions++;
      return f(...args);
    };
  return {
    count: () => transactions,
    lookups: () => lookups,
    hold(): () => void {
      const { promise, resolve } = Promise.withResolvers<void>();
      gate = promise;
      return () => {
        gate = undefined;
        resolve();
      };
    },
    db: {
      kind: db.kind,
      asTenant: counted(db.asTenant.bind(db)) as Database['asTenant'],
      asAuth: counted(db.asAuth.bind(db)) as Database['asAuth'],
      asSystem: counted(db.asSystem.bind(db)) as Database['asSystem'],
      resolveHost: counted(db.resolveHost.bind(db)),
      edgeLookup: counted(async (host: string, request: Parameters<Database['edgeLookup']>[1]) => {
        lookups++;
        await gate;
        return db.edgeLookup(host, request);
      }),
      rawTransaction: counted(db.rawTransaction.bind(db)) as Database['rawTransaction'],
      close: () => db.close(),
    },
  };
}

describeEachDatabase('the theme directory (Node: memory, then one statement)', (name) => {
  let raw: Database;
  let db: Database;
  let transactions: () => number;
  let lookups: () => number;
  let hold: () => () => void;
  const ids: Record<string, string> = {};
  const deferred: Promise<unknown>[] = [];
  const defer = (work: Promise<unknown>) => void deferred.push(work);
  /** Waits for the work requests left behind (background refreshes, artifact stores). */
  const settle = async () => {
    while (deferred.length > 0) await Promise.allSettled(deferred.splice(0));
  };

  beforeAll(async () => {
    raw = await createTestDatabase(name);
    const seeded = await raw.asSystem((tx) => seedDemo(tx, demo, defaultHosts));
    for (const t of seeded.tenants) ids[t.slug] = t.id;
    ({ db, count: transactions, lookups, hold } = counting(raw));
  });
  afterAll(() => raw?.close());
  beforeEach(() => vi.useRealTimers());

  const directoryWith = (options: { freshnessMs?: number; maxHosts?: number; maxThemeBytes?: number } = {}) =>
    new ThemeDirectory({ platform, freshnessMs: 60_000, memoryTtlMs: 1000, ...options }).bind({ db, defer });

  async function themeAt(directory: Directory, host: string) {
    const resolution = await directory.resolve(host, true);
    if (resolution.kind !== 'tenant') throw new Error(`${host}: ${resolution.kind}`);
    const tenant: TenantAtHost = { ...resolution.tenant, host };
    return { tenant, theme: (await directory.theme(tenant))! };
  }

  async function publishSame(directory: Directory, slug: string, tier: 0 | 1 | 2) {
    const content = (await raw.asTenant(ids[slug]!, (tx) => chainLayers(tx))).at(-1)!.content ?? {};
    await publishLayer(
      { db: raw, platform, published: (tenantId) => directory.tenantChanged(tenantId) },
      { tenantId: ids[slug]!, tier, content, actor: 'directory test', action: 'tokens.publish' },
    );
  }

  it('answers a cold host in one transaction, and the next thousand requests in none', async () => {
    // A theme nobody built yet (the seed stores none) is stored after the response, once per key: the next process
    // to meet the host cold finds it, and needs the one statement only.
    for (const round of ['first process', 'second process']) {
      const directory = directoryWith();
      for (const host of HOSTS) {
        const before = { transactions: transactions(), lookups: lookups() };
        const { theme } = await themeAt(directory, host);
        expect(theme.css.body, host).toContain(':root');
        expect(lookups() - before.lookups, `${round}: ${host}`).toBe(1);
        await settle();
        const stores = transactions() - before.transactions - 1;
        expect(stores, `${round}: ${host}`).toBeLessThanOrEqual(round === 'first process' ? 1 : 0);
      }
    }
    const directory = directoryWith();
    for (const host of HOSTS) await themeAt(directory, host);

    const before = transactions();
    for (let i = 0; i < 1000; i++) await themeAt(directory, HOSTS[i % HOSTS.length]!);
    await settle();
    expect(transactions() - before).toBe(0);
  });

  it('resolves an API request without a payload, and a theme request then needs one more lookup, not more', async () => {
    const directory = directoryWith();
    const before = transactions();
    expect(await directory.resolve('blog.acme.livery.localhost', false)).toMatchObject({ kind: 'tenant' });
    expect(transactions() - before).toBe(1);
    await themeAt(directory, 'blog.acme.livery.localhost');
    expect(transactions() - before).toBe(2);
  });

  it('serves a stale host at once and refreshes it behind the response, once for many concurrent requests', async () => {
    const directory = directoryWith({ freshnessMs: 200 });
    const first = await themeAt(directory, 'shop.acme.livery.localhost');
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 250)); // past the window, within twice it

    const before = transactions();
    const release = hold(); // the database is slow now: an answer that waited on it could not arrive
    const answers = await Promise.all(Array.from({ length: 20 }, () => themeAt(directory, first.tenant.host)));
    release();
    expect(answers.every((a) => a.theme === first.theme)).toBe(true);
    await settle();
    expect(transactions() - before).toBe(1); // one refresh behind them
    await themeAt(directory, first.tenant.host);
    expect(transactions() - before).toBe(1); // and fresh again
  });

  it('asks in the foreground for a host idle past twice the window', async () => {
    const directory = directoryWith({ freshnessMs: 100 });
    await themeAt(directory, 'acme.livery.localhost');
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 220));
    const before = transactions();
    await themeAt(directory, 'acme.livery.localhost');
    expect(transactions() - before).toBe(1);
  });

  it("shows this process's write at once, a partner's to its customers too, and another process's after the window", async () => {
    const here = directoryWith({ freshnessMs: 300 });
    const elsewhere = directoryWith({ freshnessMs: 300 });
    const shop = 'shop.acme.livery.localhost';
    const before = {
      here: (await themeAt(here, shop)).theme.key,
      elsewhere: (await themeAt(elsewhere, shop)).theme.key,
    };
    await settle();

    await publishSame(here, 'acme', 1); // the partner's write, through `here`

    const seenHere = (await themeAt(here, shop)).theme.key;
    expect(seenHere).not.toBe(before.here); // its customer, at once, with no per-customer work on the write
    expect((await themeAt(elsewhere, shop)).theme.key).toBe(before.elsewhere); // within the window: not yet
    await new Promise((resolve) => setTimeout(resolve, 320));
    await themeAt(elsewhere, shop); // starts the refresh
    await settle();
    expect((await themeAt(elsewhere, shop)).theme.key).toBe(seenHere);
  });

  it('remembers an unknown host briefly, and a host change makes it resolve at once', async () => {
    const directory = directoryWith();
    const host = 'late.acme.livery.localhost';
    expect(await directory.resolve(host, true)).toEqual({ kind: 'unknown', host });
    const before = transactions();
    expect(await directory.resolve(host, true)).toEqual({ kind: 'unknown', host });
    expect(transactions() - before).toBe(0);

    const id = await raw.asSystem((tx) => insertTenant(tx, 2, ids.acme!, 'late'));
    await directory.hostChanged(host);
    expect(await directory.resolve(host, true)).toMatchObject({ kind: 'tenant', tenant: { tenantId: id } });
  });

  it('keeps tenants with identical layers apart, and a suspended one refused at once while the other serves', async () => {
    const directory = directoryWith();
    const twins: { id: string; host: string }[] = [];
    for (const slug of ['twin-a', 'twin-b']) {
      const id = await raw.asSystem((tx) => insertTenant(tx, 2, ids.acme!, slug));
      await publishLayer(
        { db: raw, platform, published: async () => {} },
        {
          tenantId: id,
          tier: 2,
          content: { primitive: { radius: { md: { $value: '7px' } } } },
          actor: 'directory test',
          action: 'tokens.publish',
        },
      );
      twins.push({ id, host: `${slug}.acme.livery.localhost` });
    }
    const [a, b] = await Promise.all(twins.map((t) => themeAt(directory, t.host)));
    expect(a!.tenant.tenantId).toBe(twins[0]!.id);
    expect(b!.tenant.tenantId).toBe(twins[1]!.id);
    expect(a!.theme.key).not.toBe(b!.theme.key); // the key names the tenants of the chain, not only the contents

    await raw.asSystem((tx) => tx.execute(sql`update tenants set status = 'suspended' where id = ${twins[1]!.id}`));
    await directory.tenantChanged(twins[1]!.id);
    expect(await directory.resolve(twins[1]!.host, true)).toMatchObject({ tenant: { status: 'suspended' } });
    expect(directory.peek(twins[1]!.host)).toBeUndefined();
    expect((await themeAt(directory, twins[0]!.host)).theme.key).toBe(a!.theme.key);
  });

  it('stays within its bounds on hosts and theme bytes however many tenants it serves', async () => {
    const bounded = new ThemeDirectory({
      platform,
      freshnessMs: 60_000,
      memoryTtlMs: 1000,
      maxHosts: 8,
      maxThemeBytes: 200_000,
    });
    const directory = bounded.bind({ db, defer });
    const hosts = [...HOSTS, 'blog.acme.livery.localhost', 'globex.livery.localhost', 'store.globex.livery.localhost'];
    for (let i = 0; i < 20; i++) {
      await themeAt(directory, hosts[i % hosts.length]!);
      await directory.resolve(`unknown-${i}.acme.livery.localhost`, true);
    }
    expect(bounded.size.hosts).toBeLessThanOrEqual(8);
    expect(bounded.size.themeBytes).toBeLessThanOrEqual(200_000);
    await settle();
  });
});
