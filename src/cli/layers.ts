// What `livery validate`, `check` and `build` share: reading the designer's files and composing them on the base,
// offline, exactly as the service would for a tenant of that tier; and the human report.
import { composeTheme, type ComposeResult } from '../engine/index.ts';
import { policySchema } from '../engine/policy-schema.ts';
import type { Layer, Policy, Violation, Warning } from '../engine/types.ts';
import type { Platform } from '../themes/platform.ts';
import { loadNodePlatform } from '../themes/platform-node.ts';
import { stringFlag, type Flag, type Values } from './args.ts';
import { readJsonFile, readJsonSource, UnusableInput, type JsonSource } from './input.ts';

export { UnusableInput } from './input.ts';

/** The flags validate and build share: what to compose the file onto. */
export const layerFlags = {
  tier: {
    type: 'string',
    default: '1',
    value: '1|2',
    help: 'govern the file as a partner (1) or a customer (2) would submit it',
  },
  theme: { type: 'string', value: 'name', help: "the catalog theme underneath (a partner's theme selection)" },
  partner: { type: 'string', value: 'file.json', help: "with --tier 2: the partner's override file underneath" },
  policy: {
    type: 'string',
    value: 'file.json',
    help: 'with --tier 2: the partner\'s policy ({"allow", "ranges"}); without one a customer may change nothing',
  },
  strict: {
    type: 'boolean',
    help: 'refuse what is otherwise accepted with a warning (a "." in a name, numeric strings, Tokens Studio forms)',
  },
  watch: { type: 'boolean', short: 'w', help: 'run again whenever one of the files changes (Ctrl-C stops)' },
} as const satisfies Record<string, Flag>;

export interface LayerArgs {
  file: string;
  tier: 1 | 2;
  theme?: string;
  partner?: string;
  policy?: string;
  strict: boolean;
}

export function checkLayerArgs(values: Values, positionals: string[]): LayerArgs {
  if (positionals.length !== 1)
    throw new UnusableInput(
      positionals.length === 0
        ? 'name the override file to check (or - for stdin)'
        : `give exactly one override file (got ${positionals.join(', ')})`,
      'usage',
    );
  const tier = values.tier === '2' ? 2 : values.tier === '1' ? 1 : null;
  if (tier === null) throw new UnusableInput(`--tier must be 1 or 2, not "${String(values.tier)}"`, 'usage');
  if (tier === 1 && (values.partner !== undefined || values.policy !== undefined)) {
    throw new UnusableInput("--partner and --policy describe a customer's partner: use them with --tier 2", 'usage');
  }
  const theme = stringFlag(values, 'theme');
  const partner = stringFlag(values, 'partner');
  const policy = stringFlag(values, 'policy');
  return {
    file: positionals[0]!,
    tier,
    strict: values.strict === true,
    ...(theme !== undefined ? { theme } : {}),
    ...(partner !== undefined ? { partner } : {}),
    ...(policy !== undefined ? { policy } : {}),
  };
}

/** The files a layer command reads, for --watch (stdin cannot be watched). */
export function layerFiles(args: LayerArgs): string[] {
  return [args.file, args.partner, args.policy].filter((f): f is string => f !== undefined);
}

export interface Composed {
  platform: Platform;
  result: ComposeResult;
  /** The files read, the override file first, for pointing violations at lines. */
  sources: JsonSource[];
}

/** The platform the CLI works against: LIVERY_TOKENS_DIR when set (read by the entry point), else the bundled build. */
export async function cliPlatform(tokensDir: string | undefined): Promise<Platform> {
  try {
    return await loadNodePlatform(tokensDir);
  } catch (error) {
    throw new UnusableInput(
      `LIVERY_TOKENS_DIR ${tokensDir}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** base ← theme ← (partner) ← file, governed as the service governs a tier-1 or tier-2 write. */
export async function composeFiles(args: LayerArgs, tokensDir: string | undefined): Promise<Composed> {
  const platform = await cliPlatform(tokensDir);
  const theme = args.theme === undefined ? null : platform.findTheme(args.theme);
  if (args.theme !== undefined && !theme) {
    throw new UnusableInput(
      `there is no catalog theme "${args.theme}" (available: ${platform.catalog.map((t) => t.name).join(', ') || 'none'})`,
    );
  }
  const layers: Layer[] = [];
  const sources: JsonSource[] = [];
  if (args.partner !== undefined) {
    const partner = await readJsonSource(args.partner, 'partner file');
    sources.push(partner);
    layers.push({ source: 't1', tokens: partner.value });
  }
  const file = await readJsonSource(args.file, 'override file');
  sources.unshift(file);
  layers.push({ source: args.tier === 2 ? 't2' : 't1', tokens: file.value });
  let policy: Policy | null = null;
  if (args.policy !== undefined) {
    const parsed = policySchema.safeParse(await readJsonFile(args.policy, 'policy file'));
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(the file)'}: ${issue.message}`);
      throw new UnusableInput(
        `policy file ${args.policy} is not a usable policy ({"allow": [paths…], "ranges": {…}}): ${problems.join('; ')}`,
      );
    }
    policy = parsed.data;
  }
  return { platform, result: composeTheme(platform.base, layers, { theme, policy, strict: args.strict }), sources };
}

/** A violation or warning with where it is defined, when one of the files read defines its path. */
export type Located<T> = T & { file?: string; line?: number; column?: number };

/**
 * Adds `file`, `line` and `column` to each violation and warning whose path (or, for contrast, either path of its pair)
 * one of `sources` defines — the first source that does. Files are parsed for positions only when there is a finding.
 */
export async function locate<R extends { violations: Violation[]; warnings: Warning[] }>(
  result: R,
  sources: readonly JsonSource[],
): Promise<R & { violations: Located<Violation>[]; warnings: Located<Warning>[] }> {
  const findings = [...result.violations, ...result.warnings];
  if (findings.length === 0 || sources.length === 0) return result;
  const { locatePaths } = await import('./locate.ts');
  const candidates = (f: Violation | Warning): string[] => [
    f.path,
    ...(Array.isArray((f as Violation).pair) ? ((f as Violation).pair as string[]) : []),
  ];
  const paths = findings.flatMap(candidates);
  const positions = sources.map((source) => ({ source, found: locatePaths(source.text, paths) }));
  const at = <T extends Violation | Warning>(f: T): Located<T> => {
    for (const path of candidates(f)) {
      for (const { source, found } of positions) {
        const position = found.get(path);
        if (position) return { ...f, file: source.name, line: position.line, column: position.column };
      }
    }
    return f;
  };
  return { ...result, violations: result.violations.map(at), warnings: result.warnings.map(at) };
}

const where = (f: Located<Violation | Warning>): string =>
  f.line !== undefined ? `  ${f.file}:${f.line}:${f.column}` : '';

/** Human output: one block per violation (path, rule, where, message, fix), then warnings and a summary. */
export function formatReport(
  file: string,
  result: { violations: Located<Violation>[]; warnings: Located<Warning>[] },
): string {
  const lines: string[] = [];
  for (const v of result.violations) {
    lines.push(
      `✖ ${v.path}  [${v.rule}${typeof v.code === 'string' ? `: ${v.code}` : ''}]${where(v)}`,
      `    ${v.message}`,
    );
    if (typeof v.fix === 'string') lines.push(`    fix: ${v.fix}`);
  }
  for (const w of result.warnings) lines.push(`! ${w.path}  [${w.code}]${where(w)}`, `    ${w.message}`);
  const n = result.violations.length;
  const m = result.warnings.length;
  const warnings = m ? `, ${m} warning${m === 1 ? '' : 's'}` : '';
  lines.push(
    n === 0 ? `✓ ${file}: no violations${warnings}` : `${file}: ${n} violation${n === 1 ? '' : 's'}${warnings}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The report as one JSON document ({ok, violations, warnings}, the API's shapes plus file/line/column). */
export function jsonReport(result: { ok: boolean; violations: Violation[]; warnings: Warning[] }, indent = 2): string {
  return `${JSON.stringify({ ok: result.ok, violations: result.violations, warnings: result.warnings }, null, indent)}\n`;
}

/** Prints the report: one JSON document or the human text. */
export function printReport(
  json: boolean,
  file: string,
  result: { ok: boolean; violations: Violation[]; warnings: Warning[] },
): void {
  process.stdout.write(json ? jsonReport(result) : formatReport(file, result));
}

/** The `--json` failure document: `{ok: false, error: {code, message, line?, column?}}`. */
export function jsonFailure(error: UnusableInput | { code: string; message: string }): string {
  const e = error as UnusableInput;
  return `${JSON.stringify({ ok: false, error: { code: e.code, message: e.message, ...(e.line !== undefined ? { line: e.line, column: e.column } : {}) } })}\n`;
}

/** Exit 2 for unusable input: the reason (and a code frame) on stderr, and with --json one JSON document on stdout. */
export function unusable(command: string, json: boolean, error: UnusableInput): number {
  if (json) process.stdout.write(jsonFailure(error));
  const hint = error.code === 'usage' ? `\n(run \`livery ${command} --help\` for usage)` : '';
  process.stderr.write(`livery ${command}: ${error.message}${error.frame ? `\n${error.frame}` : ''}${hint}\n`);
  return 2;
}
