// The data layer's entry point: one Database over either driver (embedded PGlite or postgres.js), and the one
// place where tenant context is established. Every tenant query runs inside `asTenant`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { schema, type Schema, type TenantStatus, type Tier } from './schema.ts';
import { DatabaseInUseError, DatabaseUnavailableError, isDatabaseUnavailable } from './errors.ts';
import { migrate } from './migrate.ts';

/** A drizzle transaction, the same type on both drivers. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DriverKind = 'pglite' | 'postgres';

export interface ResolvedHost {
  tenantId: string;
  tier: Tier;
  status: TenantStatus;
  /** Tenant ids from the platform down to this tenant (inclusive). */
  chain: string[];
}

/** Below drizzle: plain SQL in a transaction, for the migrations runner and tests. Multi-statement scripts allowed. */
export interface RawSession {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  script(text: string): Promise<void>;
}

export interface Database {
  readonly kind: DriverKind;
  /**
   * Runs `work` in one transaction as `livery_app` with `app.tenant_id` = tenantId, so Row-Level Security
   * limits every statement to that tenant and its descendants. `null` means no tenant context: every tenant
   * table then shows zero rows (only the SECURITY DEFINER functions answer). Throws DatabaseUnavailableError
   * when the database cannot be reached; rolls back when `work` throws.
   */
  asTenant<T>(tenantId: string | null, work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction as `livery_owner`, which sees every row. Only for operator work: migrations,
   * CLI commands, and the auth module's identity tables. Never for a request's tenant data.
   */
  asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Host → tenant through `livery_resolve_host`, before any tenant context exists; null for an unknown host. */
  resolveHost(host: string, platformHost: string, partnerRoot: string): Promise<ResolvedHost | null>;
  /** Plain SQL in a transaction as the login role (migrations, test harness). */
  rawTransaction<T>(work: (session: RawSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

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
}

export const defaultDataDir = '.livery/pgdata';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const database = options.url
    ? postgresDatabase(options.url, options.poolSize ?? 10)
    : await pgliteDatabase(options);
  if (options.migrate ?? database.kind === 'pglite') {
    try {
      await migrate(database);
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
  }
  return database;
}

async function pgliteDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir ?? defaultDataDir;
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dirname(resolve(dataDir)), { recursive: true });
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(inMemory && options.loadDataDir ? {} : { dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    release();
    throw error;
  }
  const database = wrapPglite(client);
  return { ...database, async close() { try { await database.close(); } finally { release(); } } };
}

// PGlite is one process's database: a second process opening the same directory would corrupt it. A pid file
// next to it turns that into a clear error (a lock left by a dead process is taken over).
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(lockFile, 'utf8').trim()) || undefined;
  } catch { /* no lock */ }
  if (holder !== undefined && isAlive(holder)) {
    throw new DatabaseInUseError(`The embedded database ${dataDir} is in use by process ${holder}` +
      `${holder === process.pid ? ' (this one)' : ''}: stop it first, or set DATABASE_URL.`);
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function postgresDatabase(url: string, poolSize: number): Database {
  return wrapPostgres(postgres(url, { max: poolSize, onnotice: () => {}, connect_timeout: 10 }));
}

/** A Database over an existing PGlite instance (closing the Database closes it). */
export function wrapPglite(client: PGlite): Database {
  const raw = async <T>(work: (session: RawSession) => Promise<T>): Promise<T> =>
    client.transaction((tx) => work({
      query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
      script: async (text: string) => { await tx.exec(text); },
    }));
  return createDatabase('pglite', drizzlePglite({ client, schema }) as unknown as TransactionalDrizzle, raw, () => client.close());
}

/** A Database over an existing postgres.js client (closing the Database ends it). */
export function wrapPostgres(client: postgres.Sql): Database {
  const raw = async <T>(work: (session: RawSession) => Promise<T>): Promise<T> =>
    client.begin((tx) => work({
      query: async <R>(text: string, params?: unknown[]) =>
        (await tx.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as R[],
      // No parameters → postgres.js uses the simple protocol, which accepts several statements.
      script: async (text: string) => { await tx.unsafe(text); },
    })) as Promise<T>;
  return createDatabase('postgres', drizzlePostgres({ client, schema }) as unknown as TransactionalDrizzle, raw, () => client.end({ timeout: 5 }));
}

// Both drivers' drizzle databases, seen through the transaction type they share.
interface TransactionalDrizzle {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

function createDatabase(
  kind: DriverKind,
  db: TransactionalDrizzle,
  raw: <T>(work: (session: RawSession) => Promise<T>) => Promise<T>,
  closeClient: () => Promise<void>,
): Database {
  let closed = false;

  // Role and context in one round trip. set_config('role', …, true) is exactly SET LOCAL ROLE (same GUC,
  // same membership check), and both settings end with the transaction, so a pooled connection never
  // carries one request's tenant into the next.
  const inContext = <T>(role: 'livery_app' | 'livery_owner', tenantId: string | null, work: (tx: Tx) => Promise<T>) =>
    guard(() => db.transaction(async (tx) => {
      await tx.execute(tenantId === null
        ? sql`select set_config('role', ${role}, true)`
        : sql`select set_config('role', ${role}, true), set_config('app.tenant_id', ${tenantId}, true)`);
      return work(tx);
    }));

  const database: Database = {
    kind,
    asTenant(tenantId, work) {
      if (tenantId !== null && !uuidPattern.test(tenantId)) {
        return Promise.reject(new TypeError(`asTenant needs a tenant uuid, got ${JSON.stringify(tenantId)}`));
      }
      return inContext('livery_app', tenantId, work);
    },
    asSystem(work) {
      return inContext('livery_owner', null, work);
    },
    async resolveHost(host, platformHost, partnerRoot) {
      const [row] = await database.asTenant(null, (tx) => rows<{
        tenant_id: string; tier: number; status: TenantStatus; chain: string[] | string;
      }>(tx, sql`select tenant_id, tier, status, chain from livery_resolve_host(${host}, ${platformHost}, ${partnerRoot})`));
      if (!row) return null;
      return { tenantId: row.tenant_id, tier: Number(row.tier) as Tier, status: row.status, chain: uuidArray(row.chain) };
    },
    rawTransaction(work) {
      return guard(() => raw(work));
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeClient();
    },
  };
  return database;
}

async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDatabaseUnavailable(error) && !(error instanceof DatabaseUnavailableError)) {
      throw new DatabaseUnavailableError(error);
    }
    throw error;
  }
}

/** Rows of a raw `tx.execute(sql…)`, whichever driver ran it (PGlite returns `{rows}`, postgres.js an array). */
export async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// uuid[] arrives parsed on PGlite; postgres.js may hand back the text form `{a,b}`.
function uuidArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}
