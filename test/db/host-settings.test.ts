// Issue 10, host resolution. livery_resolve_host used to take the platform host and the partner root from its caller:
// anything able to run SQL as livery_app could call livery_resolve_host('evil.example', 'evil.example', …) and have a
// name of its choice resolve to the platform tenant, or walk tenant slugs under any root. The roots now live in the
// database (livery_settings, written by the owner only) and the function takes the host alone.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows, type Database } from '../../src/db/database.ts';
import { migrate, storeHostSettings } from '../../src/db/migrate.ts';
import { checkHostSettings } from '../../src/db/node-databases.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { outcome } from '../support/sql-outcome.ts';
import { insertTenant } from '../support/tenants.ts';

describeEachDatabase('host settings in the database', (name) => {
  let db: Database;
  const id = { platform: '', acme: '', shop: '' };
  beforeAll(async () => {
    db = await createTestDatabase(name);
    await db.asSystem(async (tx) => {
      const insert = (tier: number, parent: string | null, slug: string) => insertTenant(tx, tier, parent, slug);
      id.platform = await insert(0, null, 'livery');
      id.acme = await insert(1, id.platform, 'acme');
      id.shop = await insert(2, id.acme, 'shop');
    });
  });
  afterAll(() => db?.close());

  const defaults = { platformHost: 'livery.localhost', partnerRoot: 'livery.localhost' };

  it('offers no way to pass roots: the three-argument function is gone, the one-argument one ignores any', async () => {
    expect(
      await outcome(() =>
        db.asTenant(null, (tx) =>
          tx.execute(sql`select * from livery_resolve_host('evil.example', 'evil.example', 'evil.example')`),
        ),
      ),
    ).toBe('42883');
    expect(await db.resolveHost('evil.example')).toBeNull();
    expect(await db.resolveHost('acme.evil.example')).toBeNull();
    expect(await db.resolveHost('livery.localhost')).toMatchObject({ tenantId: id.platform, tier: 0 });
    expect(await db.resolveHost('shop.acme.livery.localhost')).toMatchObject({ tenantId: id.shop, tier: 2 });
  });

  it('lets livery_app read the stored hosts but not change them', async () => {
    const [stored] = await db.asTenant(null, (tx) =>
      rows<{ platform_host: string }>(tx, sql`select platform_host from livery_settings`),
    );
    expect(stored!.platform_host).toBe('livery.localhost');
    for (const statement of [
      sql`update livery_settings set platform_host = 'evil.example'`,
      sql`insert into livery_settings (singleton, platform_host, partner_root) values (true, 'evil.example', 'evil.example')`,
      sql`delete from livery_settings`,
    ]) {
      expect(await outcome(() => db.asTenant(id.platform, (tx) => tx.execute(statement)))).toBe('42501');
    }
    expect(await outcome(() => db.asAuth((tx) => tx.execute(sql`select 1 from livery_settings`)))).toBe('42501');
  });

  it('resolves with what the owner stores, and nothing else', async () => {
    const hosts = { platformHost: 'platform.example', partnerRoot: 'tenants.example' };
    try {
      expect(await storeHostSettings(db, hosts)).toEqual({ ...hosts, written: true });
      expect(await db.resolveHost('platform.example')).toMatchObject({ tenantId: id.platform });
      expect(await db.resolveHost('acme.tenants.example')).toMatchObject({ tenantId: id.acme });
      expect(await db.resolveHost('shop.acme.tenants.example')).toMatchObject({ tenantId: id.shop });
      expect(await db.resolveHost('livery.localhost')).toBeNull();
      expect(await db.resolveHost('acme.livery.localhost')).toBeNull();
    } finally {
      await storeHostSettings(db, defaults);
    }
  });

  it('is written by migrate: explicit hosts always, the defaults only where none are stored', async () => {
    const other = { platformHost: 'platform.example', partnerRoot: 'tenants.example' };
    try {
      expect((await migrate(db, { hosts: other })).hosts).toEqual({ ...other, written: true });
      // A rerun without the variables keeps what is stored (it must not move a deployment back to livery.localhost).
      expect((await migrate(db)).hosts).toEqual({ ...other, written: false });
      expect((await migrate(db, { hosts: other })).hosts.written).toBe(false);
      await db.asSystem((tx) => tx.execute(sql`delete from livery_settings`));
      expect(await db.resolveHost('livery.localhost')).toBeNull(); // nothing stored: only custom domains resolve
      expect((await migrate(db)).hosts).toEqual({ ...defaults, written: true });
    } finally {
      await storeHostSettings(db, defaults);
    }
  });

  it('lets a Node process start only when its configuration agrees with the database', async () => {
    await expect(checkHostSettings(db, defaults)).resolves.toBeUndefined();
    await expect(
      checkHostSettings(db, { platformHost: 'platform.example', partnerRoot: 'livery.localhost' }),
    ).rejects.toThrow(
      /holds platform host livery\.localhost and partner root livery\.localhost, but this process is configured with LIVERY_PLATFORM_HOST=platform\.example/,
    );
  });
});
