// Applies migrations/NNNN_name.sql in order, each in its own transaction, recorded in livery_migrations.
// Idempotent, and safe when several processes start at once: every step holds a transaction-scoped advisory
// lock and re-reads what is applied after acquiring it. The Worker never migrates (this reads files).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './core.ts';

export const migrationsDirectory = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any fixed 64-bit number works; it only has to be the same for every Livery process.
const migrationLock = 4_242_017_305;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
  /** The platform host and partner root the database answers for after this run (livery_settings). */
  hosts: HostSettings & { written: boolean };
}

/** The platform host and the partner root (LIVERY_PLATFORM_HOST / LIVERY_PARTNER_ROOT), normalised by the caller. */
export interface HostSettings {
  platformHost: string;
  partnerRoot: string;
}

export const defaultHosts: HostSettings = { platformHost: 'livery.localhost', partnerRoot: 'livery.localhost' };

export interface MigrateOptions {
  directory?: string;
  /**
   * Hosts the operator configured explicitly: stored even over different ones. Without them, a database that has
   * none gets the defaults and one that has some keeps them (a rerun of `livery migrate` without the variables must
   * not move a deployment's hosts back to livery.localhost).
   */
  hosts?: HostSettings;
}

export function readMigrations(directory = migrationsDirectory): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${directory}/${file}`, 'utf8');
      return { name: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrate(database: Database, options: MigrateOptions = {}): Promise<MigrationReport> {
  const directory = options.directory ?? migrationsDirectory;
  const bootstrap = readFileSync(`${directory}/bootstrap.sql`, 'utf8');
  const report: Omit<MigrationReport, 'hosts'> = { applied: [], alreadyApplied: [] };

  // Roles and schema rights, as the login role (it must be able to create roles and grant on schema public).
  await database.rawTransaction(async (session) => {
    await session.query('select pg_advisory_xact_lock($1)', [migrationLock]);
    await session.script(bootstrap);
  });

  for (const migration of readMigrations(directory)) {
    await database.rawTransaction(async (session) => {
      await session.query('select pg_advisory_xact_lock($1)', [migrationLock]);
      // Everything a migration creates is owned by livery_owner, whatever the login role.
      await session.script('SET LOCAL ROLE livery_owner');
      const [done] = await session.query<{ checksum: string }>(
        'select checksum from livery_migrations where name = $1',
        [migration.name],
      );
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} changed after it was applied; add a new migration instead`);
        }
        report.alreadyApplied.push(migration.name);
        return;
      }
      await session.script(migration.sql);
      await session.query('insert into livery_migrations (name, checksum) values ($1, $2)', [
        migration.name,
        migration.checksum,
      ]);
      report.applied.push(migration.name);
    });
  }
  return { ...report, hosts: await storeHostSettings(database, options.hosts) };
}

/**
 * Writes livery_settings as the owner: `explicit` hosts always; otherwise the defaults, only where nothing is stored.
 * Returns what the database holds afterwards.
 */
export async function storeHostSettings(
  database: Database,
  explicit?: HostSettings,
): Promise<MigrationReport['hosts']> {
  return database.rawTransaction(async (session) => {
    await session.script('SET LOCAL ROLE livery_owner');
    const wanted = explicit ?? defaultHosts;
    const written = await session.query(
      `insert into livery_settings (platform_host, partner_root) values ($1, $2)
       on conflict (singleton) do update set platform_host = excluded.platform_host, partner_root = excluded.partner_root,
                                             updated_at = now()
        where $3 and (livery_settings.platform_host, livery_settings.partner_root) is distinct from ($1, $2)
       returning 1`,
      [wanted.platformHost, wanted.partnerRoot, explicit !== undefined],
    );
    const [stored] = await session.query<{ platform_host: string; partner_root: string }>(
      'select platform_host, partner_root from livery_settings',
    );
    return { platformHost: stored!.platform_host, partnerRoot: stored!.partner_root, written: written.length > 0 };
  });
}
