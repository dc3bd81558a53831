// Catalog checks: they fail when someone adds a table, a function or a grant carelessly.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows, type Database } from '../../src/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';
import { tableSpecs } from './isolation.ts';

describeEachDatabase('database catalog', (name) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(name);
  });
  afterAll(() => db?.close());

  const query = <T>(text: string) => db.asSystem((tx) => rows<T>(tx, sql.raw(text)));

  it('forces RLS with a livery_app policy on every table that holds tenant data', async () => {
    const tables = await query<{ table: string; enabled: boolean; forced: boolean; app_policies: number }>(`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p
               where p.schemaname = 'public' and p.tablename = c.relname
                 and ('livery_app' = any(p.roles) or 'public' = any(p.roles))) as app_policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and (c.relname = 'tenants' or exists (select 1 from pg_attribute a
               where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
       order by 1`);
    expect(tables.length).toBeGreaterThanOrEqual(13);
    expect(tables.filter((t) => !t.enabled || !t.forced || t.app_policies < 1)).toEqual([]);
  });

  it('covers every tenant table in the isolation matrix', async () => {
    const tables = await query<{ table: string }>(`
      select distinct c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid
       where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attname = 'tenant_id' and not a.attisdropped`);
    const covered = new Set(tableSpecs.map((s) => s.table));
    expect(tables.map((t) => t.table).filter((t) => !covered.has(t))).toEqual([]);
  });

  it('keeps livery_app unprivileged: no superuser, no BYPASSRLS, owns nothing, cannot create', async () => {
    const [role] = await query<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcanlogin: boolean;
      member_of: string[];
    }>(`
      select rolsuper, rolbypassrls, rolcanlogin,
             array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
                    where m.member = r.oid) as member_of
        from pg_roles r where rolname = 'livery_app'`);
    expect(role).toMatchObject({ rolsuper: false, rolbypassrls: false, rolcanlogin: false, member_of: [] });
    const [owned] = await query<{ count: number }>(`
      select ((select count(*) from pg_class where relowner = 'livery_app'::regrole)
            + (select count(*) from pg_proc where proowner = 'livery_app'::regrole)
            + (select count(*) from pg_namespace where nspowner = 'livery_app'::regrole)
            + (select count(*) from pg_type where typowner = 'livery_app'::regrole))::int as count`);
    expect(owned!.count).toBe(0);
    const [schema] = await query<{ can_create: boolean }>(
      `select has_schema_privilege('livery_app', 'public', 'CREATE') as can_create`,
    );
    expect(schema!.can_create).toBe(false);
  });

  it('has livery_owner own every table, sequence and function of the schema', async () => {
    const strays = await query<{ name: string; owner: string }>(`
      select c.relname as name, pg_get_userbyid(c.relowner) as owner from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'S', 'v', 'm') and pg_get_userbyid(c.relowner) <> 'livery_owner'
      union all
      select p.proname, pg_get_userbyid(p.proowner) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> 'livery_owner'`);
    expect(strays).toEqual([]);
  });

  it('pins search_path on every SECURITY DEFINER function and lets only the intended role execute each', async () => {
    const functions = await query<{
      name: string;
      pinned: boolean;
      public_exec: boolean;
      app_exec: boolean;
      auth_exec: boolean;
    }>(`
      select p.proname as name,
             coalesce(exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%'), false) as pinned,
             has_function_privilege('public', p.oid, 'EXECUTE') as public_exec,
             has_function_privilege('livery_app', p.oid, 'EXECUTE') as app_exec,
             has_function_privilege('livery_auth', p.oid, 'EXECUTE') as auth_exec
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prosecdef order by 1`);
    expect(functions.map((f) => f.name)).toEqual(
      expect.arrayContaining(['livery_chain_layers', 'livery_chain_versions', 'livery_resolve_host']),
    );
    expect(functions.filter((f) => !f.pinned)).toEqual([]);
    // One exception, on purpose: the edge's lookup is one statement without a role switch (the service's login is
    // NOINHERIT), so every role may run it; it returns only what the host serves publicly (migration 0013).
    expect(functions.filter((f) => f.public_exec).map((f) => f.name)).toEqual(['livery_edge_theme']);
    const publicOnes = new Set(['livery_edge_theme']);
    expect(
      functions
        .filter((f) => f.app_exec && !publicOnes.has(f.name))
        .map((f) => f.name)
        .sort(),
    ).toEqual([
      'livery_applied_migrations',
      'livery_chain_layers',
      'livery_chain_versions',
      'livery_claim_domain',
      'livery_resolve_host',
      'livery_verify_domain',
    ]);
    expect(
      functions
        .filter((f) => f.auth_exec && !publicOnes.has(f.name))
        .map((f) => f.name)
        .sort(),
    ).toEqual(['livery_collect_expired_domain_claims', 'livery_merge_user_data', 'livery_user_holds_tenant_data']);
  });

  it('keeps livery_auth unprivileged too: no superuser, no BYPASSRLS, no login, owns nothing, member of nothing', async () => {
    const [role] = await query<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcanlogin: boolean;
      rolinherit: boolean;
      member_of: string[];
    }>(`
      select rolsuper, rolbypassrls, rolcanlogin, rolinherit,
             array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
                    where m.member = r.oid) as member_of
        from pg_roles r where rolname = 'livery_auth'`);
    expect(role).toMatchObject({
      rolsuper: false,
      rolbypassrls: false,
      rolcanlogin: false,
      rolinherit: false,
      member_of: [],
    });
    const [owned] = await query<{ count: number }>(`
      select ((select count(*) from pg_class where relowner = 'livery_auth'::regrole)
            + (select count(*) from pg_proc where proowner = 'livery_auth'::regrole)
            + (select count(*) from pg_namespace where nspowner = 'livery_auth'::regrole)
            + (select count(*) from pg_type where typowner = 'livery_auth'::regrole))::int as count`);
    expect(owned!.count).toBe(0);
    const [schema] = await query<{ can_create: boolean }>(
      `select has_schema_privilege('livery_auth', 'public', 'CREATE') as can_create`,
    );
    expect(schema!.can_create).toBe(false);
  });

  it('gives livery_app no access to the shared identity tables', async () => {
    const grants = await query<{ table: string; privilege: string }>(`
      select t as table, p as privilege
        from unnest(array['users', 'sessions', 'accounts', 'oauth_states', 'livery_migrations']) t,
             unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
       where has_table_privilege('livery_app', t, p)`);
    expect(grants).toEqual([]);
  });
});

describeEachDatabase('drizzle schema', (name) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(name);
  });
  afterAll(() => db?.close());

  it('mirrors the migrated tables column for column', async () => {
    const { getTableConfig, PgTable } = await import('drizzle-orm/pg-core');
    const { schema } = await import('../../src/db/schema.ts');
    const columns = await db.asSystem((tx) =>
      rows<{ table: string; column: string; nullable: string }>(
        tx,
        sql`
      select table_name as table, column_name as column, is_nullable as nullable from information_schema.columns
       where table_schema = 'public' and table_name <> 'livery_migrations'`,
      ),
    );
    const inDatabase = columns.map((c) => `${c.table}.${c.column}${c.nullable === 'YES' ? '?' : ''}`).sort();
    const inDrizzle = Object.values(schema)
      .filter((t) => t instanceof PgTable)
      .flatMap((table) => {
        const config = getTableConfig(table);
        return config.columns.map((c) => `${config.name}.${c.name}${c.notNull ? '' : '?'}`);
      })
      .sort();
    expect({
      onlyInDrizzle: inDrizzle.filter((c) => !inDatabase.includes(c)),
      onlyInDatabase: inDatabase.filter((c) => !inDrizzle.includes(c)),
    }).toEqual({ onlyInDrizzle: [], onlyInDatabase: [] });
  });
});
