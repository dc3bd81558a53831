// The rules the database itself enforces, whoever asks (even the owner): the tenant hierarchy, immutable
// history, canonical domains; and the migrations runner's idempotence.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Database } from '../../src/db/database.ts';
import { sqlState } from '../../src/db/errors.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { insertTenant } from '../support/tenants.ts';

describeEachDatabase('database rules', (name) => {
  let db: Database;
  let platform: string;
  let partner: string;
  let customer: string;
  beforeAll(async () => {
    db = await createTestDatabase(name);
    [platform, partner, customer] = await db.asSystem(async (tx) => {
      const insert = (tier: number, parent: string | null, slug: string) => insertTenant(tx, tier, parent, slug);
      const p = await insert(0, null, 'platform');
      const a = await insert(1, p, 'acme');
      const c = await insert(2, a, 'shop');
      await tx.execute(
        sql`insert into token_versions (tenant_id, version, content, author, content_hash) values (${c}, 1, '{}', 'x', 'h')`,
      );
      await tx.execute(sql`insert into audit_log (tenant_id, actor, action) values (${c}, 'x', 'y')`);
      return [p, a, c];
    });
  });
  afterAll(() => db?.close());

  const asOwner = async (statement: ReturnType<typeof sql>) => {
    try {
      await db.asSystem((tx) => tx.execute(statement));
      return 'ok';
    } catch (error) {
      return sqlState(error) ?? String(error);
    }
  };

  describe('tenant hierarchy', () => {
    it('allows exactly one platform tenant', async () => {
      expect(await asOwner(sql`insert into tenants (tier, slug, name) values (0, 'second', 'x')`)).toBe('23505');
    });
    it("requires a partner's parent to be the platform and a customer's parent to be a partner", async () => {
      expect(
        await asOwner(sql`insert into tenants (tier, parent_id, slug, name) values (1, ${partner}, 'x', 'x')`),
      ).toBe('23514');
      expect(
        await asOwner(sql`insert into tenants (tier, parent_id, slug, name) values (2, ${platform}, 'x', 'x')`),
      ).toBe('23514');
      expect(
        await asOwner(sql`insert into tenants (tier, parent_id, slug, name) values (3, ${customer}, 'x', 'x')`),
      ).toBe('23514');
      expect(await asOwner(sql`insert into tenants (tier, slug, name) values (1, 'orphan', 'x')`)).toBe('23514');
    });
    it("never changes a tenant's parent or tier", async () => {
      const otherPartner = await db.asSystem(
        async (tx) =>
          (
            await rows<{ id: string }>(
              tx,
              sql`insert into tenants (tier, parent_id, slug, name) values (1, ${platform}, 'globex', 'g') returning id`,
            )
          )[0]!.id,
      );
      expect(await asOwner(sql`update tenants set parent_id = ${otherPartner} where id = ${customer}`)).toBe('23514');
      expect(await asOwner(sql`update tenants set tier = 1, parent_id = ${platform} where id = ${customer}`)).toBe(
        '23514',
      );
    });
    it('keeps slugs unique among siblings only', async () => {
      expect(
        await asOwner(sql`insert into tenants (tier, parent_id, slug, name) values (2, ${partner}, 'shop', 'x')`),
      ).toBe('23505');
      const cousin = await asOwner(sql`insert into tenants (tier, parent_id, slug, name)
        select 2, id, 'shop', 'x' from tenants where slug = 'globex'`);
      expect(cousin).toBe('ok');
    });
    it('records the ancestry of a new tenant', async () => {
      const chain = await db.asSystem((tx) =>
        rows<{ ancestor_id: string; depth: number }>(
          tx,
          sql`select ancestor_id, depth from tenant_ancestry where tenant_id = ${customer} order by depth`,
        ),
      );
      expect(chain.map((r) => [r.ancestor_id, Number(r.depth)])).toEqual([
        [customer, 0],
        [partner, 1],
        [platform, 2],
      ]);
    });
  });

  describe('history', () => {
    it('refuses to change or delete a token version, even for the owner', async () => {
      expect(await asOwner(sql`update token_versions set author = 'y' where tenant_id = ${customer}`)).toBe('42501');
      expect(await asOwner(sql`delete from token_versions where tenant_id = ${customer}`)).toBe('42501');
    });
    it('keeps the audit log append-only, even for the owner', async () => {
      expect(await asOwner(sql`update audit_log set actor = 'z'`)).toBe('42501');
      expect(await asOwner(sql`delete from audit_log`)).toBe('42501');
      expect(await asOwner(sql`truncate audit_log`)).toBe('42501');
    });
  });

  describe('domains', () => {
    it.each(['Example.com', 'example.com.', 'example.com:8080', 'localhost', 'bücher.example', ''])(
      'refuses the non-canonical domain %j',
      async (domain) => {
        expect(
          await asOwner(
            sql`insert into domain_mappings (domain, tenant_id, verification_token) values (${domain}, ${partner}, 't')`,
          ),
        ).toBe('23514');
      },
    );
    it('accepts a canonical punycode domain', async () => {
      expect(
        await asOwner(
          sql`insert into domain_mappings (domain, tenant_id, verification_token) values ('xn--bcher-kva.example', ${partner}, 't')`,
        ),
      ).toBe('ok');
    });
  });

  describe('migrations', () => {
    it('applies nothing twice', async () => {
      const report = await migrate(db);
      expect(report.applied).toEqual([]);
      expect(report.alreadyApplied.length).toBeGreaterThanOrEqual(5);
    });
    it('is safe when several processes migrate at once', async () => {
      const reports = await Promise.all([migrate(db), migrate(db), migrate(db)]);
      expect(reports.every((r) => r.applied.length === 0)).toBe(true);
    });
  });
});
