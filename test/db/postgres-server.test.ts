// Behaviour that only a real server can show: several processes migrating an empty database at once, and
// migrations run by a login role that is not a superuser (as on Neon: the database owner with CREATEROLE and
// BYPASSRLS), whose tenant queries must still be confined by RLS.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openDatabase, rows, type Database } from '../../src/db/database.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';
import { databaseUrl } from '../support/database-setup.ts';
import { describeOnDatabase } from '../support/databases.ts';
import { insertTenant } from '../support/tenants.ts';

describeOnDatabase('postgres', 'a PostgreSQL server', () => {
  const adminUrl = () => inject('liveryDatabases').postgresAdminUrl!;
  const suffix = randomBytes(4).toString('hex');
  const created: string[] = [];
  let admin: postgres.Sql;
  beforeAll(() => {
    admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    for (const database of created) await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.unsafe(`drop role if exists livery_neon_like_${suffix}`).catch(() => {});
    await admin.end();
  });

  it('applies each migration exactly once when three processes migrate an empty database together', async () => {
    const database = `livery_race_${suffix}`;
    await admin.unsafe(`create database ${database}`);
    created.push(database);
    const url = databaseUrl(adminUrl(), database);
    const processes = await Promise.all([0, 1, 2].map(() => openDatabase({ url, poolSize: 1 })));
    try {
      const reports = await Promise.all(processes.map((db) => migrate(db)));
      const applied = reports.flatMap((r) => r.applied).sort();
      expect(applied).toEqual(readMigrations().map((m) => m.name));
    } finally {
      await Promise.all(processes.map((db) => db.close()));
    }
  });

  it('migrates as a non-superuser database owner and still confines its tenant queries', async () => {
    const owner = `livery_neon_like_${suffix}`;
    const database = `livery_neon_${suffix}`;
    await admin.unsafe(`create role ${owner} login password 'owner-pw' createrole bypassrls nosuperuser`);
    await admin.unsafe(`create database ${database} owner ${owner}`);
    created.push(database);
    const url = new URL(databaseUrl(adminUrl(), database));
    url.username = owner;
    url.password = 'owner-pw';
    let db: Database | undefined;
    try {
      db = await openDatabase({ url: url.toString(), poolSize: 2, migrate: true });
      const [who] = await db.asSystem((tx) =>
        rows<{ superuser: string }>(tx, sql`select current_setting('is_superuser') as superuser`),
      );
      expect(who!.superuser).toBe('off');
      const ids = await db.asSystem(async (tx) => {
        const insert = (tier: number, parent: string | null, slug: string) => insertTenant(tx, tier, parent, slug);
        const platform = await insert(0, null, 'p');
        const partner = await insert(1, platform, 'a');
        return { platform, partner, first: await insert(2, partner, 'c1'), second: await insert(2, partner, 'c2') };
      });
      const seen = await db.asTenant(ids.first, (tx) => rows<{ id: string }>(tx, sql`select id from tenants`));
      expect(seen.map((r) => r.id)).toEqual([ids.first]);
      const owned = await db.asSystem((tx) =>
        rows<{ owner: string }>(
          tx,
          sql`select distinct pg_get_userbyid(relowner) as owner from pg_class where relname in ('tenants', 'audit_log')`,
        ),
      );
      expect(owned.map((r) => r.owner)).toEqual(['livery_owner']);
    } finally {
      await db?.close();
    }
  });
});
