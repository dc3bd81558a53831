// Issue 10, least privilege. The service used to log in as a role that could RESET ROLE / SET ROLE livery_owner (or
// was a superuser), so SQL run by an application bug could leave Row-Level Security; the auth module reached the
// identity tables as the owner. Now the service's login is a member of livery_app and livery_auth only, livery_auth
// reaches exactly the identity tables, and what it does to a user's tenant rows goes through two narrow functions.
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { inTenantScope } from '../../src/db/tenant-scope.ts';
import { rows, serviceDatabase, type Database } from '../../src/db/database.ts';
import { startNodeServer } from '../../src/node-server.ts';
import { databaseUrl, withAdmin } from '../support/database-setup.ts';
import {
  createTestDatabase,
  describeEachDatabase,
  describeOnDatabase,
  type TestDatabase,
} from '../support/databases.ts';
import { outcome } from '../support/sql-outcome.ts';
import { httpRequest } from '../support/http.ts';
import { serviceUrl } from '../support/pg-cluster.ts';
import { TEST_ENV } from '../support/server.ts';
import { tableSpecs } from './isolation.ts';
import { insertTenant } from '../support/tenants.ts';

const tenantTables = tableSpecs.map((s) => s.table);
const identityTables = ['users', 'sessions', 'accounts', 'oauth_states'];

describeEachDatabase('least privilege: roles', (name) => {
  let db: TestDatabase;
  const id = { platform: '', partner: '', customer: '', target: '', visitor: '', stranger: '' };
  beforeAll(async () => {
    db = await createTestDatabase(name);
    await db.asSystem(async (tx) => {
      const insert = (tier: number, parent: string | null, slug: string) => insertTenant(tx, tier, parent, slug);
      id.platform = await insert(0, null, 'p');
      id.partner = await insert(1, id.platform, 'a');
      id.customer = await insert(2, id.partner, 'c');
      const user = async () =>
        (await rows<{ id: string }>(tx, sql`insert into users (level) values ('anonymous') returning id`))[0]!.id;
      id.target = await user();
      id.visitor = await user();
      id.stranger = await user();
      const draft = (user: string, name: string, content: unknown) =>
        tx.execute(sql`insert into drafts (tenant_id, user_id, name, content)
        values (${id.customer}, ${user}, ${name}, ${JSON.stringify(content)}::jsonb)`);
      const long = 'x'.repeat(100);
      await draft(id.target, 'Brand', { v: 'account' });
      await draft(id.target, 'Brand (2)', { v: 'account 2' });
      await draft(id.target, 'Same', { v: 'same' });
      await draft(id.target, long, { v: 'account long' });
      await draft(id.visitor, 'Brand', { v: 'visitor' });
      await draft(id.visitor, 'Same', { v: 'same' });
      await draft(id.visitor, 'Mine', { v: 'mine' });
      await draft(id.visitor, long, { v: 'visitor long' });
      await tx.execute(
        sql`insert into inquiries (tenant_id, user_id, email) values (${id.customer}, ${id.visitor}, 'v@example.test')`,
      );
      await tx.execute(
        sql`insert into memberships (tenant_id, user_id, role) values (${id.customer}, ${id.visitor}, 'viewer')`,
      );
    });
  });
  afterAll(() => db?.close());

  it('gives livery_auth exactly its grants on the identity tables and nothing on any other table', async () => {
    const grants = await db.asSystem((tx) =>
      rows<{ grant: string }>(
        tx,
        sql`
      select c.relname || ': ' || p.privilege as grant
        from pg_class c join pg_namespace n on n.oid = c.relnamespace,
             unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(privilege)
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
         and has_table_privilege('livery_auth', c.oid, p.privilege)
      union all
      select c.relname || ': ' || p.privilege || '(' || a.attname || ')'
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped,
             unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p(privilege)
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and has_column_privilege('livery_auth', c.oid, a.attnum, p.privilege)
         and not has_table_privilege('livery_auth', c.oid, p.privilege)`,
      ),
    );
    expect(grants.map((g) => g.grant).sort()).toEqual([
      'accounts: INSERT',
      'accounts: SELECT',
      'accounts: UPDATE(email)',
      'accounts: UPDATE(email_verified)',
      'accounts: UPDATE(user_id)',
      'oauth_states: DELETE',
      'oauth_states: INSERT',
      'oauth_states: SELECT',
      'oauth_states: UPDATE(consumed_at)',
      'sessions: DELETE',
      'sessions: INSERT',
      'sessions: SELECT',
      'sessions: UPDATE(revoked_at)',
      'users: DELETE',
      'users: INSERT',
      'users: SELECT',
      'users: UPDATE(email)',
      'users: UPDATE(level)',
      'users: UPDATE(merged_into)',
      'users: UPDATE(name)',
      'users: UPDATE(updated_at)',
    ]);
  });

  it('runs auth work as livery_auth, which reads the identity tables and no tenant table', async () => {
    const [who] = await db.asAuth((tx) =>
      rows<{ who: string; ctx: string | null }>(
        tx,
        sql`select current_user as who, current_setting('app.tenant_id', true) as ctx`,
      ),
    );
    expect(who!.who).toBe('livery_auth');
    expect(who!.ctx ?? '').toBe('');
    for (const table of identityTables) {
      expect(
        await outcome(() => db.asAuth((tx) => tx.execute(sql`select count(*) from ${sql.identifier(table)}`))),
        table,
      ).toBe('ok');
    }
    for (const table of [...tenantTables, 'livery_migrations', 'livery_settings']) {
      expect(
        await outcome(() => db.asAuth((tx) => tx.execute(sql`select 1 from ${sql.identifier(table)} limit 1`))),
        table,
      ).toBe('42501');
    }
  });

  it("switches to livery_app with the tenant's context and back inside one auth transaction", async () => {
    const states = await db.asAuth(async (tx) => {
      const read = async () =>
        (
          await rows<{ who: string; ctx: string | null }>(
            tx,
            sql`select current_user as who, coalesce(current_setting('app.tenant_id', true), '') as ctx`,
          )
        )[0]!;
      const scoped = await inTenantScope(tx, id.customer, async (inner) => ({
        ...(await read()),
        drafts: (await rows(inner, sql`select 1 from drafts`)).length,
      }));
      return { scoped, after: await read() };
    });
    expect(states.scoped).toEqual({ who: 'livery_app', ctx: id.customer, drafts: 8 });
    expect(states.after).toEqual({ who: 'livery_auth', ctx: '' });
  });

  it("keeps operator work away from the service's handle, whatever the login", async () => {
    const service = serviceDatabase(db);
    await expect(service.asSystem(async () => 1)).rejects.toThrow(/operator work/);
    await expect(service.rawTransaction(async () => 1)).rejects.toThrow(/operator work/);
    expect(await service.asTenant(id.partner, async (tx) => (await rows(tx, sql`select id from tenants`)).length)).toBe(
      2,
    );
  });

  describe("what livery_auth may do to a user's tenant rows", () => {
    const merge = (from: string, to: string) =>
      db.asAuth(
        async (tx) =>
          (
            await rows<{ summary: unknown }>(
              tx,
              sql`select livery_merge_user_data(${from}::uuid, ${to}::uuid) as summary`,
            )
          )[0]!.summary,
      );
    const holds = (user: string) =>
      db.asAuth(
        async (tx) =>
          (await rows<{ holds: boolean }>(tx, sql`select livery_user_holds_tenant_data(${user}::uuid) as holds`))[0]!
            .holds,
      );

    it('tells whether a user holds tenant rows, and nothing else about them', async () => {
      expect(await holds(id.visitor)).toBe(true);
      expect(await holds(id.stranger)).toBe(false);
    });

    it('moves nothing for a user not recorded as merged into the target', async () => {
      expect(await outcome(() => merge(id.visitor, id.target))).toBe('42501');
      expect(await outcome(() => merge(id.stranger, id.target))).toBe('42501');
      expect(await outcome(() => merge(id.target, id.target))).toBe('42501');
    });

    it("moves a merged visitor's rows: new names for clashes (first free suffix, within 100 characters), one copy of duplicates", async () => {
      const long = 'x'.repeat(100);
      const summary = await db.asAuth(async (tx) => {
        await tx.execute(sql`update users set merged_into = ${id.target} where id = ${id.visitor}`);
        return (
          await rows<{ summary: unknown }>(
            tx,
            sql`select livery_merge_user_data(${id.visitor}::uuid, ${id.target}::uuid) as summary`,
          )
        )[0]!.summary;
      });
      const parsed = typeof summary === 'string' ? JSON.parse(summary) : summary;
      expect(parsed).toMatchObject({ draftsMoved: 1, duplicateDrafts: 1, inquiriesMoved: 1 });
      expect(parsed.draftsRenamed).toEqual(
        expect.arrayContaining([
          { tenantId: id.customer, from: 'Brand', to: 'Brand (3)' },
          { tenantId: id.customer, from: long, to: `${'x'.repeat(96)} (2)` },
        ]),
      );
      const drafts = await db.asSystem((tx) =>
        rows<{ user_id: string; name: string }>(tx, sql`select user_id, name from drafts order by name`),
      );
      expect(drafts.filter((d) => d.user_id === id.visitor)).toEqual([]);
      expect(drafts.map((d) => d.name).sort()).toEqual(
        ['Brand', 'Brand (2)', 'Brand (3)', 'Mine', 'Same', long, `${'x'.repeat(96)} (2)`].sort(),
      );
      const moved = await db.asSystem((tx) =>
        rows<{ table: string; user_id: string }>(
          tx,
          sql`
        select 'inquiries' as table, user_id from inquiries union all select 'memberships', user_id from memberships`,
        ),
      );
      expect(moved).toEqual(
        expect.arrayContaining([
          { table: 'inquiries', user_id: id.target },
          { table: 'memberships', user_id: id.target },
        ]),
      );
      expect(await holds(id.visitor)).toBe(false);
      // The account itself was not merged anywhere: nothing moves away from it.
      expect(await outcome(() => merge(id.target, id.visitor))).toBe('42501');
    });
  });
});

describeOnDatabase('postgres', 'least privilege: the service login', () => {
  let db: TestDatabase;
  let login: postgres.Sql;
  let owner: postgres.Sql;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    tenantId = await db.asSystem(async (tx) => {
      const [platform] = await rows<{ id: string }>(
        tx,
        sql`insert into tenants (tier, slug, name) values (0, 'p', 'P') returning id`,
      );
      await tx.execute(
        sql`insert into audit_log (tenant_id, actor, action) values (${platform!.id}, 'fixture', 'seed')`,
      );
      await tx.execute(sql`insert into domain_mappings (domain, tenant_id, verification_token, verified_at)
        values ('p.example.com', ${platform!.id}, 't', now())`);
      await tx.execute(sql`insert into users (level) values ('full')`);
      return platform!.id;
    });
    login = postgres(db.serviceUrl!, { max: 1, onnotice: () => {} });
    owner = postgres(db.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await login?.end();
    await owner?.end();
    await db?.close();
  });

  const attempt = (client: postgres.Sql, statement: string) => outcome(() => client.unsafe(statement));

  it('is what the service runs on: tenant and auth work arrive as livery_service', async () => {
    const [tenant] = await db.asTenant(null, (tx) => rows<{ login: string }>(tx, sql`select session_user as login`));
    const [auth] = await db.asAuth((tx) => rows<{ login: string }>(tx, sql`select session_user as login`));
    expect([tenant!.login, auth!.login]).toEqual(['livery_service', 'livery_service']);
  });

  it('is no superuser, cannot bypass RLS, owns nothing, and belongs to livery_app and livery_auth only', async () => {
    const [me] = await login`
      select r.rolsuper as superuser, r.rolbypassrls as bypass, r.rolcreaterole as create_role, r.rolcreatedb as create_db,
             array(select g.rolname::text from pg_roles g where pg_has_role(r.oid, g.oid, 'MEMBER') and g.oid <> r.oid
                    order by 1) as member_of,
             (select count(*)::int from pg_class where relowner = r.oid) + (select count(*)::int from pg_proc where proowner = r.oid)
               + (select count(*)::int from pg_namespace where nspowner = r.oid) as owned
        from pg_roles r where r.rolname = session_user`;
    expect(me).toEqual({
      superuser: false,
      bypass: false,
      create_role: false,
      create_db: false,
      member_of: ['livery_app', 'livery_auth'],
      owned: 0,
    });
  });

  it('cannot become the owner or a superuser: SET ROLE, set_config and SET SESSION AUTHORIZATION are refused', async () => {
    for (const statement of [
      'SET ROLE livery_owner',
      'SET ROLE postgres',
      'SET LOCAL ROLE livery_owner',
      "SELECT set_config('role', 'livery_owner', false)",
      'SET SESSION AUTHORIZATION postgres',
      'SET SESSION AUTHORIZATION livery_owner',
      'GRANT livery_owner TO livery_service',
      'ALTER ROLE livery_service BYPASSRLS',
      'ALTER ROLE livery_app BYPASSRLS',
      'CREATE TABLE escape (x int)',
      'ALTER TABLE tenants DISABLE ROW LEVEL SECURITY',
      'ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY',
    ]) {
      expect(await attempt(login, statement), statement).toBe('42501');
    }
    const [after] = await login`select current_user as who, session_user as login`;
    expect(after).toEqual({ who: 'livery_service', login: 'livery_service' });
  });

  it('gains nothing by RESET ROLE: as itself it reads no table, tenant or identity', async () => {
    expect(await attempt(login, 'SET ROLE livery_app')).toBe('ok');
    expect(await attempt(login, 'RESET ROLE')).toBe('ok');
    expect(await attempt(login, 'RESET SESSION AUTHORIZATION')).toBe('ok');
    const [me] = await login`select current_user as who`;
    expect(me!.who).toBe('livery_service');
    for (const table of [...tenantTables, ...identityTables, 'livery_migrations']) {
      expect(await attempt(login, `SELECT 1 FROM ${table} LIMIT 1`), table).toBe('42501');
    }
  });

  it('sees zero rows of every tenant table as livery_app without a context, and no way around it', async () => {
    await login.begin(async (tx) => {
      await tx.unsafe('SET LOCAL ROLE livery_app');
      for (const table of tenantTables) {
        const [{ count }] = (await tx.unsafe(`SELECT count(*)::int AS count FROM ${table}`)) as unknown as [
          { count: number },
        ];
        expect(count, table).toBe(0);
      }
    });
    // The same tables hold rows: the owner sees them.
    const [held] =
      await owner`select (select count(*) from tenants) + (select count(*) from audit_log) + (select count(*) from domain_mappings) as count`;
    expect(Number(held!.count)).toBe(3);
    // Turning row security off does not show them either: a role without BYPASSRLS then gets an error instead.
    expect(
      await outcome(() =>
        login.begin(async (tx) => {
          await tx.unsafe('SET LOCAL ROLE livery_app');
          await tx.unsafe('SET LOCAL row_security = off');
          await tx.unsafe('SELECT 1 FROM tenants');
        }),
      ),
    ).toBe('42501');
    // Identity tables are not livery_app's at all.
    for (const table of identityTables) {
      expect(
        await outcome(() =>
          login.begin(async (tx) => {
            await tx.unsafe('SET LOCAL ROLE livery_app');
            await tx.unsafe(`SELECT 1 FROM ${table}`);
          }),
        ),
        table,
      ).toBe('42501');
    }
  });

  it("sees a tenant's rows only inside that tenant's context", async () => {
    const seen = (await login.begin(async (tx) => {
      await tx.unsafe(
        `SELECT set_config('role', 'livery_app', true), set_config('app.tenant_id', '${tenantId}', true)`,
      );
      return tx.unsafe('SELECT count(*)::int AS count FROM audit_log');
    })) as unknown as [{ count: number }];
    expect(seen[0].count).toBe(1);
  });

  it('was the gap: a login that can become the owner leaves RLS with one RESET ROLE', async () => {
    // What the service used to run as (the superuser here; Neon's owner is the same through its livery_owner
    // membership): inside a "tenant" transaction, RESET ROLE and every row is there.
    const leaked = (await owner.begin(async (tx) => {
      await tx.unsafe("SELECT set_config('role', 'livery_app', true)");
      await tx.unsafe('RESET ROLE');
      return tx.unsafe('SELECT count(*)::int AS count FROM tenants');
    })) as unknown as [{ count: number }];
    expect(leaked[0].count).toBe(1);
  });
});

describeOnDatabase('postgres', 'npm start with a least-privilege DATABASE_URL', () => {
  const adminUrl = () => inject('liveryDatabases').postgresAdminUrl!;
  const created: string[] = [];
  const fresh = async (label: string) => {
    const name = `livery_start_${label}_${Math.random().toString(16).slice(2, 10)}`;
    await withAdmin(adminUrl(), (admin) => admin.unsafe(`create database ${name}`));
    created.push(name);
    return { owner: databaseUrl(adminUrl(), name), service: serviceUrl(databaseUrl(adminUrl(), name)) };
  };
  afterAll(async () => {
    await withAdmin(adminUrl(), async (admin) => {
      for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
    });
  });
  const start = (env: Record<string, string>) =>
    startNodeServer({ env: { ...TEST_ENV, ...env }, port: 0, log: () => {} });

  it('migrates and seeds through LIVERY_MIGRATION_URL, then serves on the least-privilege login', async () => {
    const urls = await fresh('split');
    const running = await start({ DATABASE_URL: urls.service, LIVERY_MIGRATION_URL: urls.owner });
    try {
      expect(running.seeded?.tenants.length).toBeGreaterThan(0);
      const [who] = await running.services.db.asTenant(null, (tx) =>
        rows<{ login: string }>(tx, sql`select session_user as login`),
      );
      expect(who!.login).toBe('livery_service');
      const theme = await httpRequest(running.url, { host: 'shop.acme.livery.localhost', path: '/theme.css' });
      expect(theme.status).toBe(200);
    } finally {
      await running.close();
    }
    // Later starts without the owner's URL: the schema is current, so the service starts on its login alone.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const again = await start({ DATABASE_URL: urls.service });
    try {
      expect(again.seeded).toBeNull();
      expect(warn.mock.calls.flat().join('\n')).toMatch(
        /least-privilege login \(livery_service\) and LIVERY_MIGRATION_URL is not set/,
      );
      const theme = await httpRequest(again.url, { host: 'shop.acme.livery.localhost', path: '/theme.css' });
      expect(theme.status).toBe(200);
    } finally {
      warn.mockRestore();
      await again.close();
    }
  });

  it('refuses to start on an unmigrated database it cannot migrate, and says what to do', async () => {
    const urls = await fresh('bare');
    // The roles exist (the cluster's other databases were migrated); this database has no schema.
    await expect(start({ DATABASE_URL: urls.service })).rejects.toThrow(
      /livery migrate --database-url <owner URL>.*LIVERY_MIGRATION_URL/s,
    );
  });

  it('still starts on an owner login, warning that it is not least privilege', async () => {
    const urls = await fresh('owner');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const running = await start({ DATABASE_URL: urls.owner });
    try {
      expect(warn.mock.calls.flat().join('\n')).toMatch(/is a superuser.*LIVERY_MIGRATION_URL/s);
      expect(running.seeded).not.toBeNull();
    } finally {
      warn.mockRestore();
      await running.close();
    }
  });
});

describeOnDatabase('pglite', 'least privilege on the embedded database', () => {
  it('has one superuser login, so the service handle is what keeps request code off the owner', async () => {
    const db: Database = await createTestDatabase('pglite');
    try {
      const [me] = await db.asTenant(null, (tx) =>
        rows<{ login: string; superuser: boolean }>(
          tx,
          sql`select session_user as login, (select rolsuper from pg_roles where rolname = session_user) as superuser`,
        ),
      );
      expect(me).toEqual({ login: 'postgres', superuser: true });
      await expect(serviceDatabase(db).asSystem(async () => 1)).rejects.toThrow(/operator work/);
    } finally {
      await db.close();
    }
  });
});
