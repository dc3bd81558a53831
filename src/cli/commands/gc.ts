// livery gc [--database-url URL] [--json] — deletes what nothing can use again: ended sessions, finished OAuth flows,
// abandoned anonymous users without data, expired domain claims (src/ops/gc.ts). The Worker runs the same daily from its cron trigger;
// on Node, run this from cron or a systemd timer. Prints the counts.
import { operatorTarget, withOperatorDatabase } from '../../db/operator.ts';
import { collectGarbage } from '../../ops/gc.ts';
import { stringFlag, type CommandSpec } from '../args.ts';
import { parseOperatorArgs, runReported } from '../operator.ts';

export const spec: CommandSpec = {
  name: 'gc',
  synopsis: '[options]',
  description: `Deletes what nothing can use again: ended sessions, finished OAuth flows, abandoned anonymous users without data,
expired domain claims. Prints the counts; "complete": false means the batch cap was reached (run it again).`,
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
      const result = await collectGarbage(db, new Date());
      report.result(
        result,
        [
          `deleted ${result.sessions} ended session(s), ${result.oauthFlows} finished OAuth flow(s), ` +
            `${result.anonymousUsers} abandoned anonymous user(s), ${result.domainClaims} expired domain claim(s)`,
          ...(result.complete ? [] : ['more remain: run `livery gc` again']),
        ].join('\n'),
      );
      return 0;
    }),
  );
}
