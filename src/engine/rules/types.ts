// What a governance rule sees and returns. Types only: the rules import these, the registry (./index.ts) imports the rules.
import type { LayerEntry } from '../merge.ts';
import type { CompiledPattern } from '../paths.ts';
import type { Governance, LayerSource, MergedTheme, ParseResult, Policy, Rule, Violation, Warning } from '../types.ts';

/** One layer of the cascade as the rules see it: parsed, and what the merge did with each of its tokens. */
export interface LayerContext {
  /** 'theme' for the selected catalog theme, 'base' for a complete tree checked on its own, else the layer's source. */
  source: LayerSource;
  parsed: ParseResult;
  /** One entry per parsed token, in document order: what it overrides, its type, its value, why it was refused. */
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
  /** The rule's page (failing example and fix), relative to the repository root, e.g. 'docs/rules/contrast.md'. */
  url: string;
  check(ctx: RuleContext): Violation[];
}
