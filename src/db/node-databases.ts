// Which connections the Node server opens (`npm start`, `livery dev`). The service always runs on DATABASE_URL (or the
// embedded database); migrations, the host settings and the first-start demo seed need the owner, which is
//   - the embedded database's one login (PGlite has a single superuser: nothing to separate);
//   - LIVERY_MIGRATION_URL when set (the migration login), opened for the start only;
//   - DATABASE_URL itself when that login can become livery_owner — accepted, with a warning that it is not least
//     privilege;
//   - nobody, when DATABASE_URL is a least-privilege login and no migration URL is given: the schema must then already
//     be migrated (checked), and the start says how to migrate.
import { migrate, readMigrations, type HostSettings } from './migrate.ts';
import { openDatabase } from './database.ts';
import { rows, type Database } from './core.ts';
import { sql } from 'drizzle-orm';
import { sqlState } from './errors.ts';
import { storedHosts } from './queries/settings.ts';

export interface NodeDatabases {
  /** What the service runs on. */
  service: Database;
  /** The owner connection for first-start work, or null; a different object from `service` must be closed after it. */
  owner: Database | null;
  /** Lines for the operator (stderr). */
  notices: string[];
}

export interface LoginRights {
  login: string;
  superuser: boolean;
  bypassRls: boolean;
  /** A member of livery_owner (can SET ROLE to it). */
  ownerMember: boolean;
  /** Able to act as the owner: a superuser, a member of livery_owner, or a role creator on a database without it. */
  canOwn: boolean;
}

/** What the login of `db` may do (read from the catalog as the login itself). */
export async function loginRights(db: Database): Promise<LoginRights> {
  const [row] = await db.rawTransaction((session) =>
    session.query<{
      login: string;
      superuser: boolean;
      bypass_rls: boolean;
      create_role: boolean;
      owner_exists: boolean;
      owner_member: boolean;
    }>(`select r.rolname as login, r.rolsuper as superuser, r.rolbypassrls as bypass_rls, r.rolcreaterole as create_role,
             exists (select 1 from pg_catalog.pg_roles o where o.rolname = 'livery_owner') as owner_exists,
             coalesce((select pg_catalog.pg_has_role(r.oid, o.oid, 'MEMBER') from pg_catalog.pg_roles o
                        where o.rolname = 'livery_owner'), false) as owner_member
        from pg_catalog.pg_roles r where r.rolname = session_user`),
  );
  const r = row!;
  return {
    login: r.login,
    superuser: r.superuser,
    bypassRls: r.bypass_rls,
    ownerMember: r.owner_member,
    canOwn: r.superuser || r.owner_member || (!r.owner_exists && r.create_role),
  };
}

/** Migrations this code has that the database lacks (read through livery_applied_migrations(), as livery_app). */
export async function missingMigrations(service: Database): Promise<string[]> {
  let applied: Set<string>;
  try {
    applied = new Set(
      (
        await service.asTenant(null, (tx) =>
          rows<{ name: string }>(tx, sql`select name from livery_applied_migrations() as name`),
        )
      ).map((r) => r.name),
    );
  } catch (error) {
    if (sqlState(error) === '42883' || sqlState(error) === '42P01') return readMigrations().map((m) => m.name);
    throw error;
  }
  return readMigrations()
    .map((m) => m.name)
    .filter((name) => !applied.has(name));
}

export async function openNodeDatabases(options: {
  databaseUrl?: string;
  migrationUrl?: string;
  hosts?: HostSettings;
}): Promise<NodeDatabases> {
  const { databaseUrl, hosts } = options;
  if (!databaseUrl) {
    const db = await openDatabase(hosts ? { hosts } : {}); // PGlite migrates on open
    return { service: db, owner: db, notices: [] };
  }
  const migrationUrl = options.migrationUrl && options.migrationUrl !== databaseUrl ? options.migrationUrl : undefined;
  if (migrationUrl) {
    const owner = await openDatabase({ url: migrationUrl, poolSize: 2, migrate: true, ...(hosts ? { hosts } : {}) });
    try {
      return { service: await openDatabase({ url: databaseUrl }), owner, notices: [] };
    } catch (error) {
      await owner.close().catch(() => {});
      throw error;
    }
  }
  const service = await openDatabase({ url: databaseUrl });
  try {
    const rights = await loginRights(service);
    if (rights.canOwn) {
      await migrate(service, hosts ? { hosts } : {});
      return {
        service,
        owner: service,
        notices: [
          `livery: DATABASE_URL logs in as ${rights.login}, which ${rights.superuser ? 'is a superuser' : 'can become livery_owner'}: ` +
            'an application bug that runs SQL could leave Row-Level Security (RESET ROLE). Give the service a least-privilege ' +
            'login (README "Security model") as DATABASE_URL and pass this URL as LIVERY_MIGRATION_URL.',
        ],
      };
    }
    const missing = await missingMigrations(service);
    if (missing.length > 0) {
      throw new Error(
        `The database lacks migrations ${missing.join(', ')}, and DATABASE_URL (${rights.login}) is a least-privilege ` +
          'login, which cannot apply them: run `livery migrate --database-url <owner URL>` once, or set LIVERY_MIGRATION_URL ' +
          "to the owner's URL so that the server migrates (and seeds the demo) at start.",
      );
    }
    return {
      service,
      owner: null,
      notices: [
        `livery: DATABASE_URL is a least-privilege login (${rights.login}) and LIVERY_MIGRATION_URL is not set: the schema is ` +
          'up to date; migrations, host settings and the demo seed were left alone (`livery migrate` / `livery seed-demo` ' +
          'with --database-url <owner URL> do them).',
      ],
    };
  } catch (error) {
    await service.close().catch(() => {});
    throw error;
  }
}

/**
 * The hosts this process is configured with must be the ones the database resolves (livery_settings): the process
 * uses them to refuse platform names as custom domains and to name the demo hosts. Throws naming both when they differ.
 */
export async function checkHostSettings(service: Database, configured: HostSettings): Promise<void> {
  const stored = await service.asTenant(null, (tx) => storedHosts(tx));
  if (stored && stored.platformHost === configured.platformHost && stored.partnerRoot === configured.partnerRoot)
    return;
  const held = stored
    ? `platform host ${stored.platformHost} and partner root ${stored.partnerRoot}`
    : 'no platform host or partner root';
  throw new Error(
    `The database holds ${held}, but this process is configured with LIVERY_PLATFORM_HOST=${configured.platformHost} ` +
      `and LIVERY_PARTNER_ROOT=${configured.partnerRoot}: set them to match, or store these with \`livery migrate\` ` +
      '(as the owner, with the variables set).',
  );
}
