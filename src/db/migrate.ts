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

export async function migrate(database: Database, directory = migrationsDirectory): Promise<MigrationReport> {
  const bootstrap = readFileSync(`${directory}/bootstrap.sql`, 'utf8');
  const report: MigrationReport = { applied: [], alreadyApplied: [] };

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
        'select checksum from livery_migrations where name = $1', [migration.name]);
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} changed after it was applied; add a new migration instead`);
        }
        report.alreadyApplied.push(migration.name);
        return;
      }
      await session.script(migration.sql);
      await session.query('insert into livery_migrations (name, checksum) values ($1, $2)',
        [migration.name, migration.checksum]);
      report.applied.push(migration.name);
    });
  }
  return report;
}
