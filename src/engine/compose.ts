// The engine's entry points: prepare the base once, then compose any cascade over it and validate it; or check a
// complete token tree on its own.
//
//   const base = prepareBase(baseTree, governance);           // once per process (throws if the data is broken)
//   const { ok, theme, violations, warnings } = composeTheme(base, [
//     { source: 't0', tokens: platformLayer },
//     { source: 't1', tokens: partnerLayer },
//     { source: 't2', tokens: customerLayer },
//   ], { theme: selectedCatalogTheme, policy: partnerPolicy });
//   const checked = checkTree(designSystem, { governance, strict: true });   // `livery check`
//
// The cascade is base ← catalog theme ← layers in the order given; the deepest layer that sets a path wins.
// Pure and synchronous: no I/O, no global state beyond memo caches, and the base is never mutated (its token objects are shared by
// every composed theme, so treat every MergedTheme as read-only). Bad user input never throws.
import { parseTree } from './dtcg.ts';
import { finishMerge, mergeLayer, startCompleteMerge, startMerge, withoutEntries, type LayerEntry } from './merge.ts';
import { ancestorsOf, matchesPattern, patternMatcher, ROOT_PATH } from './paths.ts';
import { dependentsIndex } from './resolve.ts';
import { allRules, rulesReported, type LayerContext, type RuleContext } from './rules/index.ts';
import { requiredPatterns as compileRequired } from './rules/required.ts';
import type {
  CatalogTheme,
  Governance,
  Layer,
  MergedTheme,
  ParseResult,
  Policy,
  Rule,
  Violation,
  Warning,
} from './types.ts';

export interface BaseTheme {
  tree: unknown;
  governance: Governance;
  parsed: ParseResult;
  /** The base alone, resolved. Frozen tokens, shared by every composed theme. */
  theme: MergedTheme;
  /** Every group path of the base (a new primitive may not take one). */
  groups: ReadonlySet<string>;
  /** Whether a path is covered by `governance.protected`. */
  isProtected: (path: string) => boolean;
  /** Base token paths covered by `governance.protected`. */
  protectedPaths: readonly string[];
  /** Each `governance.required` pattern, compiled, with the base paths it matches. */
  requiredPatterns: RuleContext['requiredPatterns'] & object;
  /** For each path, the base tokens whose resolution reads it (lets a compose re-resolve only what changed). */
  dependents: ReadonlyMap<string, readonly string[]>;
}

export interface ComposeOptions {
  /** The catalog theme layer, if the T1 selected one. */
  theme?: CatalogTheme | null;
  /** Governs the t2 layer: undefined/null → the default policy (a T2 may change nothing). */
  policy?: Policy | null;
  /** Limit checking to these rules (e.g. ['contrast'] when re-checking a T1 change against each child). Default: all. */
  rules?: Rule[];
  /** What is accepted leniently (dotted names, numeric strings, Tokens Studio files…) is a violation instead of a warning. */
  strict?: boolean;
}

export interface ComposeResult {
  ok: boolean;
  theme: MergedTheme;
  violations: Violation[];
  warnings: Warning[];
  /** The last layer given (the one being written), as the merge read it: see ./normalised.ts. */
  last: LayerContext | null;
}

/** A layer parsed ahead of time with `parseLayer`, e.g. a T1 layer checked against 1 000 children. */
export interface ParsedLayer {
  source: Layer['source'];
  parsed: ParseResult;
}

/** The policy that applies to a t2 layer when its partner has none: nothing may change. */
export const DEFAULT_POLICY: Policy = Object.freeze({
  allow: Object.freeze([]) as unknown as string[],
  ranges: Object.freeze({}),
});

const LAYER_SOURCES: ReadonlySet<string> = new Set(['theme', 't0', 't1', 't2']);

/**
 * Warnings about input accepted although it is not strict DTCG 2025.10 — where the meaning is unambiguous. With
 * `strict` they are violations (rule `schema`, the warning's code kept as `code`).
 */
export const LENIENT_CODES: ReadonlySet<string> = new Set([
  'dotted_name',
  'numeric_string',
  'non_standard_unit',
  'non_standard_value',
  'unknown_property',
  'incomplete_composite',
  'tokens_studio',
  'tokens_studio_value',
]);

// A catalog theme is parsed once per theme object, not once per compose (a partner write composes once per
// descendant). Only frozen token trees are cached — the catalog's are deep-frozen — and the cached ParseResult is
// only read: mergeLayer and the rules copy what they keep.
const parsedThemes = new WeakMap<CatalogTheme, { tokens: unknown; parsed: ParseResult }>();

function parseCatalogTheme(theme: CatalogTheme): ParseResult {
  const cached = parsedThemes.get(theme);
  if (cached && cached.tokens === theme.tokens) return cached.parsed;
  const parsed = parseTree(theme.tokens);
  if (Object.isFrozen(theme.tokens)) parsedThemes.set(theme, { tokens: theme.tokens, parsed });
  return parsed;
}

/** Parse a layer once, to pass it to several `composeTheme` calls. */
export function parseLayer(layer: Layer): ParsedLayer {
  checkSource(layer.source);
  return { source: layer.source, parsed: parseTree(layer.tokens) };
}

export interface CheckResult {
  ok: boolean;
  theme: MergedTheme;
  violations: Violation[];
  warnings: Warning[];
}

const NO_GOVERNANCE: Governance = Object.freeze({ protected: [], pairs: [], required: [] });

/**
 * A complete token tree on its own (no base underneath): DTCG conformance, names, types, references, and — with
 * governance — that its protected patterns name tokens, its contrast pairs pass and its required paths resolve.
 */
export function checkTree(
  tree: unknown,
  options: { governance?: Governance | null; strict?: boolean } = {},
): CheckResult {
  const { base, context, warnings } = completeTree(tree, options.governance ?? NO_GOVERNANCE);
  const violations = [...governanceProblems(base), ...runRules(context, null)];
  const result = finish(violations, warnings, options.strict ?? false);
  return { ...result, theme: base.theme };
}

/** Parse + resolve the base once (cache the result in the caller). Throws only if the base data itself is broken. */
export function prepareBase(tree: unknown, governance: Governance): BaseTheme {
  const { base, context } = completeTree(tree, governance);
  const problems = [...governanceProblems(base), ...runRules(context, null)];
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 20)
      .map((v) => `  - [${v.rule}] ${v.message}`)
      .join('\n');
    throw new Error(
      `The base tokens or governance data are broken (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${shown}`,
    );
  }
  for (const token of base.theme.tokens.values()) Object.freeze(token);
  return base;
}

function completeTree(
  tree: unknown,
  governance: Governance,
): { base: BaseTheme; context: RuleContext; warnings: Warning[] } {
  const parsed = parseTree(tree, { requireTypes: true });
  const state = startCompleteMerge();
  const entries = mergeLayer(state, 'base', parsed);
  const theme: MergedTheme = { tokens: finishMerge(state, new Map()) };

  const groups = new Set<string>();
  for (const path of theme.tokens.keys()) for (const ancestor of ancestorsOf(path)) groups.add(ancestor);
  const isProtected = patternMatcher(governance.protected);
  const paths = [...theme.tokens.keys()];
  const base: BaseTheme = {
    tree,
    governance,
    parsed,
    theme,
    groups,
    isProtected,
    protectedPaths: paths.filter(isProtected),
    requiredPatterns: compileRequired(governance.required, paths),
    dependents: dependentsIndex(theme.tokens),
  };
  const warnings: Warning[] = [...parsed.warnings, ...notesOf(entries)];
  const layers: LayerContext[] = [{ source: 'base', parsed, entries }];
  return { base, context: ruleContext(base, layers, theme, null, null, warnings), warnings };
}

/** base ← theme ← layers (in the order given; sources 't0' | 't1' | 't2'), validated. Pure and synchronous. */
export function composeTheme(
  base: BaseTheme,
  layers: readonly (Layer | ParsedLayer)[],
  options: ComposeOptions = {},
): ComposeResult {
  const inputs: ParsedLayer[] = [];
  if (options.theme) inputs.push({ source: 'theme', parsed: parseCatalogTheme(options.theme) });
  for (const layer of layers) {
    if ('parsed' in layer) checkSource(layer.source);
    inputs.push('parsed' in layer ? layer : parseLayer(layer));
  }

  const state = startMerge(base.theme.tokens, base.groups, base.isProtected);
  const contexts: LayerContext[] = [];
  // Entries of the first t2 layer and after: undone (lazily) to get the partner's theme.
  let fromT2: LayerEntry[] | null = null;
  for (const { source, parsed } of inputs) {
    const entries = mergeLayer(state, source, parsed);
    if (source === 't2' || fromT2) (fromT2 ??= []).push(...entries);
    contexts.push({ source, parsed, entries });
  }
  // Nothing applied: the merge is the base theme itself, so caches keyed on it (the emitter's) hit.
  const tokens = finishMerge(state, base.dependents);
  const theme: MergedTheme = tokens === base.theme.tokens ? base.theme : { tokens };

  const warnings: Warning[] = [];
  for (const context of contexts) warnings.push(...context.parsed.warnings, ...notesOf(context.entries));
  const t0Inputs = inputs.filter((input) => input.source === 't0');
  const partner = fromT2
    ? () => ({ tokens: withoutEntries(theme.tokens, fromT2, state.changed, base.dependents) })
    : null;
  const ctx = ruleContext(
    base,
    contexts,
    theme,
    partner,
    partner ? (options.policy ?? DEFAULT_POLICY) : null,
    warnings,
    t0Inputs,
  );
  const violations = runRules(ctx, options.rules ? new Set(options.rules) : null);
  const last = layers.length > 0 ? contexts.at(-1)! : null;
  return { ...finish(violations, warnings, options.strict ?? false), theme, last };
}

/** Every rule (or those `wanted`), each violation once. */
function runRules(ctx: RuleContext, wanted: ReadonlySet<Rule> | null): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const rule of allRules) {
    if (wanted && !rulesReported(rule).some((r) => wanted.has(r))) continue;
    for (const violation of rule.check(ctx)) {
      if (wanted && !wanted.has(violation.rule)) continue;
      // The required rule and the alias rule can both report one unresolved token. A contrast violation is one per
      // pair and mode: one foreground failing on several backgrounds is several violations.
      const pair = 'pair' in violation ? `${String(violation.pair)}\u0000${String(violation.mode)}` : '';
      const key = `${violation.rule}\u0000${violation.path}\u0000${violation.source ?? ''}\u0000${String(violation.via ?? '')}\u0000${pair}`;
      if (seen.has(key)) continue;
      seen.add(key);
      violations.push(violation);
    }
  }
  return violations;
}

/** With `strict`, lenient warnings become violations (rule `schema`, the warning's code kept). */
function finish(
  violations: Violation[],
  warnings: Warning[],
  strict: boolean,
): { ok: boolean; violations: Violation[]; warnings: Warning[] } {
  if (strict) {
    const lenient = warnings.filter((w) => LENIENT_CODES.has(w.code));
    if (lenient.length > 0) {
      violations = [
        ...lenient.map(
          (w): Violation => ({
            path: w.path,
            rule: 'schema',
            code: w.code,
            message: `${w.message} (not accepted with --strict).`,
          }),
        ),
        ...violations,
      ];
      warnings = warnings.filter((w) => !LENIENT_CODES.has(w.code));
    }
  }
  return { ok: violations.length === 0, violations, warnings };
}

/** What the merge accepted leniently in each applied value, as warnings on the token's path. */
function notesOf(entries: readonly LayerEntry[]): Warning[] {
  const warnings: Warning[] = [];
  for (const entry of entries) {
    if (!entry.notes || entry.problem) continue;
    for (const note of entry.notes)
      warnings.push({ path: entry.token.path, code: note.code, message: `${entry.token.path}: ${note.message}.` });
  }
  return warnings;
}

function ruleContext(
  base: BaseTheme,
  layers: LayerContext[],
  merged: MergedTheme,
  partnerTheme: (() => MergedTheme) | null,
  policy: Policy | null,
  warnings: Warning[],
  t0Inputs: ParsedLayer[] = [],
): RuleContext {
  // Computed on first read: a contrast-only check needs neither.
  let reference: MergedTheme | undefined;
  let partner: MergedTheme | null | undefined;
  return {
    governance: base.governance,
    base: base.theme,
    get reference() {
      return (reference ??= referenceTheme(base, t0Inputs));
    },
    get partner() {
      if (partner === undefined) partner = partnerTheme ? partnerTheme() : null;
      return partner;
    },
    merged,
    layers,
    policy,
    protectedPaths: base.protectedPaths,
    requiredPatterns: base.requiredPatterns,
    warn(warning) {
      warnings.push(warning);
    },
  };
}

/** base ← t0 layers: what protected tokens are compared against. */
function referenceTheme(base: BaseTheme, t0Inputs: ParsedLayer[]): MergedTheme {
  if (t0Inputs.length === 0) return base.theme;
  const state = startMerge(base.theme.tokens, base.groups, base.isProtected);
  for (const { source, parsed } of t0Inputs) mergeLayer(state, source, parsed);
  const tokens = finishMerge(state, base.dependents);
  return tokens === base.theme.tokens ? base.theme : { tokens };
}

function checkSource(source: unknown): void {
  // A programming error, not user input: a layer of unknown origin must not slip past the protection rules.
  if (typeof source !== 'string' || !LAYER_SOURCES.has(source))
    throw new TypeError(`unknown layer source ${String(source)}`);
}

/** Governance that names nothing is a typo that would silently protect or check nothing. */
function governanceProblems(base: BaseTheme): Violation[] {
  const problems: Violation[] = [];
  const paths = [...base.theme.tokens.keys()];
  for (const pattern of base.governance.protected) {
    if (!paths.some((path) => matchesPattern(pattern, path))) {
      problems.push({
        path: pattern || ROOT_PATH,
        rule: 'schema',
        message: `The protected pattern ${pattern} matches no token.`,
        fix: 'fix the pattern or remove it',
      });
    }
  }
  for (const pair of base.governance.pairs) {
    for (const mode of pair.modes) {
      for (const side of [pair.fg, pair.bg]) {
        const path = `semantic.${mode}.${side}`;
        if (base.theme.tokens.get(path)?.type !== 'color') {
          problems.push({
            path,
            rule: 'schema',
            message: `The contrast pair ${pair.fg} on ${pair.bg} names ${path}, which is not a color token.`,
            fix: 'fix the pair or add the token',
          });
        }
      }
    }
  }
  for (const pair of base.governance.cvdPairs ?? []) {
    for (const mode of pair.modes) {
      for (const side of [pair.a, pair.b]) {
        const path = `semantic.${mode}.${side}`;
        if (base.theme.tokens.get(path)?.type !== 'color') {
          problems.push({
            path,
            rule: 'schema',
            message: `The color-vision pair ${pair.a} and ${pair.b} names ${path}, which is not a color token.`,
            fix: 'fix the pair or add the token',
          });
        }
      }
    }
  }
  return problems;
}
