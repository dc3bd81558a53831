// What `livery validate` and `livery build` share: reading the designer's files and composing them on the base,
// offline, exactly as the service would for a tenant of that tier.
import { readFile } from 'node:fs/promises';
import { composeTheme, type ComposeResult } from '../engine/index.ts';
import type { Layer, Policy } from '../engine/types.ts';
import { loadPlatform, type Platform } from '../themes/platform.ts';
import { policySchema } from '../engine/policy-schema.ts';

/** Input the command cannot use at all (exit 2), as opposed to tokens that break rules (exit 1). */
export class UnusableInput extends Error {}

async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new UnusableInput(`cannot read ${what} ${path}: ${why}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UnusableInput(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export const layerOptions = {
  tier: { type: 'string', default: '1' },
  theme: { type: 'string' },
  partner: { type: 'string' },
  policy: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface LayerArgs {
  file: string;
  tier: 1 | 2;
  theme?: string;
  partner?: string;
  policy?: string;
}

/** `parseArgs` whose complaints (unknown flag, missing value) are unusable input, exit 2. */
export function parseCommandArgs<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UnusableInput((error as Error).message);
  }
}

export function checkLayerArgs(values: { tier?: unknown; theme?: unknown; partner?: unknown; policy?: unknown }, positionals: string[]): LayerArgs {
  if (positionals.length !== 1) throw new UnusableInput(positionals.length === 0 ? 'name the override file to check' : 'give exactly one override file');
  const tier = values.tier === '2' ? 2 : values.tier === '1' ? 1 : null;
  if (tier === null) throw new UnusableInput(`--tier must be 1 or 2, not "${String(values.tier)}"`);
  if (tier === 1 && (values.partner !== undefined || values.policy !== undefined)) {
    throw new UnusableInput('--partner and --policy describe a customer\'s partner: use them with --tier 2');
  }
  return {
    file: positionals[0]!,
    tier,
    ...(typeof values.theme === 'string' ? { theme: values.theme } : {}),
    ...(typeof values.partner === 'string' ? { partner: values.partner } : {}),
    ...(typeof values.policy === 'string' ? { policy: values.policy } : {}),
  };
}

export interface Composed {
  platform: Platform;
  result: ComposeResult;
}

/** base ← theme ← (partner) ← file, governed as the service governs a tier-1 or tier-2 write. */
export async function composeFiles(args: LayerArgs): Promise<Composed> {
  const platform = loadPlatform();
  const theme = args.theme === undefined ? null : platform.findTheme(args.theme);
  if (args.theme !== undefined && !theme) {
    throw new UnusableInput(`there is no catalog theme "${args.theme}" (available: ${platform.catalog.map((t) => t.name).join(', ')})`);
  }
  const layers: Layer[] = [];
  if (args.partner !== undefined) layers.push({ source: 't1', tokens: await readJsonFile(args.partner, 'partner file') });
  layers.push({ source: args.tier === 2 ? 't2' : 't1', tokens: await readJsonFile(args.file, 'override file') });
  let policy: Policy | null = null;
  if (args.policy !== undefined) {
    const parsed = policySchema.safeParse(await readJsonFile(args.policy, 'policy file'));
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(the file)'}: ${issue.message}`);
      throw new UnusableInput(`policy file ${args.policy} is not a usable policy ({"allow": [paths…], "ranges": {…}}): ${problems.join('; ')}`);
    }
    policy = parsed.data;
  }
  return { platform, result: composeTheme(platform.base, layers, { theme, policy }) };
}

/** Human output: one block per violation (path, rule, message, fix), then warnings and a summary. */
export function formatReport(file: string, result: ComposeResult): string {
  const lines: string[] = [];
  for (const v of result.violations) {
    lines.push(`✖ ${v.path}  [${v.rule}]`, `    ${v.message}`);
    if (typeof v.fix === 'string') lines.push(`    fix: ${v.fix}`);
  }
  for (const w of result.warnings) lines.push(`! ${w.path}  [${w.code}]`, `    ${w.message}`);
  const n = result.violations.length;
  const m = result.warnings.length;
  const warnings = m ? `, ${m} warning${m === 1 ? '' : 's'}` : '';
  lines.push(n === 0 ? `✓ ${file}: no violations${warnings}` : `${file}: ${n} violation${n === 1 ? '' : 's'}${warnings}`);
  return `${lines.join('\n')}\n`;
}
