// The data layer's public surface: open a Database, run work as a tenant (or, rarely, as the system),
// and the typed helpers per aggregate.
export { openDatabase, rows, defaultDataDir, type Database, type OpenDatabaseOptions, type ResolvedHost, type Tx } from './database.ts';
export { ConflictError, DatabaseInUseError, DatabaseUnavailableError, isDatabaseUnavailable, sqlState } from './errors.ts';
export { migrate, type MigrationReport } from './migrate.ts';
export * as schema from './schema.ts';
export * as tenantQueries from './queries/tenants.ts';
export * as domainQueries from './queries/domains.ts';
export * as keyQueries from './queries/keys.ts';
export * as tokenQueries from './queries/tokens.ts';
