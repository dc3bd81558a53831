// The core of the data layer, shared by both drivers and both runtimes: the Database interface, and the one place
// where tenant context is established. Every tenant query runs inside `asTenant`. No driver, no Node API here:
// the Worker bundles this with ./postgres.ts only.
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { isUuid } from '../lib/uuid.ts';
import type { Schema, TenantStatus, Tier } from './schema.ts';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './errors.ts';
import {
  edgeLookupFromRow,
  edgeLookupStatement,
  type EdgeLookup,
  type EdgeLookupRequest,
  type EdgeRow,
} from './queries/edge.ts';

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
   * Runs `work` in one transaction as `livery_auth`: the identity tables (users, sessions, accounts, oauth_states)
   * and nothing else. The auth module's transactions; for tenant rows inside one, see `inTenantScope`.
   */
  asAuth<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction as `livery_owner`, which sees every row. Only for operator work on the owner
   * connection (migrations, CLI commands, the demo seed): the service's login cannot become livery_owner, so this
   * fails with insufficient_privilege there.
   */
  asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Host → tenant through `livery_resolve_host`, before any tenant context exists; null for an unknown host. The
   * platform host and partner root are the database's (livery_settings), not the caller's.
   */
  resolveHost(host: string): Promise<ResolvedHost | null>;
  /**
   * The edge's lookup for a host (src/db/queries/edge.ts): one statement outside an explicit transaction, so one
   * round trip and one transaction; null for an unknown host.
   */
  edgeLookup(host: string, request: EdgeLookupRequest): Promise<EdgeLookup | null>;
  /** Plain SQL in a transaction as the login role (migrations, test harness). */
  rawTransaction<T>(work: (session: RawSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type ContextRole = 'livery_app' | 'livery_auth' | 'livery_owner';

/**
 * The one statement that sets a transaction's role and tenant context, in one round trip. set_config('role', …, true)
 * is exactly SET LOCAL ROLE (same GUC, same membership check), and both settings end with the transaction, so a
 * pooled connection never carries one request's tenant into the next. `null` sets the role only (no tenant context).
 * Throws TypeError for a tenant id that is not a uuid, rather than running without context.
 */
export function contextStatement(role: ContextRole, tenantId: string | null): SQL {
  if (tenantId === null) return sql`select set_config('role', ${role}, true)`;
  if (!isUuid(tenantId)) throw new TypeError(`asTenant needs a tenant uuid, got ${JSON.stringify(tenantId)}`);
  return sql`select set_config('role', ${role}, true), set_config('app.tenant_id', ${tenantId}, true)`;
}

/** Back to livery_auth with the tenant context cleared ('' reads as none), later in the same transaction. */
export const leaveTenantStatement: SQL = sql`select set_config('role', 'livery_auth', true), set_config('app.tenant_id', '', true)`;

// Both drivers' drizzle databases, seen through the transaction type they share.
export interface TransactionalDrizzle {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** One statement in its own implicit transaction. */
  execute(query: SQL): Promise<unknown>;
}

export function createDatabase(
  kind: DriverKind,
  db: TransactionalDrizzle,
  raw: <T>(work: (session: RawSession) => Promise<T>) => Promise<T>,
  closeClient: () => Promise<void>,
): Database {
  let closed = false;

  // Role and context in one round trip (contextStatement).
  const inContext = <T>(context: SQL, work: (tx: Tx) => Promise<T>) =>
    guard(() =>
      db.transaction(async (tx) => {
        await tx.execute(context);
        return work(tx);
      }),
    );

  const database: Database = {
    kind,
    asTenant(tenantId, work) {
      let context: SQL;
      try {
        context = contextStatement('livery_app', tenantId); // checked before a connection is taken
      } catch (error) {
        return Promise.reject(error);
      }
      return inContext(context, work);
    },
    asAuth(work) {
      return inContext(contextStatement('livery_auth', null), work);
    },
    asSystem(work) {
      return inContext(contextStatement('livery_owner', null), work);
    },
    async resolveHost(host) {
      const [row] = await database.asTenant(null, (tx) =>
        rows<{
          tenant_id: string;
          tier: number;
          status: TenantStatus;
          chain: string[] | string;
        }>(tx, sql`select tenant_id, tier, status, chain from livery_resolve_host(${host})`),
      );
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        tier: Number(row.tier) as Tier,
        status: row.status,
        chain: textArray(row.chain),
      };
    },
    async edgeLookup(host, request) {
      const result = await guard(() => db.execute(edgeLookupStatement(host, request)));
      const [row] = (Array.isArray(result) ? result : (result as { rows: EdgeRow[] }).rows) as EdgeRow[];
      return row ? edgeLookupFromRow(row) : null;
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

/**
 * The database as the service may use it: tenant work, the auth module's identity work and host resolution. Operator
 * work (asSystem, rawTransaction) is refused here whatever the login, so code that serves requests cannot come to
 * depend on the owner on a database where the login happens to have it (PGlite's one superuser, an owner URL).
 */
export function serviceDatabase(db: Database): Database {
  const known = serviceViews.get(db);
  if (known) return known;
  const refuse = (what: string) =>
    Promise.reject(
      new Error(
        `${what} is operator work: the service's database handle has no owner rights (use the owner connection: LIVERY_MIGRATION_URL or livery --database-url)`,
      ),
    );
  const view: Database = {
    kind: db.kind,
    asTenant: (tenantId, work) => db.asTenant(tenantId, work),
    asAuth: (work) => db.asAuth(work),
    asSystem: () => refuse('asSystem'),
    resolveHost: (host) => db.resolveHost(host),
    edgeLookup: (host, request) => db.edgeLookup(host, request),
    rawTransaction: () => refuse('rawTransaction'),
    close: () => db.close(),
  };
  serviceViews.set(db, view);
  return view;
}

// One view per database, so what is kept per Database (the read breaker) stays shared by everything using it.
const serviceViews = new WeakMap<Database, Database>();

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

/** Whether the database answers a trivial query (the health check); never throws. */
export async function databaseAnswers(db: Pick<Database, 'asTenant'>): Promise<boolean> {
  try {
    await db.asTenant(null, (tx) => tx.execute(sql`select 1`));
    return true;
  } catch {
    return false;
  }
}

/** Rows of a raw `tx.execute(sql…)`, whichever driver ran it (PGlite returns `{rows}`, postgres.js an array). */
export async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A PostgreSQL array of uuids or plain words: parsed on PGlite, while postgres.js may hand back the text form `{a,b}`. */
export function textArray(value: string[] | string | null): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}
