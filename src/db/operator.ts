// What the operator CLI commands (migrate, tenant, domain, key, seed-demo) share: which database they act on,
// and how they report. Commands are entry points, so they pass the environment in.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
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
    return { code: 'database_unavailable', message: `The database is unavailable: ${String((error.cause as Error)?.message ?? error.cause)}` };
  }
  const state = sqlState(error);
  const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  if (state === '42P01' || state === '42883') {
    return { code: 'not_migrated', message: `The database is not migrated (run \`livery migrate\`): ${message}` };
  }
  if (state?.startsWith('23')) return { code: 'constraint_violation', message };
  if (state === '42501') {
    return {
      code: 'insufficient_privilege',
      message: `${message} — this command needs the owner connection: --database-url or LIVERY_MIGRATION_URL with the `
        + 'migration login, not the service\'s least-privilege DATABASE_URL',
    };
  }
  return null;
}

export interface Reporter {
  json: boolean;
  /** Prints the result: `value` as one JSON document with --json, else the human lines. */
  result(value: unknown, human: string): void;
  /** Reports a refusal and returns the exit code to use. */
  fail(code: string, message: string, exitCode?: number): number;
}

export function reporter(json: boolean): Reporter {
  return {
    json,
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
    },
    fail(code, message, exitCode = 1) {
      if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
      else process.stderr.write(`livery: ${message}\n`);
      return exitCode;
    },
  };
}

/** Runs a command body, turning known failures into a report and exit code 1. */
export async function runReported(report: Reporter, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const known = describeFailure(error);
    if (!known) throw error;
    return report.fail(known.code, known.message);
  }
}

/** The flags every operator command takes. */
const commonOptions = {
  'database-url': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

type OperatorParse<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof commonOptions }>
>;

/**
 * Parses an operator command's flags (its own plus --database-url, --json, --help). Returns the exit code when the
 * command is already answered: a usage error (2, reported as JSON with --json) or --help (0).
 */
export function parseOperatorArgs<const O extends ParseArgsOptionsConfig>(
  argv: string[],
  usage: string,
  options: O,
): { exit: number } | { values: OperatorParse<O>['values']; positionals: string[]; report: Reporter } {
  let parsed: OperatorParse<O>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, ...commonOptions } });
  } catch (error) {
    return { exit: reporter(argv.includes('--json')).fail('usage', `${(error as Error).message}\n${usage}`, 2) };
  }
  const flags = parsed.values as { json?: boolean; help?: boolean };
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return { exit: 0 };
  }
  return { values: parsed.values, positionals: parsed.positionals, report: reporter(flags.json ?? false) };
}
