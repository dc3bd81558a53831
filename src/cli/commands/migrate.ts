// livery migrate [--database-url URL] [--json] — applies migrations/ (idempotent).
import { migrate } from '../../db/migrate.ts';
import { operatorTarget, parseOperatorArgs, runReported, withOperatorDatabase } from '../../db/operator.ts';

const usage = 'usage: livery migrate [--database-url URL] [--json]';

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, usage, {});
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report } = parsed;
  if (positionals.length > 0) return report.fail('usage', `unexpected argument "${positionals[0]}"\n${usage}`, 2);
  const target = operatorTarget(values['database-url'], process.env);
  return runReported(report, () => withOperatorDatabase(target, async (db) => {
    // PGlite already migrated on open; this second pass then reports everything as already applied.
    const result = await migrate(db);
    const where = target.url ? 'the database' : 'the embedded database (.livery/pgdata)';
    report.result(result, result.applied.length
      ? `applied ${result.applied.length} migration(s) to ${where}: ${result.applied.join(', ')}`
      : `${where} is up to date (${result.alreadyApplied.length} migrations)`);
    return 0;
  }));
}
