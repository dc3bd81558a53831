// What the operator commands (migrate, tenant, domain, key, seed-demo, gc) share on the command line: their common
// flags, and reporting a result or a refusal as human lines or one JSON document. Which database they act on and
// how a failure is described live in src/db/operator.ts.
import { describeFailure } from '../db/operator.ts';
import { helpText, jsonFlag, parseFlags, type CommandSpec, type Flag, type Values } from './args.ts';
import { UnusableInput } from './input.ts';
import { jsonFailure } from './layers.ts';

/** The flags every operator command takes besides its own. */
export const operatorFlags = {
  'database-url': {
    type: 'string',
    value: 'url',
    help: 'the owner connection (default LIVERY_MIGRATION_URL, else DATABASE_URL, else the embedded database in .livery/pgdata)',
  },
  json: jsonFlag,
} as const satisfies Record<string, Flag>;

export interface Reporter {
  json: boolean;
  /** Prints the result: `value` as one JSON document with --json, else the human lines. */
  result(value: unknown, human: string): void;
  /** Reports a refusal ({"ok": false, "error": {code, message}} with --json) and returns the exit code to use. */
  fail(code: string, message: string, exitCode?: number): number;
}

export function reporter(json: boolean): Reporter {
  return {
    json,
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
    },
    fail(code, message, exitCode = 1) {
      if (json) process.stdout.write(jsonFailure({ code, message }));
      else process.stderr.write(`livery: ${message}\n`);
      return exitCode;
    },
  };
}

/** Runs a command body, turning known failures (src/db/operator.ts describeFailure) into a report and exit code 1. */
export async function runReported(report: Reporter, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const known = describeFailure(error);
    if (!known) throw error;
    return report.fail(known.code, known.message);
  }
}

/**
 * Parses an operator command's flags (its own plus --database-url, --json, --help). Returns the exit code when the
 * command is already answered: a usage error (2, reported as JSON with --json) or --help (0).
 */
export function parseOperatorArgs(
  argv: string[],
  spec: CommandSpec,
): { exit: number } | { values: Values; positionals: string[]; report: Reporter; usage: (message: string) => number } {
  const full: CommandSpec = { ...spec, flags: { ...spec.flags, ...operatorFlags } };
  const report = reporter(argv.includes('--json'));
  const usage = (message: string) =>
    report.fail(
      'usage',
      report.json ? message : `${message}\nusage: livery ${spec.name} ${spec.synopsis} (see --help)`,
      2,
    );
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv, full);
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    return { exit: usage(error.message) };
  }
  if (parsed.values.help) {
    process.stdout.write(helpText(full));
    return { exit: 0 };
  }
  return { ...parsed, report: reporter(parsed.values.json === true), usage };
}
