// livery migrate [--database-url URL] [--json] — applies migrations/ (idempotent) as the owner (--database-url, else
// LIVERY_MIGRATION_URL, else DATABASE_URL), and stores LIVERY_PLATFORM_HOST / LIVERY_PARTNER_ROOT when set (the
// defaults only where none are stored yet): livery_resolve_host reads them from the database.
import { migrate } from '../../db/migrate.ts';
import { explicitHostSettings } from '../../tenancy/host.ts';
import { operatorTarget, withOperatorDatabase } from '../../db/operator.ts';
import { stringFlag, type CommandSpec } from '../args.ts';
import { parseOperatorArgs, runReported } from '../operator.ts';

export const spec: CommandSpec = {
  name: 'migrate',
  synopsis: '[options]',
  description: `Applies migrations/ as the owner (idempotent, advisory-locked), and stores LIVERY_PLATFORM_HOST /
LIVERY_PARTNER_ROOT when set.`,
  flags: {},
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, spec);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report, usage } = parsed;
  if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
  const target = operatorTarget(stringFlag(values, 'database-url'), process.env);
  return runReported(report, () =>
    withOperatorDatabase(target, async (db) => {
      // PGlite already migrated on open; this second pass then reports everything as already applied.
      const hosts = explicitHostSettings(process.env);
      const result = await migrate(db, hosts ? { hosts } : {});
      const where = target.url ? 'the database' : 'the embedded database (.livery/pgdata)';
      const hostLine =
        `platform host ${result.hosts.platformHost}, partner root ${result.hosts.partnerRoot}` +
        (result.hosts.written
          ? ' (stored now)'
          : hosts
            ? ''
            : ' (LIVERY_PLATFORM_HOST / LIVERY_PARTNER_ROOT unset: kept as stored)');
      report.result(
        result,
        [
          result.applied.length
            ? `applied ${result.applied.length} migration(s) to ${where}: ${result.applied.join(', ')}`
            : `${where} is up to date (${result.alreadyApplied.length} migrations)`,
          hostLine,
        ].join('\n'),
      );
      return 0;
    }),
  );
}
