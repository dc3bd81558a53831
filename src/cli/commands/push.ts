// livery push <file|-> [--dry-run] [--if-match <version>] [--url URL] [--key KEY] [--json]
// Publishes the file as the tenant's override layer (PUT /api/v1/tokens/overrides) with If-Match: the version it
// read just before (or --if-match, the version a `livery pull` printed), so a change made meanwhile is never
// overwritten. --dry-run asks POST /api/v1/tokens/validate instead and stores nothing.
// Exit 0: published (or nothing to change; dry run: would be accepted). 1: refused (violations, a child it would
// break, the version moved on, not allowed). 2: unusable input or no usable connection.
import { stringFlag, type CommandSpec } from '../args.ts';
import { changesBetween } from '../changes.ts';
import { readJsonSource, UnusableInput } from '../input.ts';
import { runCommand } from '../command.ts';
import { formatReport, locate } from '../layers.ts';
import { apiError, call, currentLayer, normalisedLocal, remoteFlags, remoteFrom, unexpected } from '../remote.ts';
import type { Violation, Warning } from '../../engine/types.ts';

export const spec: CommandSpec = {
  name: 'push',
  synopsis: '<file.json|-> [options]',
  description: `Publishes an override file as the tenant's layer on a running Livery (LIVERY_URL, the tenant's host, and
LIVERY_API_KEY, an admin or editor key of that tenant). It reads the current version first and publishes with
If-Match, so a change someone made meanwhile is refused (exit 1), never overwritten; a file that changes nothing
publishes nothing. Violations are printed with file:line:column. Exit 0: published (or unchanged); 1: refused;
2: unusable input or no usable connection.`,
  flags: {
    'dry-run': {
      type: 'boolean',
      help: 'validate on the server only (POST /api/v1/tokens/validate): violations, and the customers the change would break',
    },
    'if-match': {
      type: 'string',
      value: 'version',
      help: 'publish only if the layer is still at this version (e.g. the one `livery pull` printed)',
    },
    ...remoteFlags,
  },
};

interface Report {
  ok: boolean;
  violations: Violation[];
  warnings: Warning[];
}
interface Impact {
  tenant: { id: string; slug: string };
  violations: Violation[];
}

export function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  return runCommand(argv, spec, async ({ values, positionals, json }) => {
    if (positionals.length !== 1) throw new UnusableInput('name one override file to push (or - for stdin)', 'usage');
    const remote = remoteFrom(values, env);
    const pinned = stringFlag(values, 'if-match');
    if (pinned !== undefined && !/^\d{1,9}$/.test(pinned))
      throw new UnusableInput(`--if-match takes a version number, not "${pinned}"`, 'usage');
    const file = await readJsonSource(positionals[0]!, 'override file');

    if (values['dry-run']) {
      const answer = await call(remote, 'POST', '/api/v1/tokens/validate', file.value);
      if (answer.status !== 200) throw unexpected(answer, 'validating on the server');
      const body = answer.body as Report & { impact?: Impact[] };
      const report = await locate({ ok: body.ok, violations: body.violations ?? [], warnings: body.warnings ?? [] }, [
        file,
      ]);
      const impact = (body.impact ?? []).filter((i) => i.violations.length > 0);
      const ok = report.ok && impact.length === 0;
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ ...report, ok, ...(body.impact ? { impact: body.impact } : {}) }, null, 2)}\n`,
        );
      } else {
        process.stdout.write(formatReport(file.name, report));
        for (const child of impact) {
          process.stdout.write(
            `✖ would break ${child.tenant.slug}: ${child.violations.length} violation${child.violations.length === 1 ? '' : 's'}\n`,
          );
          for (const v of child.violations) process.stdout.write(`    ${v.path}  [${v.rule}]  ${v.message}\n`);
        }
        process.stdout.write(
          ok ? 'dry run: the server would accept this file\n' : 'dry run: the server would refuse this file\n',
        );
      }
      return ok ? 0 : 1;
    }

    const current = await currentLayer(remote);
    if (
      pinned === undefined &&
      current.version !== null &&
      changesBetween(current.tokens, await normalisedLocal(file.value, env)).length === 0
    ) {
      if (json)
        process.stdout.write(`${JSON.stringify({ ok: true, version: current.version, changed: false }, null, 2)}\n`);
      else
        process.stdout.write(`unchanged: ${file.name} is what version ${current.version} holds; nothing published\n`);
      return 0;
    }
    const expected = pinned ?? (current.version === null ? undefined : String(current.version));
    const answer = await call(
      remote,
      'PUT',
      '/api/v1/tokens/overrides',
      file.value,
      expected === undefined ? {} : { 'if-match': `"${expected}"` },
    );
    if (answer.status === 200) {
      const { version } = answer.body as { version: number };
      if (json) process.stdout.write(`${JSON.stringify({ ok: true, version, changed: true }, null, 2)}\n`);
      else process.stdout.write(`published ${file.name} as version ${version}\n`);
      return 0;
    }
    const error = apiError(answer);
    if (!error || answer.status === 401 || answer.status >= 500 || ![403, 409, 412, 422].includes(answer.status))
      throw unexpected(answer, 'publishing');
    const violations = (Array.isArray(error.violations) ? error.violations : []) as Violation[];
    const warnings = (Array.isArray(error.warnings) ? error.warnings : []) as Warning[];
    const located = await locate({ ok: false, violations, warnings }, [file]);
    const message =
      answer.status === 412
        ? `${error.message} Someone published since version ${expected} was read: pull, merge and push again.`
        : error.message;
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ ok: false, error: { code: error.code, message }, violations: located.violations, warnings: located.warnings }, null, 2)}\n`,
      );
    } else {
      if (violations.length > 0) process.stdout.write(formatReport(file.name, located));
      process.stderr.write(`livery push: refused — ${message}\n`);
    }
    return 1;
  });
}
