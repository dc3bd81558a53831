// The expensive, once-per-run parts of the test databases (used by the vitest globalSetup).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, wrapPglite } from '../../src/db/database.ts';
import { migrate, migrationsDirectory, readMigrations } from '../../src/db/migrate.ts';
import { ensureServiceLogin } from './pg-cluster.ts';

export type TestDatabaseName = 'pglite' | 'postgres';

export const templateName = 'livery_template';

export function selectedDatabases(): TestDatabaseName[] {
  const value = (process.env.LIVERY_TEST_DATABASES ?? 'both').trim().toLowerCase();
  if (value === 'pglite' || value === 'postgres') return [value];
  if (value === 'both' || value === '') return ['pglite', 'postgres'];
  throw new Error(`LIVERY_TEST_DATABASES must be pglite, postgres or both (got "${value}")`);
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates `livery_template` on the server and migrates it as the superuser (replacing any earlier one), then makes
 * sure the service's least-privilege login exists (pg-cluster.ts): returns that login's URL (of the admin database).
 */
export async function buildPostgresTemplate(adminUrl: string): Promise<string> {
  await withAdmin(adminUrl, async (admin) => {
    await admin.unsafe(`drop database if exists ${templateName} with (force)`);
    await admin.unsafe(`create database ${templateName}`);
  });
  const template = await openDatabase({ url: databaseUrl(adminUrl, templateName), poolSize: 1, migrate: true });
  await template.close();
  return ensureServiceLogin(adminUrl);
}

export async function dropPostgresTemplate(adminUrl: string): Promise<void> {
  await withAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists ${templateName} with (force)`));
}

const cacheDirectory = fileURLToPath(new URL('../../node_modules/.cache/livery/', import.meta.url));

/**
 * Path of a tarball of a freshly initialised and migrated PGlite data dir. Built once (initdb takes seconds)
 * and reused by later runs until a migration or the PGlite version changes.
 */
export async function pgliteDumpFile(): Promise<string> {
  const pgliteVersion = JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)),
      'utf8',
    ),
  ).version as string;
  const fingerprint = createHash('sha256')
    .update(pgliteVersion)
    .update(readFileSync(join(migrationsDirectory, 'bootstrap.sql')))
    .update(
      readMigrations()
        .map((m) => `${m.name}:${m.checksum}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  const file = join(cacheDirectory, `pglite-${fingerprint}.tar`);
  if (existsSync(file)) return file;

  const started = Date.now();
  const client = await PGlite.create();
  const database = wrapPglite(client);
  await migrate(database);
  const dump = await client.dumpDataDir('none');
  await database.close();
  mkdirSync(cacheDirectory, { recursive: true });
  // Write then rename, so a concurrent run never reads a half-written file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  process.stderr.write(`[livery tests] PGlite template built in ${Date.now() - started} ms (${file})\n`);
  return file;
}

/** Run `work` with a one-connection admin client on the server at `adminUrl`. */
export async function withAdmin<T>(adminUrl: string, work: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
