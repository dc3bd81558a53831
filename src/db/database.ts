// Opening a database in Node: PGlite (embedded, the default) or PostgreSQL (DATABASE_URL), migrated on open when
// asked. The Worker does not use this module (it wraps Hyperdrive's connection with ./postgres.ts).
import { migrate, type HostSettings } from './migrate.ts';
import type { Database } from './core.ts';
import { pgliteDatabase } from './pglite.ts';
import { connectPostgres } from './postgres.ts';

export * from './core.ts';
export { wrapPglite } from './pglite.ts';
export { connectPostgres, wrapPostgres } from './postgres.ts';

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL (≥ 15): uses postgres.js. Unset: embedded PGlite. */
  url?: string;
  /** PGlite data directory (default `.livery/pgdata`); `memory://` keeps it in memory. */
  dataDir?: string;
  /** PGlite: start from a `dumpDataDir()` tarball instead of running initdb (tests). */
  loadDataDir?: Blob;
  /** postgres.js pool size (default 10). */
  poolSize?: number;
  /** Apply migrations/ on open. Default: true for PGlite, false for a server (run `livery migrate`). */
  migrate?: boolean;
  /** With `migrate`: hosts configured explicitly, stored in livery_settings (see MigrateOptions.hosts). */
  hosts?: HostSettings;
}

export const defaultDataDir = '.livery/pgdata';

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const database = options.url
    ? connectPostgres(options.url, options.poolSize ?? 10)
    : await pgliteDatabase({
        dataDir: options.dataDir ?? defaultDataDir,
        ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      });
  if (options.migrate ?? database.kind === 'pglite') {
    try {
      await migrate(database, options.hosts ? { hosts: options.hosts } : {});
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
  }
  return database;
}
