// The examples in docs/rules/*.md, read from the pages and run through the CLI's own entry points, so a page cannot
// show a failing file that passes, a fix that fails, or a violation the engine does not produce.
//
// A fenced block right after a marker comment is an example:
//
//   <!-- example: fails [tier=1|2] [theme=<name>] [strict] [check] [rule=<rule>] -->   must produce a violation of
//        the page's rule (the file name: contrast.md → contrast; rule= names another, e.g. on required.md)
//   <!-- example: passes [same options] -->        must produce no violation at all
//   <!-- example: violation -->   a JSON object: some violation of the example before it has these fields and values
//   <!-- example: warning -->     the same, for its warnings
//   <!-- example: output -->      text: each line (but "…") is a line of the example's human output
//   <!-- example: policy -->      the partner's policy for the tier=2 examples after it (`livery validate --policy`)
//   <!-- example: partner -->     the partner's layer for the tier=2 examples after it (`--partner`)
//   <!-- example: governance <file> -->   protected.json, contrast-pairs.json, required.json, cvd-pairs.json or
//        cvd.json for `check` examples
//
// Without `check`, an example is an override file checked as `livery validate` does (src/cli/layers.ts
// composeFiles: the bundled base, tier 1 unless tier=2); with `check`, a complete tree checked as `livery check`
// does (checkTree with the governance blocks given).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeFiles, formatReport } from '../../src/cli/layers.ts';
import { checkTree } from '../../src/engine/index.ts';
import type { Violation, Warning } from '../../src/engine/types.ts';
import { governanceSchema } from '../../src/tokens-data.ts';

export type ExampleKind = 'fails' | 'passes' | 'violation' | 'warning' | 'output' | 'policy' | 'partner' | 'governance';

export interface Example {
  kind: ExampleKind;
  /** `tier=2` → { tier: '2' }; a bare word → { word: '' }. */
  options: Record<string, string>;
  /** The words after the kind, as written (for `governance <file>`). */
  args: string[];
  body: string;
  /** 1-based line of the marker, for failure messages. */
  line: number;
}

const KINDS = new Set<string>(['fails', 'passes', 'violation', 'warning', 'output', 'policy', 'partner', 'governance']);
const MARKER = /^<!--\s*example:\s*(.*?)\s*-->\s*$/;
const FENCE = /^(`{3,})\s*([\w-]*)\s*$/;

/** Every marked block of a page, in order. A marker not followed by a fenced block is an error. */
export function readExamples(markdown: string, page: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]!);
    if (!marker) continue;
    const [kind = '', ...args] = marker[1]!.split(/\s+/);
    if (!KINDS.has(kind)) throw new Error(`${page}:${i + 1}: unknown example kind "${kind}"`);
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    const open = FENCE.exec(lines[j] ?? '');
    if (!open) throw new Error(`${page}:${i + 1}: an example marker must be followed by a fenced block`);
    const close = lines.findIndex((line, k) => k > j && line.trim() === open[1]);
    if (close === -1) throw new Error(`${page}:${i + 1}: the example's fenced block is not closed`);
    const options: Record<string, string> = {};
    for (const arg of args) {
      const [key, value = ''] = arg.split('=');
      options[key!] = value;
    }
    examples.push({
      kind: kind as ExampleKind,
      options,
      args,
      body: lines.slice(j + 1, close).join('\n'),
      line: i + 1,
    });
    i = close;
  }
  return examples;
}

export interface ExampleResult {
  ok: boolean;
  violations: Violation[];
  warnings: Warning[];
  /** What `livery validate` / `livery check` prints without --json. */
  human: string;
}

/** What the examples before the current one set up on the page. */
export interface PageContext {
  policy?: string;
  partner?: string;
  governance: Record<string, string>;
}

let scratch: string | undefined;

async function scratchFile(name: string, text: string): Promise<string> {
  scratch ??= await mkdtemp(join(tmpdir(), 'livery-rule-docs-'));
  const path = join(scratch, `${Math.random().toString(36).slice(2)}-${name}`);
  await writeFile(path, text);
  return path;
}

/** Runs a `fails` / `passes` example as the CLI would. */
export async function runExample(example: Example, context: PageContext): Promise<ExampleResult> {
  const strict = 'strict' in example.options;
  if ('check' in example.options) {
    const governance = governanceSchema.parse({
      protected: JSON.parse(context.governance['protected.json'] ?? '[]'),
      pairs: JSON.parse(context.governance['contrast-pairs.json'] ?? '[]'),
      required: JSON.parse(context.governance['required.json'] ?? '[]'),
      cvdPairs: JSON.parse(context.governance['cvd-pairs.json'] ?? '[]'),
      cvd: JSON.parse(context.governance['cvd.json'] ?? '{}'),
    });
    const result = checkTree(JSON.parse(example.body), { governance, strict });
    return {
      ok: result.ok,
      violations: result.violations,
      warnings: result.warnings,
      human: formatReport('tokens.json', result),
    };
  }
  const tier = example.options.tier === '2' ? 2 : 1;
  const file = await scratchFile('brand.json', example.body);
  const args = {
    file,
    tier,
    strict,
    ...(example.options.theme ? { theme: example.options.theme } : {}),
    ...(tier === 2 && context.policy !== undefined ? { policy: await scratchFile('policy.json', context.policy) } : {}),
    ...(tier === 2 && context.partner !== undefined
      ? { partner: await scratchFile('partner.json', context.partner) }
      : {}),
  } as const;
  const { result } = await composeFiles(args, undefined);
  return {
    ok: result.ok,
    violations: result.violations,
    warnings: result.warnings,
    human: formatReport('brand.json', result),
  };
}
