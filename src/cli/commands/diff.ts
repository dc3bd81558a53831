// livery diff <file|-> [--url URL] [--key KEY] [--json]
// What publishing the file would change on a running Livery, token by token, against the tenant's current layer
// (both in the normalised form the service stores). Exit 0: no difference; 1: different; 2: unusable.
import type { CommandSpec } from '../args.ts';
import { runCommand } from '../command.ts';
import { changesBetween, formatChanges } from '../changes.ts';
import { readJsonSource, UnusableInput } from '../input.ts';
import { currentLayer, normalisedLocal, remoteFlags, remoteFrom } from '../remote.ts';

export const spec: CommandSpec = {
  name: 'diff',
  synopsis: '<file.json|-> [options]',
  description: `Shows what publishing the file would change on a running Livery (LIVERY_URL, the tenant's host; LIVERY_API_KEY, a
key of that tenant): "+" a token the file adds, "-" one it drops, "~" one whose value changes. Exit 0: no
difference; 1: different; 2: unusable input or no usable connection.`,
  flags: { ...remoteFlags },
};

export function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  return runCommand(argv, spec, async ({ values, positionals, json }) => {
    if (positionals.length !== 1)
      throw new UnusableInput('name one override file to compare (or - for stdin)', 'usage');
    const remote = remoteFrom(values, env);
    const file = await readJsonSource(positionals[0]!, 'override file');
    const current = await currentLayer(remote);
    const changes = changesBetween(current.tokens, await normalisedLocal(file.value, env));
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ same: changes.length === 0, version: current.version, changes }, null, 2)}\n`,
      );
    } else {
      const against = current.version === null ? 'nothing published yet' : `version ${current.version}`;
      process.stdout.write(
        changes.length === 0
          ? `no difference: ${file.name} is what ${against} holds\n`
          : `${formatChanges(changes)}\n${changes.length} change${changes.length === 1 ? '' : 's'} from ${against} to ${file.name}\n`,
      );
    }
    return changes.length === 0 ? 0 : 1;
  });
}
