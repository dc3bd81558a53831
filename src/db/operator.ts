// What the operator commands (migrate, tenant, domain, key, seed-demo, gc) share about the database: which one they
// act on, and an operator-facing description of a failure. Their flags and output live in src/cli/operator.ts.
// Commands are entry points, so they pass the environment in.
import { openDatabase, type Database } from './database.ts';
import { ConflictError, DatabaseInUseError, DatabaseUnavailableError, sqlState } from './errors.ts';

export interface OperatorTarget {
  /**
   * The owner connection: --database-url, else LIVERY_MIGRATION_URL, else DATABASE_URL, else the embedded database
   * in .livery/pgdata. (DATABASE_URL is the service's least-privilege login where LIVERY_MIGRATION_URL is set.)
   */
  url?: string;
}

export function operatorTarget(flag: string | undefined, env: Record<string, string | undefined>): OperatorTarget {
  const url = flag || env.LIVERY_MIGRATION_URL || env.DATABASE_URL || undefined;
  return url ? { url } : {};
}

/** Opens the target (PGlite migrates itself on open), runs `work`, always closes. */
export async function withOperatorDatabase<T>(target: OperatorTarget, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: target.url, poolSize: 2 });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** An operator-facing code and sentence for a failure, or null when it is a bug worth a stack trace. */
export function describeFailure(error: unknown): { code: string; message: string } | null {
  if (error instanceof ConflictError) return { code: error.code, message: error.message };
  if (error instanceof DatabaseInUseError) return { code: 'database_in_use', message: error.message };
  if (error instanceof DatabaseUnavailableError) {
    return {
      code: 'database_unavailable',
      message: `The database is unavailable: ${String((error.cause as Error)?.message ?? error.cause)}`,
    };
  }
  const state = sqlState(error);
  const message =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  if (state === '42P01' || state === '42883') {
    return { code: 'not_migrated', message: `The database is not migrated (run \`livery migrate\`): ${message}` };
  }
  if (state?.startsWith('23')) return { code: 'constraint_violation', message };
  if (state === '42501') {
    return {
      code: 'insufficient_privilege',
      message:
        `${message} — this command needs the owner connection: --database-url or LIVERY_MIGRATION_URL with the ` +
        "migration login, not the service's least-privilege DATABASE_URL",
    };
  }
  return null;
}
