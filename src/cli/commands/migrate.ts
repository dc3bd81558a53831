// livery migrate [--database-url URL] [--json] — applies migrations/ (idempotent).
import { parseArgs } from 'node:util';
import { migrate } from '../../db/migrate.ts';
import { operatorTarget, reporter, runReported, withOperatorDatabase } from '../../db/operator.ts';

const usage = 'usage: livery migrate [--database-url URL] [--json]';

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: {
      'database-url': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (error) {
    return reporter(argv.includes('--json')).fail('usage', `${(error as Error).message}\n${usage}`, 2);
  }
  const report = reporter(values.json);
  if (values.help) { process.stdout.write(`${usage}\n`); return 0; }
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
