// The studio's editing model: pure (no DOM), so the browser and the tests run the same code. It composes the
// tenant's chain exactly as the server does (src/themes/compile.ts) with the tenant's own layer replaced by the
// draft, and derives what the editor shows from the result: tokens grouped as designers think, each with its
// current, inherited and referencing tokens; the partner policy's bounds; the contrast matrix for both modes.
import { nearestPassing, oklch } from '../../engine/color.ts';
import { isComposite } from '../../engine/composites.ts';
import { composeTheme, prepareBase, type BaseTheme } from '../../engine/index.ts';
import { matchesPattern, patternMatcher } from '../../engine/paths.ts';
import { pairContrasts } from '../../engine/pair-contrast.ts';
import type {
  CatalogTheme,
  Governance,
  MergedTheme,
  MergedToken,
  Mode,
  Policy,
  RangeRule,
  TokenType,
  Violation,
  Warning,
} from '../../engine/types.ts';
import { chainInputs, submittedTreeViolations, type ChainMember } from '../../themes/compile.ts';
import type { StudioData, StudioPlatform } from '../contract.ts';

export const GROUPS = [
  'Brand colors',
  'Surfaces',
  'Text',
  'Interactive',
  'Radius',
  'Spacing',
  'Type',
  'Other',
] as const;
export type GroupName = (typeof GROUPS)[number];

export interface Validation {
  ok: boolean;
  violations: Violation[];
  warnings: Warning[];
}

/** A validation and the merged theme it judged (null when the draft is not a tree at all). */
export interface Checked extends Validation {
  theme: MergedTheme | null;
}

/** Why a token cannot be edited here, or null when it can. */
export type Lock = string | null;

export interface TokenView {
  path: string;
  type: TokenType;
  /** What the input shows: the draft's own value as written, else the inherited one. */
  text: string;
  /** Whether the draft sets this path itself. */
  own: boolean;
  /** The resolved value in the draft's theme (undefined: unresolved). */
  current: string | undefined;
  /** The resolved value without the tenant's layer (undefined: the path is new or unresolved there). */
  inherited: string | undefined;
  /** The value without the tenant's layer as written (an alias in braces, else CSS text); '' when there is none. */
  inheritedText: string;
  /** Tokens whose value refers to this one. */
  aliases: string[];
  lock: Lock;
  /** Human hints from the partner policy's ranges that apply to this path. */
  bounds: string[];
}

export interface TokenGroup {
  name: GroupName;
  tokens: TokenView[];
}

export interface ContrastRow {
  /** Paths relative to `semantic.<mode>.` as governance names them, e.g. `text.primary`. */
  fg: string;
  bg: string;
  mode: Mode;
  /** WCAG 2.x ratio truncated to 2 decimals; null when a side does not resolve to a color. */
  ratio: number | null;
  required: number;
  pass: boolean;
  /** For a failing pair: the path to change (the foreground, or the background when only that is editable) and its passing value. */
  suggestion: { path: string; value: string } | null;
}

/**
 * `catalogTheme` (a partner's pick): undefined keeps the published choice, like a PUT without `theme`. A customer's
 * or the platform's chain takes it from the partner's row, so for them it is always undefined.
 */
export interface StudioModel {
  readonly tier: StudioData['tenant']['tier'];
  readonly policy: Policy | null;
  /** The tenant's published layer (the draft's starting point) and catalog theme. */
  readonly published: { tree: unknown; theme: string | null };
  /** The theme without the tenant's layer: what every path inherits. */
  inherited(catalogTheme?: string | null): MergedTheme;
  check(tree: unknown, catalogTheme?: string | null): Checked;
  groups(tree: unknown, theme: MergedTheme | null, catalogTheme?: string | null): TokenGroup[];
  contrast(theme: MergedTheme | null): ContrastRow[];
  lockOf(path: string): Lock;
}

// Preparing the base takes tens of milliseconds: once per platform document.
const bases = new WeakMap<object, BaseTheme>();

function baseOf(platform: StudioPlatform): BaseTheme {
  let base = bases.get(platform);
  if (!base) {
    base = prepareBase(platform.base, platform.governance as Governance);
    bases.set(platform, base);
  }
  return base;
}

export function createModel(data: StudioData, platform: StudioPlatform): StudioModel {
  const base = baseOf(platform);
  const catalog = platform.catalog;
  const findTheme = (name: string): CatalogTheme | null => catalog.find((t) => t.name === name) ?? null;
  const tier = data.tenant.tier;
  const own = data.chain.at(-1)!;
  const ancestors = data.chain.slice(0, -1) as ChainMember[];
  // What the server applies: a customer is bound by its partner's policy (none: it may change nothing).
  const policy = tier === 2 ? (data.policy ?? { allow: [], ranges: {} }) : null;
  const validation = { base, findTheme };

  const inputsWith = (content: unknown, catalogTheme: string | null | undefined) =>
    chainInputs(validation, [
      ...ancestors,
      { ...own, content, theme: catalogTheme === undefined ? own.theme : catalogTheme },
    ]);
  const inheritedThemes = new Map<string | null | undefined, MergedTheme>();
  const inherited = (catalogTheme?: string | null): MergedTheme => {
    let theme = inheritedThemes.get(catalogTheme);
    if (!theme) {
      const inputs = inputsWith(null, catalogTheme);
      theme = composeTheme(base, inputs.layers, { theme: inputs.theme, rules: [] }).theme;
      inheritedThemes.set(catalogTheme, theme);
    }
    return theme;
  };

  const allowed = policy ? patternMatcher(policy.allow) : () => true;
  const ranges = Object.entries(policy?.ranges ?? {});

  const lockOf = (path: string): Lock => {
    if (tier > 0 && base.isProtected(path)) return 'Protected by the platform: only the platform may change it.';
    if (!allowed(path)) return "Your partner's policy does not allow changing this token.";
    return null;
  };

  return {
    tier,
    policy,
    published: { tree: own.content ?? {}, theme: own.theme },
    inherited,
    lockOf,
    check(tree, catalogTheme) {
      // The server's PUT reads a JSON `null` body as unusable before it composes anything.
      const unusable = submittedTreeViolations(tier, tree);
      if (unusable.length > 0) return { ok: false, violations: unusable, warnings: [], theme: null };
      const { layers, theme } = inputsWith(tree ?? {}, catalogTheme);
      const result = composeTheme(base, layers, { theme, policy });
      return { ok: result.ok, violations: result.violations, warnings: result.warnings, theme: result.theme };
    },
    groups(tree, theme, catalogTheme) {
      const before = inherited(catalogTheme);
      const merged = theme ?? before;
      const referrers = referrersOf(merged);
      const groups = new Map<GroupName, TokenView[]>(GROUPS.map((name) => [name, []]));
      for (const token of merged.tokens.values()) {
        const set = tokenAt(tree, token.path);
        const was = before.tokens.get(token.path);
        const inheritedText = was ? valueText(was.raw, was) : '';
        groups.get(groupOf(token.path))!.push({
          path: token.path,
          type: token.type,
          text: set ? valueText(set.$value, token) : inheritedText,
          own: set !== undefined,
          current: token.resolved,
          inherited: was?.resolved,
          inheritedText,
          aliases: referrers.get(token.path) ?? [],
          lock: lockOf(token.path),
          bounds: ranges
            .filter(([pattern]) => matchesPattern(pattern, token.path))
            .flatMap(([, range]) => describeRange(range, was?.resolved)),
        });
      }
      return GROUPS.map((name) => ({ name, tokens: groups.get(name)! })).filter((g) => g.tokens.length > 0);
    },
    contrast(theme) {
      return pairContrasts(theme ?? inherited(), base.governance.pairs).map((row) => {
        const { fgPath, bgPath, fgColor: fg, bgColor: bg } = row;
        let suggestion: ContrastRow['suggestion'] = null;
        if (!row.pass && fg && bg) {
          // Contrast is symmetric: when the foreground is locked, move the background instead.
          if (lockOf(fgPath) === null) {
            const value = nearestPassing(fg, bg, row.required);
            if (value) suggestion = { path: fgPath, value };
          } else if (lockOf(bgPath) === null) {
            const value = nearestPassing(bg, fg, row.required);
            if (value) suggestion = { path: bgPath, value };
          }
        }
        return {
          fg: row.fg,
          bg: row.bg,
          mode: row.mode,
          ratio: row.ratio,
          required: row.required,
          pass: row.pass,
          suggestion,
        };
      });
    },
  };
}

/** The draft with the suggestion of a failing contrast row applied (the row's own path for its mode). */
export function applySuggestion(tree: unknown, row: ContrastRow): unknown {
  if (!row.suggestion) return tree;
  return setTokenValue(tree, row.suggestion.path, row.suggestion.value);
}

/** How designers look for a token: by what it colors or sizes, not by where it sits in the tree. */
export function groupOf(path: string): GroupName {
  const segments = path.split('.');
  const [root, second] = segments;
  if (root === 'primitive') {
    if (second === 'color') return 'Brand colors';
    if (second === 'radius') return 'Radius';
    if (second === 'spacing') return 'Spacing';
    if (second === 'font' || second === 'typography') return 'Type';
    return 'Other';
  }
  const role = root === 'semantic' ? segments[2] : second;
  const name = segments.at(-1) ?? '';
  if (name === 'brand' || name.startsWith('brand-')) return 'Brand colors';
  if (role === 'background' || role === 'surface' || role === 'border' || role === 'elevation') return 'Surfaces';
  if (role === 'text') return 'Text';
  if (role === 'interactive') return 'Interactive';
  if (role === 'radius') return 'Radius';
  if (role === 'spacing') return 'Spacing';
  if (role === 'typography' || role === 'font') return 'Type';
  return 'Other';
}

/** For each path, the tokens whose resolution reads it. */
function referrersOf(theme: MergedTheme): Map<string, string[]> {
  const referrers = new Map<string, string[]>();
  for (const token of theme.tokens.values()) {
    for (const dep of token.deps ?? (token.alias ? [token.alias] : [])) {
      const list = referrers.get(dep);
      if (list) list.push(token.path);
      else referrers.set(dep, [token.path]);
    }
  }
  return referrers;
}

/** A value as the input shows it: aliases in braces, literals as CSS text, composites as JSON. */
export function valueText(raw: unknown, token: Pick<MergedToken, 'alias' | 'css' | 'type'>): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  if (token.alias) return `{${token.alias}}`;
  if (token.css !== undefined && !isComposite(token.type)) return token.css;
  return JSON.stringify(raw);
}

/** What the input's text means as a `$value`: JSON for composites, numbers for numeric types, else the text. */
export function parseInput(text: string, type: TokenType): unknown {
  const trimmed = text.trim();
  if (isComposite(type) && /^[[{"]/.test(trimmed) && !/^\{[^"{}]*\}$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return trimmed;
    }
  }
  if ((type === 'number' || type === 'fontWeight') && trimmed !== '' && Number.isFinite(Number(trimmed)))
    return Number(trimmed);
  return trimmed;
}

/** The range rules as hints an input can show (and that the out_of_range rule enforces). */
export function describeRange(range: RangeRule, partnerValue: string | undefined): string[] {
  const hints: string[] = [];
  if (range.lightness) hints.push(`OKLCH lightness between ${range.lightness[0]} and ${range.lightness[1]}`);
  if (range.hue) hints.push(`OKLCH hue between ${range.hue[0]}° and ${range.hue[1]}°`);
  if (range.maxDeltaE !== undefined)
    hints.push(
      `at most ΔE ${range.maxDeltaE} from your partner's ${partnerValue !== undefined ? partnerValue : 'value'}`,
    );
  if (range.min !== undefined && range.max !== undefined) hints.push(`between ${range.min} and ${range.max}`);
  else if (range.min !== undefined) hints.push(`at least ${range.min}`);
  else if (range.max !== undefined) hints.push(`at most ${range.max}`);
  return hints;
}

/** `oklch(0.62 0.15 240)`, or undefined when the text is not a color. */
export function oklchText(css: string | undefined): string | undefined {
  if (css === undefined) return undefined;
  const color = oklch(css);
  if (!color) return undefined;
  const round = (n: number, digits: number) => String(Number(n.toFixed(digits)));
  const alpha = color.alpha < 1 ? ` / ${round(color.alpha, 2)}` : '';
  return `oklch(${round(color.l, 2)} ${round(color.c, 2)} ${round(color.h ?? 0, 0)}${alpha})`;
}

// --- the draft tree ----------------------------------------------------------------------------------------

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The token object the tree holds at `path`, if it sets one. */
export function tokenAt(tree: unknown, path: string): { $value: unknown } | undefined {
  let node: unknown = tree;
  for (const segment of path.split('.')) {
    if (!isTree(node)) return undefined;
    node = node[segment];
  }
  return isTree(node) && '$value' in node ? (node as { $value: unknown }) : undefined;
}

/** A copy of the tree with `path` set to `value` (other properties of the token, e.g. its description, kept). */
export function setTokenValue(tree: unknown, path: string, value: unknown): Tree {
  const root: Tree = isTree(tree) ? structuredClone(tree) : {};
  let node = root;
  const segments = path.split('.');
  for (const segment of segments.slice(0, -1)) {
    if (!isTree(node[segment])) node[segment] = {};
    node = node[segment] as Tree;
  }
  const last = segments.at(-1)!;
  node[last] = { ...(isTree(node[last]) ? node[last] : {}), $value: value };
  return root;
}

/** A copy of the tree without `path` (groups left empty removed): the path inherits again. */
export function removeToken(tree: unknown, path: string): Tree {
  const root: Tree = isTree(tree) ? structuredClone(tree) : {};
  const segments = path.split('.');
  const trail: Tree[] = [root];
  for (const segment of segments.slice(0, -1)) {
    const next = trail.at(-1)![segment];
    if (!isTree(next)) return root;
    trail.push(next);
  }
  delete trail.at(-1)![segments.at(-1)!];
  for (let i = trail.length - 1; i > 0; i--) {
    if (Object.keys(trail[i]!).some((key) => !key.startsWith('$'))) break;
    delete trail[i - 1]![segments[i - 1]!];
  }
  return root;
}
