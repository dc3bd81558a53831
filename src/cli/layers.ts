// What `livery validate`, `check` and `build` share: reading the designer's files and composing them on the base,
// offline, exactly as the service would for a tenant of that tier; and the human report.
import { composeTheme, type ComposeResult } from '../engine/index.ts';
import { policySchema } from '../engine/policy-schema.ts';
import type { Layer, Policy, Violation, Warning } from '../engine/types.ts';
import type { Platform } from '../themes/platform.ts';
import { loadNodePlatform } from '../themes/platform-node.ts';
import { readJsonFile, UnusableInput } from './input.ts';

export { UnusableInput } from './input.ts';

export const layerOptions = {
  tier: { type: 'string', default: '1' },
  theme: { type: 'string' },
  partner: { type: 'string' },
  policy: { type: 'string' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface LayerArgs {
  file: string;
  tier: 1 | 2;
  theme?: string;
  partner?: string;
  policy?: string;
  strict: boolean;
}

/** `parseArgs` whose complaints (unknown flag, missing value) are unusable input, exit 2. */
export function parseCommandArgs<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UnusableInput((error as Error).message);
  }
}

export function checkLayerArgs(
  values: { tier?: unknown; theme?: unknown; partner?: unknown; policy?: unknown; strict?: unknown },
  positionals: string[],
): LayerArgs {
  if (positionals.length !== 1) throw new UnusableInput(positionals.length === 0 ? 'name the override file to check (or - for stdin)' : 'give exactly one override file');
  const tier = values.tier === '2' ? 2 : values.tier === '1' ? 1 : null;
  if (tier === null) throw new UnusableInput(`--tier must be 1 or 2, not "${String(values.tier)}"`);
  if (tier === 1 && (values.partner !== undefined || values.policy !== undefined)) {
    throw new UnusableInput('--partner and --policy describe a customer\'s partner: use them with --tier 2');
  }
  return {
    file: positionals[0]!,
    tier,
    strict: values.strict === true,
    ...(typeof values.theme === 'string' ? { theme: values.theme } : {}),
    ...(typeof values.partner === 'string' ? { partner: values.partner } : {}),
    ...(typeof values.policy === 'string' ? { policy: values.policy } : {}),
  };
}

export interface Composed {
  platform: Platform;
  result: ComposeResult;
}

/** The platform the CLI works against: LIVERY_TOKENS_DIR when set (read by the entry point), else the bundled build. */
export async function cliPlatform(tokensDir: string | undefined): Promise<Platform> {
  try {
    return await loadNodePlatform(tokensDir);
  } catch (error) {
    throw new UnusableInput(`LIVERY_TOKENS_DIR ${tokensDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** base ← theme ← (partner) ← file, governed as the service governs a tier-1 or tier-2 write. */
export async function composeFiles(args: LayerArgs, tokensDir: string | undefined): Promise<Composed> {
  const platform = await cliPlatform(tokensDir);
  const theme = args.theme === undefined ? null : platform.findTheme(args.theme);
  if (args.theme !== undefined && !theme) {
    throw new UnusableInput(`there is no catalog theme "${args.theme}" (available: ${platform.catalog.map((t) => t.name).join(', ') || 'none'})`);
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
  return { platform, result: composeTheme(platform.base, layers, { theme, policy, strict: args.strict }) };
}

/** Human output: one block per violation (path, rule, message, fix), then warnings and a summary. */
export function formatReport(file: string, result: { violations: Violation[]; warnings: Warning[] }): string {
  const lines: string[] = [];
  for (const v of result.violations) {
    lines.push(`✖ ${v.path}  [${v.rule}${typeof v.code === 'string' ? `: ${v.code}` : ''}]`, `    ${v.message}`);
    if (typeof v.fix === 'string') lines.push(`    fix: ${v.fix}`);
  }
  for (const w of result.warnings) lines.push(`! ${w.path}  [${w.code}]`, `    ${w.message}`);
  const n = result.violations.length;
  const m = result.warnings.length;
  const warnings = m ? `, ${m} warning${m === 1 ? '' : 's'}` : '';
  lines.push(n === 0 ? `✓ ${file}: no violations${warnings}` : `${file}: ${n} violation${n === 1 ? '' : 's'}${warnings}`);
  return `${lines.join('\n')}\n`;
}

/** Prints the report: one JSON document ({ok, violations, warnings}, the API's shapes) or the human text. */
export function printReport(json: boolean, file: string, result: { ok: boolean; violations: Violation[]; warnings: Warning[] }): void {
  if (json) process.stdout.write(`${JSON.stringify({ ok: result.ok, violations: result.violations, warnings: result.warnings }, null, 2)}\n`);
  else process.stdout.write(formatReport(file, result));
}

/** Exit 2 for unusable input: the reason on stderr, and with --json a JSON document on stdout too. */
export function unusable(command: string, json: boolean, error: UnusableInput): number {
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'unusable_input', message: error.message } })}\n`);
  process.stderr.write(`livery ${command}: ${error.message}\n(run \`livery ${command} --help\` for usage)\n`);
  return 2;
}
