// Governance rules as data (the Terrazzo pattern): each rule is a plain object in its own file with an id,
// one sentence of docs and a `check(ctx)` that returns violations. Adding a rule is adding a file and a line
// in `allRules` below. Rules are pure functions of the context; they never throw for bad user input.
import type { LayerEntry } from '../merge.ts';
import type { CompiledPattern } from '../paths.ts';
import type { Governance, Layer, MergedTheme, ParseResult, Policy, Rule, Violation, Warning } from '../types.ts';
import { aliasRule } from './alias.ts';
import { protectedRule } from './protected.ts';
import { requiredRule } from './required.ts';
import { schemaRule } from './schema.ts';
import { typeMismatchRule } from './type-mismatch.ts';
import { unknownPathRule } from './unknown-path.ts';
import { notAllowedRule, outOfRangeRule } from './policy.ts';
import { contrastRule } from './contrast.ts';

/** One layer of the cascade as the rules see it: parsed, and what the merge did with each of its tokens. */
export interface LayerContext {
  /** 'theme' for the selected catalog theme, else the layer's source. */
  source: Layer['source'];
  parsed: ParseResult;
  /** One entry per parsed token, in document order: what it overrides, its type, its CSS, why it was refused. */
  entries: LayerEntry[];
}

export interface RuleContext {
  governance: Governance;
  /** The base alone, resolved. */
  base: MergedTheme;
  /** base ← t0 layer(s), resolved: protected values are compared against this. Computed on first read. */
  readonly reference: MergedTheme;
  /** Everything above the t2 layer, resolved: what policy ranges are measured from. Null without a t2 layer. */
  readonly partner: MergedTheme | null;
  /** The full merge (base ← theme ← layers), resolved. */
  merged: MergedTheme;
  /** In cascade order; the catalog theme, when selected, first. */
  layers: LayerContext[];
  /** The policy that governs the t2 layer (the default "change nothing" policy when none was given); null without a t2 layer. */
  policy: Policy | null;
  /** Base token paths covered by `governance.protected`, computed once per base. */
  protectedPaths: readonly string[];
  /** Each `governance.required` pattern, compiled, with the base paths it matches; computed once per base (on the fly when absent). */
  requiredPatterns?: readonly RequiredPattern[];
  /** Report something worth knowing that is not a violation. */
  warn(warning: Warning): void;
}

export interface RequiredPattern {
  pattern: string;
  compiled: CompiledPattern;
  basePaths: readonly string[];
}

export interface GovernanceRule {
  /** Stable id, e.g. 'protected'. */
  id: string;
  /** The `rule` values this check reports; defaults to `[id]`. Used to skip rules a caller did not ask for. */
  reports?: readonly Rule[];
  /** One sentence: what the rule refuses and why. */
  docs: string;
  check(ctx: RuleContext): Violation[];
}

/** Every rule, in the order their violations are listed. */
export const allRules: readonly GovernanceRule[] = [
  schemaRule,
  unknownPathRule,
  typeMismatchRule,
  aliasRule,
  requiredRule,
  protectedRule,
  notAllowedRule,
  outOfRangeRule,
  contrastRule,
];

export function rulesReported(rule: GovernanceRule): readonly Rule[] {
  return rule.reports ?? [rule.id as Rule];
}

export { aliasRule, contrastRule, notAllowedRule, outOfRangeRule, protectedRule, requiredRule, schemaRule, typeMismatchRule, unknownPathRule };
