// livery convert <file|dir> --from tokens-studio [--set <name>]… [--out <file>]
// Writes the DTCG 2025.10 equivalent of a Tokens Studio export (one file, or the folder of a multi-file export)
// to stdout or --out. Exit 0: converted. Exit 1: converted, but some tokens could not be (listed on stderr).
// Exit 2: the input could not be used.
import { stat, writeFile } from 'node:fs/promises';
import { convertTokensStudio, isTokensStudio } from '../../engine/index.ts';
import { helpText, parseFlags, stringFlag, type CommandSpec } from '../args.ts';
import { readJsonFile, readTokensStudioDir } from '../input.ts';
import { formatReport, unusable, UnusableInput } from '../layers.ts';

export const spec: CommandSpec = {
  name: 'convert',
  synopsis: '<file|dir> --from tokens-studio [options]',
  description: `Converts a Tokens Studio export (legacy "value"/"type" tokens; a single file, or the folder of a multi-file export
with $metadata.json and $themes.json) into a DTCG 2025.10 tree. Sets are merged in $metadata's order, later sets
overriding earlier ones. What could not be converted is listed on stderr (exit 1); the rest is still written.`,
  flags: {
    from: {
      type: 'string',
      value: 'tokens-studio',
      help: 'the format of the input (required; tokens-studio is the one there is)',
    },
    set: { type: 'string', multiple: true, value: 'name', help: 'pick and order the sets to merge (repeatable)' },
    out: { type: 'string', value: 'file', help: 'write the DTCG tree here instead of stdout' },
  },
};

export async function run(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, spec);
    if (values.help) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    if (values.from !== 'tokens-studio')
      throw new UnusableInput(
        `--from must be tokens-studio${values.from === undefined ? '' : `, not "${String(values.from)}"`}`,
        'usage',
      );
    if (positionals.length !== 1) throw new UnusableInput('name one Tokens Studio file or export folder', 'usage');
    const [path] = positionals as [string];
    const isDir = path !== '-' && (await stat(path).catch(() => null))?.isDirectory();
    const input = isDir ? await readTokensStudioDir(path) : await readJsonFile(path, 'Tokens Studio file');
    if (!isTokensStudio(input))
      throw new UnusableInput(
        `${path} does not look like a Tokens Studio export (no "value"/"type" tokens, no $themes or $metadata)`,
      );
    const result = convertTokensStudio(input, values.set ? { sets: values.set as string[] } : {});
    const text = `${JSON.stringify(result.tree, null, 2)}\n`;
    const out = stringFlag(values, 'out');
    if (out) await writeFile(out, text);
    else process.stdout.write(text);
    process.stderr.write(formatReport(path, { violations: result.violations, warnings: result.warnings }));
    return result.violations.length === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    return unusable('convert', false, error);
  }
}
