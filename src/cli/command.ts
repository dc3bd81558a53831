// What every offline and remote command does around its own work: parse its flags (did-you-mean on a typo),
// answer --help, and turn unusable input into exit 2 with one JSON document under --json.
import { type CommandSpec, helpText, parseFlags, type Values } from './args.ts';
import { UnusableInput } from './input.ts';
import { unusable } from './layers.ts';

export interface Invocation {
  values: Values;
  positionals: string[];
  /** --json was given (read before parsing, so that a parse failure is answered in JSON too). */
  json: boolean;
}

export async function runCommand(
  argv: string[],
  spec: CommandSpec,
  work: (invocation: Invocation) => Promise<number>,
): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseFlags(argv, spec);
    if (values.help) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    return await work({ values, positionals, json });
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    return unusable(spec.name, json, error);
  }
}
