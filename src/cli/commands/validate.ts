// livery validate <file.json> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--policy <file.json>] [--json]
// Exit 0: no violations. Exit 1: violations. Exit 2: the input could not be used (unreadable, not JSON, bad flags).
import { parseArgs } from 'node:util';
import { checkLayerArgs, composeFiles, formatReport, layerOptions, parseCommandArgs, UnusableInput } from '../layers.ts';

const usage = `usage: livery validate <file.json> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--policy <file.json>] [--json]

Checks an override file against the platform base as a partner (--tier 1, the default) or a customer (--tier 2)
would submit it. For a customer, --partner is its partner's override file and --policy the partner's policy
(without one, a customer may change nothing). Prints every violation with a fix; --json prints
{"ok", "violations", "warnings"} like the API.
`;

export async function run(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs(() =>
      parseArgs({ args: argv, options: { ...layerOptions, json: { type: 'boolean' } }, allowPositionals: true, strict: true }));
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    const args = checkLayerArgs(values, positionals);
    const { result } = await composeFiles(args);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ok: result.ok, violations: result.violations, warnings: result.warnings }, null, 2)}\n`);
    } else {
      process.stdout.write(formatReport(args.file, result));
    }
    return result.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    process.stderr.write(`livery validate: ${error.message}\n(run \`livery validate --help\` for usage)\n`);
    return 2;
  }
}
