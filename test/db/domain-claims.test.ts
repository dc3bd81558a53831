// Issue 10, domain squatting (CONTRACT: "What only verification may do, the database enforces: domain_mappings.verified_at
// is set only through the verification function, never by a plain INSERT/UPDATE of a tenant; unverified claims expire
// and can be withdrawn"). Before migrations/0010 any platform or partner admin could hold any name unverified for ever
// (the real owner got domain_taken for good), and a customer's own context could insert its row already verified.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, rows, type Database } from '../../src/db/database.ts';
import { ConflictError } from '../../src/db/errors.ts';
import { migrate, migrationsDirectory, readMigrations } from '../../src/db/migrate.ts';
import {
  claimDomain,
  getDomain,
  removeDomain,
  verifyDomainClaim,
  type DomainRow,
} from '../../src/db/queries/domains.ts';
import { databaseUrl, withAdmin } from '../support/database-setup.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabaseName } from '../support/databases.ts';
import { outcome } from '../support/sql-outcome.ts';

type Name = 'T0' | 'A' | 'B' | 'A1' | 'B1';

async function tenantTree(db: Database): Promise<Record<Name, string>> {
  return db.asSystem(async (tx) => {
    const ids = {} as Record<Name, string>;
    const insert = async (name: Name, tier: number, parent: Name | null) => {
      ids[name] = (
        await rows<{ id: string }>(
          tx,
          sql`insert into tenants (tier, parent_id, slug, name)
        values (${tier}, ${parent ? ids[parent] : null}, ${name.toLowerCase()}, ${name}) returning id`,
        )
      )[0]!.id;
    };
    await insert('T0', 0, null);
    await insert('A', 1, 'T0');
    await insert('B', 1, 'T0');
    await insert('A1', 2, 'A');
    await insert('B1', 2, 'B');
    return ids;
  });
}

/** Makes an unverified claim look `days` old (as the owner: nobody else can touch its dates). */
const age = (db: Database, domain: string, days: number) =>
  db.asSystem((tx) =>
    tx.execute(sql`
  update domain_mappings set created_at = now() - make_interval(days => ${days}),
                             expires_at = now() - make_interval(days => ${days}) + interval '7 days'
   where domain = ${domain}`),
  );

describeEachDatabase('domain claims', (name) => {
  let db: Database;
  let id: Record<Name, string>;
  beforeAll(async () => {
    db = await createTestDatabase(name);
    id = await tenantTree(db);
  });
  afterAll(() => db?.close());

  const claim = (context: Name, tenant: Name, domain: string) =>
    db.asTenant(id[context], (tx) => claimDomain(tx, { tenantId: id[tenant], domain }));
  const verify = (context: Name, domain: string, token: string) =>
    db.asTenant(id[context], (tx) => verifyDomainClaim(tx, domain, token));
  const owned = (domain: string) => db.asSystem((tx) => getDomain(tx, domain));

  describe('what livery_app may write', () => {
    it('has no INSERT or UPDATE on domain_mappings, verified_at included', async () => {
      const [grants] = await db.asSystem((tx) =>
        rows<Record<string, boolean>>(
          tx,
          sql`select
        has_table_privilege('livery_app', 'domain_mappings', 'INSERT') as table_insert,
        has_table_privilege('livery_app', 'domain_mappings', 'UPDATE') as table_update,
        has_column_privilege('livery_app', 'domain_mappings', 'verified_at', 'INSERT') as verified_insert,
        has_column_privilege('livery_app', 'domain_mappings', 'verified_at', 'UPDATE') as verified_update,
        has_column_privilege('livery_app', 'domain_mappings', 'expires_at', 'UPDATE') as expires_update,
        has_table_privilege('livery_app', 'domain_mappings', 'SELECT') as can_select,
        has_table_privilege('livery_app', 'domain_mappings', 'DELETE') as can_delete`,
        ),
      );
      expect(grants).toEqual({
        table_insert: false,
        table_update: false,
        verified_insert: false,
        verified_update: false,
        expires_update: false,
        can_select: true,
        can_delete: true,
      });
    });

    it('refuses a customer context inserting its own row pre-verified (or at all)', async () => {
      expect(
        await outcome(() =>
          db.asTenant(id.A1, (tx) =>
            tx.execute(sql`insert into domain_mappings
        (domain, tenant_id, verification_token, verified_at) values ('preverified.example.com', ${id.A1}, 't', now())`),
          ),
        ),
      ).toBe('42501');
      expect(
        await outcome(() =>
          db.asTenant(id.A, (tx) =>
            tx.execute(sql`insert into domain_mappings
        (domain, tenant_id, verification_token) values ('plain.example.com', ${id.A1}, 't')`),
          ),
        ),
      ).toBe('42501');
      expect(await db.resolveHost('preverified.example.com')).toBeNull();
    });

    it('refuses setting verified_at (or moving the expiry) on a claim, by the claimant or its ancestor', async () => {
      const { domain } = await claim('A', 'A1', 'update-me.example.com');
      for (const context of ['A1', 'A', 'T0'] as const) {
        for (const assignment of [
          'verified_at = now()',
          "expires_at = now() + interval '1 year'",
          "verification_token = 'mine'",
        ]) {
          expect(
            await outcome(() =>
              db.asTenant(id[context], (tx) =>
                tx.execute(sql`update domain_mappings set ${sql.raw(assignment)}
            where domain = ${domain}`),
              ),
            ),
            `${context}: ${assignment}`,
          ).toBe('42501');
        }
      }
      expect((await owned(domain))!.verifiedAt).toBeNull();
    });
  });

  describe('claiming (livery_claim_domain)', () => {
    it("claims for the caller's subtree only: unverified, with a token of the database's, for 7 days", async () => {
      const row = await claim('A', 'A1', 'shop.example.com');
      expect(row).toMatchObject({ domain: 'shop.example.com', tenantId: id.A1, verifiedAt: null });
      expect(row.verificationToken).toMatch(/^livery-verify-[0-9a-f]{32}$/);
      // 7 calendar days in the server's time zone: 168 hours, ± one for a daylight-saving change.
      expect(Math.abs(row.expiresAt!.getTime() - row.createdAt.getTime() - 7 * 24 * 3600 * 1000)).toBeLessThanOrEqual(
        3600 * 1000,
      );
      expect(await outcome(() => claim('B', 'A1', 'other.example.com'))).toBe('42501');
      expect(await outcome(() => claim('A1', 'A', 'up.example.com'))).toBe('42501');
      expect(
        await outcome(() =>
          db.asTenant(null, (tx) =>
            tx.execute(sql`select * from livery_claim_domain('x.example.com', ${id.A1}::uuid)`),
          ),
        ),
      ).toBe('42501');
    });

    it("refuses the platform's own names, as the database knows them", async () => {
      for (const domain of ['livery.localhost', 'a.livery.localhost', 'shop.a.livery.localhost']) {
        expect(await outcome(() => claim('A', 'A1', domain)), domain).toBe('22023');
      }
    });

    it('keeps a live claim: another tenant gets domain_taken, naming no one', async () => {
      await claim('A', 'A1', 'contested.example.com');
      const taken = await claim('B', 'B1', 'contested.example.com').catch((error: unknown) => error);
      expect(taken).toBeInstanceOf(ConflictError);
      expect((taken as ConflictError).code).toBe('domain_taken');
      expect((taken as Error).message).not.toContain(id.A1);
      expect(await outcome(() => claim('A', 'A1', 'contested.example.com'))).toBe('domain_taken');
    });

    it('lets a new claim replace an expired one atomically, without showing the old claimant', async () => {
      const first = await claim('A', 'A1', 'squatted.example.com');
      await age(db, 'squatted.example.com', 8);
      const second = await claim('B', 'B1', 'squatted.example.com');
      expect(second).toMatchObject({ domain: 'squatted.example.com', tenantId: id.B1, verifiedAt: null });
      expect(second.verificationToken).not.toBe(first.verificationToken);
      expect(second.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
      // The old claim is gone: the old claimant sees nothing, and its token verifies nothing.
      expect(await db.asTenant(id.A, (tx) => getDomain(tx, 'squatted.example.com'))).toBeNull();
      expect(await verify('A', 'squatted.example.com', first.verificationToken)).toBeNull();
      expect(
        await db.asSystem((tx) => rows(tx, sql`select 1 from domain_mappings where domain = 'squatted.example.com'`)),
      ).toHaveLength(1);
    });

    it('never replaces a verified mapping, however old', async () => {
      const row = await claim('B', 'B1', 'kept.example.com');
      expect(await verify('B', 'kept.example.com', row.verificationToken)).not.toBeNull();
      await db.asSystem((tx) =>
        tx.execute(
          sql`update domain_mappings set created_at = now() - interval '1 year' where domain = 'kept.example.com'`,
        ),
      );
      expect(await outcome(() => claim('A', 'A1', 'kept.example.com'))).toBe('domain_taken');
      expect(await db.resolveHost('kept.example.com')).toMatchObject({ tenantId: id.B1 });
    });

    it('lets exactly one of two concurrent claims on an expired name win', async () => {
      await claim('A', 'A1', 'race.example.com');
      await age(db, 'race.example.com', 30);
      const results = await Promise.all([
        db
          .asTenant(id.A, async (tx) => {
            const row = await claimDomain(tx, { tenantId: id.A1, domain: 'race.example.com' });
            await tx.execute(sql`select pg_sleep(0.2)`);
            return row;
          })
          .then(
            (row) => row.tenantId,
            (error: unknown) => (error instanceof ConflictError ? error.code : String(error)),
          ),
        new Promise((resolveLater) => setTimeout(resolveLater, 50)).then(() =>
          claim('B', 'B1', 'race.example.com').then(
            (row) => row.tenantId,
            (error: unknown) => (error instanceof ConflictError ? error.code : String(error)),
          ),
        ),
      ]);
      expect(results.filter((r) => r === 'domain_taken')).toHaveLength(1);
      expect(results.filter((r) => r === id.A1 || r === id.B1)).toHaveLength(1);
      expect(
        await db.asSystem((tx) => rows(tx, sql`select 1 from domain_mappings where domain = 'race.example.com'`)),
      ).toHaveLength(1);
    });
  });

  describe('verifying (livery_verify_domain)', () => {
    let row: DomainRow;
    beforeAll(async () => {
      row = await claim('A', 'A1', 'verify.example.com');
    });

    it('refuses a wrong token, another subtree, and no context', async () => {
      expect(await verify('A', 'verify.example.com', 'livery-verify-guess')).toBeNull();
      expect(await verify('B', 'verify.example.com', row.verificationToken)).toBeNull();
      expect(await verify('B1', 'verify.example.com', row.verificationToken)).toBeNull();
      expect(
        await outcome(() =>
          db.asTenant(null, (tx) => verifyDomainClaim(tx, 'verify.example.com', row.verificationToken)),
        ),
      ).toBe('42501');
      expect(await db.resolveHost('verify.example.com')).toBeNull();
    });

    it('refuses an expired claim', async () => {
      const stale = await claim('A', 'A1', 'stale.example.com');
      await age(db, 'stale.example.com', 7);
      expect(await verify('A', 'stale.example.com', stale.verificationToken)).toBeNull();
      expect((await owned('stale.example.com'))!.verifiedAt).toBeNull();
    });

    it("verifies the claimant's (or its ancestor's) unexpired claim with its token: the host resolves", async () => {
      const verified = await verify('A1', 'verify.example.com', row.verificationToken);
      expect(verified).toMatchObject({ domain: 'verify.example.com', tenantId: id.A1, expiresAt: null });
      expect(verified!.verifiedAt).toBeInstanceOf(Date);
      expect(await db.resolveHost('verify.example.com')).toMatchObject({ tenantId: id.A1 });
      expect(await verify('A', 'verify.example.com', row.verificationToken)).toBeNull(); // once
    });
  });

  describe('withdrawing', () => {
    it('lets the claimant or an ancestor withdraw, and nobody else', async () => {
      await claim('A', 'A1', 'withdrawn.example.com');
      expect(await db.asTenant(id.B, (tx) => removeDomain(tx, id.A1, 'withdrawn.example.com'))).toBeNull();
      expect(await db.asTenant(id.B1, (tx) => removeDomain(tx, id.A1, 'withdrawn.example.com'))).toBeNull();
      expect(await db.asTenant(id.A, (tx) => removeDomain(tx, id.B1, 'withdrawn.example.com'))).toBeNull(); // not B1's
      expect(await db.asTenant(id.A1, (tx) => removeDomain(tx, id.A1, 'withdrawn.example.com'))).toMatchObject({
        tenantId: id.A1,
      });
      expect(await owned('withdrawn.example.com')).toBeNull();
      // Withdrawn, the name is free at once.
      expect(await claim('B', 'B1', 'withdrawn.example.com')).toMatchObject({ tenantId: id.B1 });
    });
  });
});

describeEachDatabase('domain claims: the guard behind the grants', (name) => {
  // Even if livery_app were granted INSERT and UPDATE again, the trigger keeps verification state the owner's.
  let db: Database;
  let id: Record<Name, string>;
  beforeAll(async () => {
    db = await createTestDatabase(name);
    id = await tenantTree(db);
    await db.asSystem((tx) => tx.execute(sql`grant insert, update on domain_mappings to livery_app`));
  });
  afterAll(() => db?.close());

  it('refuses verified_at from livery_app, and gives any claim it inserts the 7 days and no more', async () => {
    expect(
      await outcome(() =>
        db.asTenant(id.A1, (tx) =>
          tx.execute(sql`insert into domain_mappings
      (domain, tenant_id, verification_token, verified_at) values ('guard.example.com', ${id.A1}, 't', now())`),
        ),
      ),
    ).toBe('42501');
    await db.asTenant(id.A1, (tx) =>
      tx.execute(sql`insert into domain_mappings (domain, tenant_id, verification_token, created_at, expires_at)
      values ('guard.example.com', ${id.A1}, 't', '2999-01-01', '2999-01-08')`),
    );
    const [row] = await db.asSystem((tx) =>
      rows<{ days: number }>(
        tx,
        sql`
      select extract(epoch from expires_at - now()) / 86400 as days from domain_mappings where domain = 'guard.example.com'`,
      ),
    );
    expect(Number(row!.days)).toBeCloseTo(7, 1);
    for (const assignment of [
      'verified_at = now()',
      "expires_at = '2999-01-01'",
      "created_at = '2999-01-01'",
      "verification_token = 'x'",
    ]) {
      expect(
        await outcome(() =>
          db.asTenant(id.A1, (tx) =>
            tx.execute(sql`update domain_mappings set ${sql.raw(assignment)}
        where domain = 'guard.example.com'`),
          ),
        ),
        assignment,
      ).toBe('42501');
    }
  });
});

describeEachDatabase('domain claims: the migration', (name) => {
  // A squat left by the old code (an unverified row from long ago) expires when 0010 is applied, so the real owner can
  // claim the name at once; a recent claim keeps its 7 days; a verified mapping stays.
  let db: Database | undefined;
  let cleanup: () => Promise<void> = async () => {};
  afterAll(async () => {
    await db?.close();
    await cleanup();
  });

  it('expires claims older than 7 days and keeps the rest', async () => {
    db = await freshDatabase(name, (drop) => {
      cleanup = drop;
    });
    const before = mkdtempSync(join(tmpdir(), 'livery-migrations-'));
    try {
      copyFileSync(join(migrationsDirectory, 'bootstrap.sql'), join(before, 'bootstrap.sql'));
      for (const m of readMigrations().filter((m) => m.name < '0010'))
        copyFileSync(join(migrationsDirectory, `${m.name}.sql`), join(before, `${m.name}.sql`));
      await migrate(db, { directory: before });
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
    const id = await tenantTree(db);
    await db.asSystem((tx) =>
      tx.execute(sql`insert into domain_mappings (domain, tenant_id, verification_token, verified_at, created_at) values
      ('old-squat.example.com', ${id.A1}, 't1', null, now() - interval '400 days'),
      ('recent.example.com', ${id.A1}, 't2', null, now() - interval '2 days'),
      ('verified.example.com', ${id.A1}, 't3', now(), now() - interval '400 days')`),
    );
    await migrate(db);
    const stored = await db.asSystem((tx) =>
      rows<{ domain: string; expired: boolean | null; days_left: number | null }>(
        tx,
        sql`
      select domain, expires_at <= now() as expired, round(extract(epoch from expires_at - now()) / 86400) as days_left
        from domain_mappings order by domain`,
      ),
    );
    expect(stored.map((r) => [r.domain, r.expired, r.days_left === null ? null : Number(r.days_left)])).toEqual([
      ['old-squat.example.com', true, -393],
      ['recent.example.com', false, 5],
      ['verified.example.com', null, null],
    ]);
    expect(
      await db.asTenant(id.B, (tx) => claimDomain(tx, { tenantId: id.B1, domain: 'old-squat.example.com' })),
    ).toMatchObject({ tenantId: id.B1 });
    expect(
      await outcome(() =>
        db!.asTenant(id.B, (tx) => claimDomain(tx, { tenantId: id.B1, domain: 'recent.example.com' })),
      ),
    ).toBe('domain_taken');
  }, 120_000);
});

/** An empty database of its own (PGlite: initdb in memory; PostgreSQL: CREATE DATABASE as the superuser). */
async function freshDatabase(name: TestDatabaseName, onDrop: (drop: () => Promise<void>) => void): Promise<Database> {
  if (name === 'pglite') return openDatabase({ dataDir: 'memory://', migrate: false });
  const adminUrl = inject('liveryDatabases').postgresAdminUrl!;
  const database = `livery_claims_${Math.random().toString(16).slice(2, 10)}`;
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database ${database}`));
  onDrop(async () => {
    await withAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists ${database} with (force)`));
  });
  return openDatabase({ url: databaseUrl(adminUrl, database), poolSize: 2, migrate: false });
}
