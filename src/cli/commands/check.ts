// livery check <file|dir|resolver>… [--context modifier=name]… [--governance <dir>] [--strict] [--json]
// A complete token tree on its own — a design system, no base underneath. A directory's .json files (and several
// files) are merged. Exit 0: no violations. Exit 1: violations. Exit 2: the input could not be used.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkTree } from '../../engine/index.ts';
import { mergeTokenFiles } from '../../engine/files.ts';
import type { Governance } from '../../engine/types.ts';
import { GOVERNANCE_FILES, parseGovernanceFiles } from '../../tokens-data.ts';
import { stringFlag, type CommandSpec } from '../args.ts';
import { readJsonFile, readResolver, readTokenFiles } from '../input.ts';
import { runCommand } from '../command.ts';
import { locate, printReport, UnusableInput } from '../layers.ts';

export const spec: CommandSpec = {
  name: 'check',
  synopsis: '<file|dir|resolver>… [options]',
  description: `Checks a complete token tree on its own (no base underneath): DTCG 2025.10 conformance, names, types, aliases and
references, and that no two tokens would emit one CSS custom property. A directory's .json files are merged (a
token defined in two files is a violation). A DTCG resolver document (*.resolver.json) is read as the tree its sets
and modifiers make, later sources overriding earlier ones. Violations name file:line:column where a file defines
the token. Exit codes and --json as \`livery validate\`.`,
  flags: {
    governance: {
      type: 'string',
      value: 'dir',
      help: `also check ${Object.values(GOVERNANCE_FILES).join(', ')} (each optional) from this directory`,
    },
    context: {
      type: 'string',
      multiple: true,
      value: 'modifier=name',
      help: "a resolver modifier's context (default: the resolver's default)",
    },
    strict: { type: 'boolean', help: 'refuse what is otherwise accepted with a warning' },
    json: { type: 'boolean', help: 'print one JSON document {"ok", "violations", "warnings"}' },
  },
};

export function run(argv: string[]): Promise<number> {
  return runCommand(argv, spec, async ({ values, positionals, json }) => {
    if (positionals.length === 0)
      throw new UnusableInput('name the token files or directories to check (or - for stdin)', 'usage');
    const governanceDir = stringFlag(values, 'governance');
    const governance = governanceDir === undefined ? null : await readGovernance(governanceDir);
    const contexts = parseContexts((values.context as string[] | undefined) ?? []);
    const resolvers = positionals.filter((p) => p.endsWith('.resolver.json'));
    if (resolvers.length > 0 && resolvers.length !== positionals.length)
      throw new UnusableInput('check a resolver document on its own (it names its token files)', 'usage');
    const files =
      resolvers.length > 0
        ? (await Promise.all(resolvers.map((r) => readResolver(r, contexts)))).flat()
        : await readTokenFiles(positionals);
    const merged = mergeTokenFiles(files, { override: resolvers.length > 0 });
    const result = checkTree(merged.tree, { governance, strict: values.strict === true });
    const report = { ...result, violations: [...merged.violations, ...result.violations] };
    report.ok = report.violations.length === 0;
    const sources = files.flatMap((f) =>
      'text' in f && typeof f.text === 'string' ? [{ name: f.name, text: f.text, value: f.tree }] : [],
    );
    printReport(json, positionals.join(' '), await locate(report, sources));
    return report.ok ? 0 : 1;
  });
}

function parseContexts(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const [modifier, context, ...rest] = pair.split('=');
    if (!modifier || !context || rest.length > 0)
      throw new UnusableInput(`--context takes modifier=context, e.g. theme=dark (not "${pair}")`, 'usage');
    out[modifier] = context;
  }
  return out;
}

async function readGovernance(dir: string): Promise<Governance> {
  if (!existsSync(dir)) throw new UnusableInput(`the governance directory ${dir} does not exist`);
  // Every file is optional (see parseGovernanceFiles): read the ones there, then check them together.
  const found = new Map<string, unknown>();
  for (const name of Object.values(GOVERNANCE_FILES)) {
    if (existsSync(join(dir, name))) found.set(name, await readJsonFile(join(dir, name), 'governance file'));
  }
  const parsed = parseGovernanceFiles((name) => found.get(name));
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
    throw new UnusableInput(`the governance in ${dir} is not usable: ${problems.join('; ')}`);
  }
  return parsed.data;
}
