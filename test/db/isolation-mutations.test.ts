// Each isolation check must fail when the rule it guards is removed: one mutation per policy family.
// Every mutation runs on a database of its own (policies are per database). The role mutation runs on PGlite
// only: roles are shared by every database of a server, and other test files use the same server concurrently.
import { afterEach, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { checkChainFunction, checkTable, createFixture, tableSpecs, type TableSpec } from './isolation.ts';

const spec = (table: string): TableSpec => tableSpecs.find((s) => s.table === table)!;
const subtree = `tenant_id = ANY (ARRAY(SELECT a.tenant_id FROM tenant_ancestry a
  WHERE a.ancestor_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)))`;

describeEachDatabase('isolation checks catch a broken rule', (name) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function mutated(statements: string[]) {
    db = await createTestDatabase(name);
    const fixture = await createFixture(db);
    await db.asSystem(async (tx) => {
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });
    return { db, fixture };
  }

  it("sees a sibling's rows when a tenant table's read policy is opened up", async () => {
    const { db, fixture } = await mutated([
      'DROP POLICY tenant_scope ON audit_log',
      `CREATE POLICY tenant_scope ON audit_log TO livery_app USING (true) WITH CHECK (${subtree})`,
    ]);
    const problems = await checkTable(db, fixture, spec('audit_log'), 'A1', ['select']);
    expect(problems.join('\n')).toMatch(/A1 on audit_log: SELECT saw/);
  });

  it('accepts a row for another tenant when a write check (WITH CHECK) is dropped', async () => {
    const { db, fixture } = await mutated([
      'DROP POLICY tenant_scope ON memberships',
      `CREATE POLICY tenant_scope ON memberships TO livery_app USING (${subtree}) WITH CHECK (true)`,
    ]);
    const problems = await checkTable(db, fixture, spec('memberships'), 'A1', ['insert']);
    expect(problems.join('\n')).toMatch(/A1 on memberships: INSERT for A2 was accepted/);
  });

  it('moves a row to another tenant when tenant_id becomes updatable', async () => {
    const { db, fixture } = await mutated(['GRANT UPDATE (tenant_id) ON api_keys TO livery_app']);
    const problems = await checkTable(db, fixture, spec('api_keys'), 'A', ['move']);
    expect(problems.join('\n')).toMatch(/moved its row to A1/);
  });

  it('shows a partner its siblings when the tenants policy is opened up', async () => {
    const { db, fixture } = await mutated([
      'DROP POLICY tenant_read ON tenants',
      'CREATE POLICY tenant_read ON tenants FOR SELECT TO livery_app USING (true)',
    ]);
    const problems = await checkTable(db, fixture, spec('tenants'), 'A', ['select']);
    expect(problems.join('\n')).toMatch(/A on tenants: SELECT saw/);
  });

  it("shows a customer the rest of the hierarchy when the closure table's policy is opened up", async () => {
    const { db, fixture } = await mutated([
      'DROP POLICY tenant_scope ON tenant_ancestry',
      'CREATE POLICY tenant_scope ON tenant_ancestry FOR SELECT TO livery_app USING (true)',
    ]);
    const problems = await checkTable(db, fixture, spec('tenant_ancestry'), 'B1', ['select']);
    expect(problems.join('\n')).toMatch(/B1 on tenant_ancestry: SELECT saw/);
  });

  it("hands a customer its sibling's layer when the cascade function forgets the chain", async () => {
    const { db, fixture } = await mutated([
      `
      CREATE OR REPLACE FUNCTION livery_chain_layers()
      RETURNS TABLE (tenant_id uuid, tier smallint, status text, version integer, content_hash text, content jsonb,
                     theme text, policy jsonb, providers text[])
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        SELECT t.id, t.tier, t.status, NULL::int, NULL::text, NULL::jsonb, NULL::text, NULL::jsonb, NULL::text[]
          FROM tenants t ORDER BY t.tier
      $$`,
    ]);
    const problems = await checkChainFunction(db, fixture);
    expect(problems.join('\n')).toMatch(/A1: chain/);
  });

  it.skipIf(name !== 'pglite')('sees everything when livery_app is allowed to bypass RLS', async () => {
    db = await createTestDatabase(name);
    const fixture = await createFixture(db);
    await db.rawTransaction((session) => session.script('ALTER ROLE livery_app BYPASSRLS'));
    const problems = await checkTable(db, fixture, spec('drafts'), 'A2', ['select']);
    expect(problems.join('\n')).toMatch(/A2 on drafts: SELECT saw/);
  });
});
