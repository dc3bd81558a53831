// livery migrate [--database-url URL] [--json] — applies migrations/ (idempotent) as the owner (--database-url, else
// LIVERY_MIGRATION_URL, else DATABASE_URL), and stores LIVERY_PLATFORM_HOST / LIVERY_PARTNER_ROOT when set (the
// defaults only where none are stored yet): livery_resolve_host reads them from the database.
import { migrate } from '../../db/migrate.ts';
import { explicitHostSettings } from '../../tenancy/host.ts';
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
    const hosts = explicitHostSettings(process.env);
    const result = await migrate(db, hosts ? { hosts } : {});
    const where = target.url ? 'the database' : 'the embedded database (.livery/pgdata)';
    const hostLine = `platform host ${result.hosts.platformHost}, partner root ${result.hosts.partnerRoot}`
      + (result.hosts.written ? ' (stored now)' : hosts ? '' : ' (LIVERY_PLATFORM_HOST / LIVERY_PARTNER_ROOT unset: kept as stored)');
    report.result(result, [
      result.applied.length
        ? `applied ${result.applied.length} migration(s) to ${where}: ${result.applied.join(', ')}`
        : `${where} is up to date (${result.alreadyApplied.length} migrations)`,
      hostLine,
    ].join('\n'));
    return 0;
  }));
}
