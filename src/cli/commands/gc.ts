// livery gc [--database-url URL] [--json] — deletes what nothing can use again: ended sessions, finished OAuth flows,
// abandoned anonymous users without data, expired domain claims (src/ops/gc.ts). The Worker runs the same daily from its cron trigger;
// on Node, run this from cron or a systemd timer. Prints the counts.
import { operatorTarget, parseOperatorArgs, runReported, withOperatorDatabase } from '../../db/operator.ts';
import { collectGarbage } from '../../ops/gc.ts';

const usage = 'usage: livery gc [--database-url URL] [--json]';

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(argv, usage, {});
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals, report } = parsed;
  if (positionals.length > 0) return report.fail('usage', `unexpected argument "${positionals[0]}"\n${usage}`, 2);
  const target = operatorTarget(values['database-url'], process.env);
  return runReported(report, () => withOperatorDatabase(target, async (db) => {
    const result = await collectGarbage(db, new Date());
    report.result(result, [
      `deleted ${result.sessions} ended session(s), ${result.oauthFlows} finished OAuth flow(s), `
        + `${result.anonymousUsers} abandoned anonymous user(s), ${result.domainClaims} expired domain claim(s)`,
      ...(result.complete ? [] : ['more remain: run `livery gc` again']),
    ].join('\n'));
    return 0;
  }));
}
