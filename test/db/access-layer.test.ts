// The access layer over both drivers: tenant context, host resolution, the cascade reads, versions, keys, and
// what happens when the database is gone.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows, type Database } from '../../src/db/database.ts';
import { ConflictError, DatabaseUnavailableError } from '../../src/db/errors.ts';
import { addDomain } from '../../src/db/queries/domains.ts';
import { createApiKey, findApiKey, revokeApiKey } from '../../src/db/queries/keys.ts';
import { createTenant, listTenants, updateTenant } from '../../src/db/queries/tenants.ts';
import { chainLayers, chainVersions, listVersions, publishVersion, setPolicy } from '../../src/db/queries/tokens.ts';
import { createTestDatabase, describeEachDatabase, describeOnDatabase } from '../support/databases.ts';

describeEachDatabase('access layer', (name) => {
  let db: Database;
  const id = { platform: '', acme: '', globex: '', shop: '', blog: '', store: '' };
  beforeAll(async () => {
    db = await createTestDatabase(name);
    await db.asSystem(async (tx) => {
      id.platform = (await createTenant(tx, { tier: 0, parentId: null, slug: 'livery', name: 'Platform' })).id;
      id.acme = (await createTenant(tx, { tier: 1, parentId: id.platform, slug: 'acme', name: 'Acme' })).id;
      id.globex = (await createTenant(tx, { tier: 1, parentId: id.platform, slug: 'globex', name: 'Globex' })).id;
      id.shop = (await createTenant(tx, { tier: 2, parentId: id.acme, slug: 'shop', name: 'Shop' })).id;
      id.blog = (await createTenant(tx, { tier: 2, parentId: id.acme, slug: 'blog', name: 'Blog' })).id;
      id.store = (await createTenant(tx, { tier: 2, parentId: id.globex, slug: 'store', name: 'Store' })).id;
      await addDomain(tx, { tenantId: id.shop, domain: 'shop.example.com', verified: true });
    });
    // An unverified claim is made in a tenant context (livery_claim_domain checks it).
    await db.asTenant(id.acme, (tx) =>
      addDomain(tx, { tenantId: id.blog, domain: 'blog.example.com', verified: false }),
    );
  });
  afterAll(() => db?.close());

  describe('context', () => {
    it('runs tenant work as livery_app with the tenant set, and system work as the owner without one', async () => {
      const tenant = await db.asTenant(id.shop, (tx) =>
        rows<{ who: string; ctx: string }>(
          tx,
          sql`select current_user as who, current_setting('app.tenant_id', true) as ctx`,
        ),
      );
      expect(tenant[0]).toEqual({ who: 'livery_app', ctx: id.shop });
      const system = await db.asSystem((tx) =>
        rows<{ who: string; ctx: string | null }>(
          tx,
          sql`select current_user as who, current_setting('app.tenant_id', true) as ctx`,
        ),
      );
      expect(system[0]!.who).toBe('livery_owner');
      expect(system[0]!.ctx ?? '').toBe('');
    });
    it('refuses a tenant id that is not a uuid instead of running without context', async () => {
      await expect(db.asTenant('', async () => 1)).rejects.toThrow(TypeError);
      await expect(db.asTenant("x' or true", async () => 1)).rejects.toThrow(TypeError);
    });
    it('lets a partner create a customer under itself but not under another partner', async () => {
      await expect(
        db.asTenant(id.acme, (tx) => createTenant(tx, { tier: 2, parentId: id.globex, slug: 'sneaky', name: 'x' })),
      ).rejects.toThrow();
      const created = await db.asTenant(id.acme, (tx) =>
        createTenant(tx, { tier: 2, parentId: id.acme, slug: 'new', name: 'New' }),
      );
      const visible = await db.asTenant(id.acme, (tx) => listTenants(tx));
      expect(visible.map((t) => t.slug).sort()).toEqual(['acme', 'blog', 'new', 'shop']);
      await expect(
        db.asTenant(id.acme, (tx) => createTenant(tx, { tier: 2, parentId: id.acme, slug: 'new', name: 'Again' })),
      ).rejects.toMatchObject({ code: 'slug_taken' });
      expect(created.tier).toBe(2);
    });
    it('lets a partner suspend its customer but not a stranger', async () => {
      expect((await db.asTenant(id.acme, (tx) => updateTenant(tx, id.blog, { status: 'suspended' })))?.status).toBe(
        'suspended',
      );
      expect(await db.asTenant(id.acme, (tx) => updateTenant(tx, id.store, { status: 'suspended' }))).toBeNull();
      await db.asTenant(id.acme, (tx) => updateTenant(tx, id.blog, { status: 'active' }));
    });
    it('does not let a tenant change its own status, though it may rename itself', async () => {
      await expect(
        db.asTenant(id.acme, (tx) => updateTenant(tx, id.acme, { status: 'decommissioned' })),
      ).rejects.toThrow();
      expect((await db.asTenant(id.acme, (tx) => updateTenant(tx, id.acme, { name: 'Acme Corp' })))?.name).toBe(
        'Acme Corp',
      );
    });
  });

  describe('host resolution', () => {
    const resolve = (host: string) => db.resolveHost(host);
    it('resolves the platform, a partner, a customer and a verified custom domain', async () => {
      expect(await resolve('livery.localhost')).toEqual({
        tenantId: id.platform,
        tier: 0,
        status: 'active',
        chain: [id.platform],
      });
      expect(await resolve('acme.livery.localhost')).toMatchObject({
        tenantId: id.acme,
        tier: 1,
        chain: [id.platform, id.acme],
      });
      expect(await resolve('shop.acme.livery.localhost')).toMatchObject({
        tenantId: id.shop,
        tier: 2,
        chain: [id.platform, id.acme, id.shop],
      });
      expect(await resolve('shop.example.com')).toMatchObject({ tenantId: id.shop, tier: 2 });
    });
    it.each([
      'unknown.livery.localhost',
      'store.acme.livery.localhost',
      'x.shop.acme.livery.localhost',
      'blog.example.com',
      'livery.localhost.evil.com',
      'evillivery.localhost',
      '.livery.localhost',
      'example.org',
    ])('does not resolve %s to any tenant', async (host) => {
      expect(await resolve(host)).toBeNull();
    });
    it("reports a suspended tenant's status rather than hiding it", async () => {
      await db.asSystem((tx) => updateTenant(tx, id.store, { status: 'suspended' }));
      expect(await resolve('store.globex.livery.localhost')).toMatchObject({ tenantId: id.store, status: 'suspended' });
      await db.asSystem((tx) => updateTenant(tx, id.store, { status: 'active' }));
    });
  });

  describe('token layers', () => {
    it('publishes numbered versions with history and refuses a stale If-Match', async () => {
      const first = await db.asTenant(id.acme, (tx) =>
        publishVersion(tx, {
          tenantId: id.acme,
          content: { a: 1 },
          theme: 'ocean',
          author: 'alice',
          expectedVersion: null,
        }),
      );
      const second = await db.asTenant(id.acme, (tx) =>
        publishVersion(tx, { tenantId: id.acme, content: { a: 2 }, theme: 'ocean', author: 'bob', expectedVersion: 1 }),
      );
      expect([first.version, second.version, second.previous]).toEqual([1, 2, 1]);
      await expect(
        db.asTenant(id.acme, (tx) =>
          publishVersion(tx, { tenantId: id.acme, content: {}, author: 'eve', expectedVersion: 1 }),
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      const history = await db.asTenant(id.acme, (tx) => listVersions(tx, id.acme));
      expect(history.map((v) => [v.version, v.author])).toEqual([
        [2, 'bob'],
        [1, 'alice'],
      ]);
      const audit = await db.asTenant(id.acme, (tx) =>
        rows<{ to_version: number }>(tx, sql`select to_version from audit_log order by id`),
      );
      expect(audit.map((a) => Number(a.to_version))).toEqual([1, 2]);
    });
    it("gives a customer its chain's published layers and its partner's policy, root first", async () => {
      await db.asTenant(id.acme, (tx) =>
        setPolicy(tx, {
          tenantId: id.acme,
          policy: { allow: ['semantic.*'] },
          providers: ['github'],
          updatedBy: 'alice',
        }),
      );
      await db.asTenant(id.shop, (tx) => publishVersion(tx, { tenantId: id.shop, content: { s: 1 }, author: 'carol' }));
      const layers = await db.asTenant(id.shop, (tx) => chainLayers(tx));
      expect(layers.map((l) => [l.tenantId, l.version, l.content])).toEqual([
        [id.platform, null, null],
        [id.acme, 2, { a: 2 }],
        [id.shop, 1, { s: 1 }],
      ]);
      expect(layers[1]).toMatchObject({ theme: 'ocean', policy: { allow: ['semantic.*'] }, providers: ['github'] });
      expect(layers.filter((l) => l.policy !== null)).toHaveLength(1);
      const versions = await db.asTenant(id.shop, (tx) => chainVersions(tx));
      expect(versions.map((v) => v.version)).toEqual([null, 2, 1]);
      expect(versions[1]!.contentHash).toBe(layers[1]!.contentHash);
    });
    it('does not hand a partner its own policy through the cascade, nor anything without context', async () => {
      const layers = await db.asTenant(id.acme, (tx) => chainLayers(tx));
      expect(layers.map((l) => l.policy)).toEqual([null, null]);
      expect(await db.asTenant(null, (tx) => chainLayers(tx))).toEqual([]);
    });
  });

  describe('API keys', () => {
    it('finds a live key only in its own tenant and never after revocation', async () => {
      const { id: keyId, key } = await db.asTenant(id.shop, (tx) =>
        createApiKey(tx, { tenantId: id.shop, role: 'admin' }),
      );
      expect(key).toMatch(/^lvk_[0-9a-f]{12}_[0-9a-f]{64}$/);
      expect((await db.asTenant(id.shop, (tx) => findApiKey(tx, key)))?.id).toBe(keyId);
      expect(await db.asTenant(id.blog, (tx) => findApiKey(tx, key))).toBeNull();
      expect(
        await db.asTenant(id.shop, (tx) => findApiKey(tx, key.slice(0, -1) + (key.endsWith('0') ? '1' : '0'))),
      ).toBeNull();
      const stored = await db.asSystem((tx) =>
        rows<{ secret_hash: string }>(tx, sql`select secret_hash from api_keys where id = ${keyId}`),
      );
      expect(key).not.toContain(stored[0]!.secret_hash);
      expect(await db.asTenant(id.shop, (tx) => revokeApiKey(tx, keyId))).toBe(true);
      expect(await db.asTenant(id.shop, (tx) => findApiKey(tx, key))).toBeNull();
    });
  });
});

describe('an unreachable database', () => {
  it('is reported as DatabaseUnavailableError by a server that refuses connections', async () => {
    const db = await openDatabase({ url: 'postgres://postgres@127.0.0.1:9/livery', poolSize: 1 });
    await expect(db.asTenant(null, async () => 1)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await db.close();
  });
});

describeOnDatabase('pglite', 'a closed embedded database', () => {
  it('is reported as DatabaseUnavailableError', async () => {
    const db = await createTestDatabase('pglite');
    await db.close();
    await expect(db.resolveHost('livery.localhost')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
