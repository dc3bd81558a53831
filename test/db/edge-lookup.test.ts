// Issue 12: the edge's one statement (livery_edge_theme through Database.edgeLookup). A cold theme request is this and
// nothing else, so it must answer host, chain, key and payload correctly by itself: the key the same as the one the
// application computes (compile.ts chainKey) and stores artifacts under, the payload only when asked for and needed,
// and nothing for a tenant that is not active.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows, type Database } from '../../src/db/database.ts';
import { defaultHosts } from '../../src/db/migrate.ts';
import { chainLayers } from '../../src/db/queries/tokens.ts';
import { seedDemo } from '../../src/ops/seed-demo.ts';
import { buildArtifact, chainKey } from '../../src/themes/compile.ts';
import { loadPlatform } from '../../src/themes/platform.ts';
import { publishLayer } from '../../src/themes/publish.ts';
import { demo } from '../../src/tokens.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';

const platform = loadPlatform();
const HOSTS = {
  livery: 'livery.localhost',
  acme: 'acme.livery.localhost',
  shop: 'shop.acme.livery.localhost',
  blog: 'blog.acme.livery.localhost',
  globex: 'globex.livery.localhost',
  docs: 'docs.globex.livery.localhost',
} as const;
type Slug = keyof typeof HOSTS;

describeEachDatabase('the edge lookup (one statement per cold host)', (name) => {
  let db: Database;
  const ids = {} as Record<Slug, string>;
  const request = (knownKey: string | null = null, wantTheme = true) => ({
    baseHash: platform.baseHash,
    knownKey,
    wantTheme,
  });

  beforeAll(async () => {
    db = await createTestDatabase(name);
    const { tenants } = await db.asSystem((tx) => seedDemo(tx, demo, defaultHosts));
    for (const slug of Object.keys(HOSTS) as Slug[]) ids[slug] = tenants.find((t) => t.slug === slug)!.id;
  });
  afterAll(() => db?.close());

  /** What the application's own path says the chain is: livery_chain_layers in the tenant's context. */
  const chainOf = (slug: Slug) => db.asTenant(ids[slug], (tx) => chainLayers(tx));

  it('answers every demo host with its tenant, its chain root first, and the key chainKey computes', async () => {
    for (const slug of Object.keys(HOSTS) as Slug[]) {
      const found = await db.edgeLookup(HOSTS[slug], request(null, false));
      const chain = await chainOf(slug);

      expect(found?.tenantId, slug).toBe(ids[slug]);
      expect(found!.status).toBe('active');
      expect(found!.chain.map((m) => [m.tenantId, m.version])).toEqual(chain.map((m) => [m.tenantId, m.version]));
      expect(found!.key).toBe(await chainKey(platform, chain));
    }
  });

  it('keeps the same key as chainKey over any sequence of publishes along a chain (property)', async () => {
    const writers: Slug[] = ['livery', 'acme', 'shop'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...writers), { minLength: 1, maxLength: 4 }), async (sequence) => {
        for (const writer of sequence) {
          const tier = writer === 'livery' ? 0 : writer === 'acme' ? 1 : (2 as const);
          const current = (await chainOf(writer)).at(-1)!.content ?? {};
          await publishLayer(
            { db, platform, published: async () => {} },
            { tenantId: ids[writer], tier, content: current, actor: 'edge-lookup test', action: 'tokens.publish' },
          );
        }
        const found = await db.edgeLookup(HOSTS.shop, request(null, false));
        expect(found!.key).toBe(await chainKey(platform, await chainOf('shop')));
      }),
      { numRuns: 5 },
    );
  });

  it('sends no payload when not asked for one, or when the caller already holds the current key', async () => {
    const { key } = (await db.edgeLookup(HOSTS.shop, request(null, false)))!;

    for (const found of [
      await db.edgeLookup(HOSTS.shop, request(null, false)),
      await db.edgeLookup(HOSTS.shop, request(key, true)),
    ]) {
      expect(found!.key).toBe(key);
      expect(found!.artifact).toBeUndefined();
      expect(found!.layers).toBeUndefined();
    }
  });

  it('sends the stored artifact for a tenant whose write stored one, else the layers that build the same theme', async () => {
    // shop has a layer of its own, and its publish stores the artifact of its key.
    const content = (await chainOf('shop')).at(-1)!.content;
    await publishLayer(
      { db, platform, published: async () => {} },
      { tenantId: ids.shop, tier: 2, content, actor: 'edge-lookup test', action: 'tokens.publish' },
    );
    const shop = (await db.edgeLookup(HOSTS.shop, request()))!;
    const stored = await db.asTenant(ids.shop, (tx) =>
      rows<{ css: string }>(
        tx,
        sql`select css from theme_artifacts where tenant_id = ${ids.shop} and chain_key = ${shop.key}`,
      ),
    );
    expect(stored).toHaveLength(1);
    expect(shop.artifact?.overlayCss).toBe(stored[0]!.css);
    expect(shop.layers).toBeUndefined();

    // docs has no layer of its own: nothing is stored for it, so the layers come instead.
    const docs = (await db.edgeLookup(HOSTS.docs, request()))!;
    const chain = await chainOf('docs');
    expect(docs.artifact).toBeUndefined();
    expect(docs.layers).toEqual(chain.map((m) => m.content));
    const fromLookup = buildArtifact(
      platform,
      docs.chain.map((m, i) => ({ ...m, content: docs.layers![i] ?? null })),
      docs.key,
    );
    expect(fromLookup).toEqual(buildArtifact(platform, chain, docs.key));
  });

  it('answers an unknown host with nothing, and a suspended chain with its status and no payload', async () => {
    expect(await db.edgeLookup('nobody.acme.livery.localhost', request())).toBeNull();

    await db.asSystem((tx) => tx.execute(sql`update tenants set status = 'suspended' where id = ${ids.globex}`));
    try {
      const docs = (await db.edgeLookup(HOSTS.docs, request()))!;
      expect(docs.status).toBe('suspended');
      expect(docs.chain.map((m) => m.status)).toEqual(['active', 'suspended', 'active']);
      expect(docs.artifact).toBeUndefined();
      expect(docs.layers).toBeUndefined();
    } finally {
      await db.asSystem((tx) => tx.execute(sql`update tenants set status = 'active' where id = ${ids.globex}`));
    }
  });
});
