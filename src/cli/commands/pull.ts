// livery pull [--out <file>] [--url URL] [--key KEY] [--json]
// Fetches the tenant's current override layer (GET /api/v1/tokens/overrides) as a DTCG file; the version goes to
// stderr (the value `livery push --if-match` takes). Exit 0, or 2 when there is no usable connection.
import { writeFile } from 'node:fs/promises';
import { stringFlag, type CommandSpec } from '../args.ts';
import { UnusableInput } from '../input.ts';
import { runCommand } from '../command.ts';
import { currentLayer, remoteFlags, remoteFrom } from '../remote.ts';

export const spec: CommandSpec = {
  name: 'pull',
  synopsis: '[options]',
  description: `Fetches the tenant's current override layer from a running Livery (LIVERY_URL, the tenant's host; LIVERY_API_KEY,
a key of that tenant) as a DTCG file, to stdout or --out. The version it is at goes to stderr: give it to
\`livery push --if-match\` to publish only if nobody published since.`,
  flags: {
    out: { type: 'string', value: 'file', help: 'write the layer here instead of stdout' },
    ...remoteFlags,
  },
};

export function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  return runCommand(argv, spec, async ({ values, positionals, json }) => {
    if (positionals.length > 0)
      throw new UnusableInput(`pull takes no file (write with --out <file>), got "${positionals[0]}"`, 'usage');
    const remote = remoteFrom(values, env);
    const { version, tokens } = await currentLayer(remote);
    const out = stringFlag(values, 'out');
    const text = `${JSON.stringify(tokens, null, 2)}\n`;
    if (out) await writeFile(out, text);
    if (json) process.stdout.write(`${JSON.stringify({ version, tokens }, null, 2)}\n`);
    else if (!out) process.stdout.write(text);
    process.stderr.write(
      version === null
        ? 'nothing published yet (version none)\n'
        : `version ${version}${out ? `, written to ${out}` : ''}\n`,
    );
    return 0;
  });
}
