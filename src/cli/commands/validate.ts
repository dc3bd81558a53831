// livery validate <file.json|-> [--tier 1|2] [--theme <name>] [--partner <file.json>] [--policy <file.json>] [--strict] [--json] [--watch]
// Exit 0: no violations. Exit 1: violations. Exit 2: the input could not be used (unreadable, not JSON, bad flags).
import { helpText, parseFlags, type CommandSpec } from '../args.ts';
import {
  checkLayerArgs,
  composeFiles,
  formatReport,
  jsonReport,
  layerFiles,
  layerFlags,
  locate,
  unusable,
  UnusableInput,
} from '../layers.ts';
import { watchFiles } from '../watch.ts';

export const spec: CommandSpec = {
  name: 'validate',
  synopsis: '<file.json|-> [options]',
  description: `Checks an override file (or stdin, "-") against the platform base as a partner (--tier 1, the default) or a
customer (--tier 2) would submit it. Prints every violation with where it is (file:line:column) and a fix.
Exit 0: no violations; 1: violations; 2: the input could not be used. LIVERY_TOKENS_DIR names your own base.`,
  flags: {
    ...layerFlags,
    json: {
      type: 'boolean',
      help: 'print one JSON document {"ok", "violations", "warnings"} (the API\'s shapes); with --watch, one per line and run',
    },
  },
};

export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseFlags(argv, spec);
    if (values.help) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    const args = checkLayerArgs(values, positionals);
    const once = async (indent = 2): Promise<number> => {
      try {
        const { result, sources } = await composeFiles(args, env.LIVERY_TOKENS_DIR || undefined);
        const located = await locate(result, sources);
        process.stdout.write(json ? jsonReport(located, indent) : formatReport(args.file, located));
        return result.ok ? 0 : 1;
      } catch (error) {
        if (!(error instanceof UnusableInput)) throw error;
        return unusable('validate', json, error);
      }
    };
    if (!values.watch) return await once();
    return await watchFiles(
      layerFiles(args),
      () => once(0),
      (line) => process.stderr.write(`${line}\n`),
    );
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    return unusable('validate', json, error);
  }
}
