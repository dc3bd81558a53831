// livery validate <file.json|-> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--policy <file.json>] [--strict] [--json]
// Exit 0: no violations. Exit 1: violations. Exit 2: the input could not be used (unreadable, not JSON, bad flags).
import { parseArgs } from 'node:util';
import { checkLayerArgs, composeFiles, layerOptions, parseCommandArgs, printReport, unusable, UnusableInput } from '../layers.ts';

const usage = `usage: livery validate <file.json|-> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--policy <file.json>] [--strict] [--json]

Checks an override file (or stdin, "-") against the platform base as a partner (--tier 1, the default) or a
customer (--tier 2) would submit it. For a customer, --partner is its partner's override file and --policy the
partner's policy (without one, a customer may change nothing). Prints every violation with a fix; --json prints
{"ok", "violations", "warnings"} like the API. What is accepted leniently (a "." in a name, numeric strings,
Tokens Studio files) is a warning; --strict makes it a violation. LIVERY_TOKENS_DIR names your own base.
`;

export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseCommandArgs(() =>
      parseArgs({ args: argv, options: { ...layerOptions, json: { type: 'boolean' } }, allowPositionals: true, strict: true }));
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    const args = checkLayerArgs(values, positionals);
    const { result } = await composeFiles(args, env.LIVERY_TOKENS_DIR || undefined);
    printReport(json, args.file, result);
    return result.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    return unusable('validate', json, error);
  }
}
