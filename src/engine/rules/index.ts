// Governance rules as data (the Terrazzo pattern): each rule is a plain object in its own file with an id,
// one sentence of docs and a `check(ctx)` that returns violations. Adding a rule is adding a file and a line
// in `allRules` below. Rules are pure functions of the context; they never throw for bad user input.
import { aliasRule } from './alias.ts';
import { contrastRule } from './contrast.ts';
import { contrastEnhancedRule } from './contrast-enhanced.ts';
import { cvdDistinctRule } from './cvd-distinct.ts';
import { nameCollisionRule } from './name-collision.ts';
import { notAllowedRule, outOfRangeRule } from './policy.ts';
import { protectedRule } from './protected.ts';
import { requiredRule } from './required.ts';
import { schemaRule } from './schema.ts';
import { typeMismatchRule } from './type-mismatch.ts';
import type { GovernanceRule } from './types.ts';
import type { Rule } from '../types.ts';
import { unknownPathRule } from './unknown-path.ts';

export type { GovernanceRule, LayerContext, RequiredPattern, RuleContext } from './types.ts';

/** Every rule, in the order their violations are listed. */
export const allRules: readonly GovernanceRule[] = [
  schemaRule,
  unknownPathRule,
  typeMismatchRule,
  aliasRule,
  nameCollisionRule,
  requiredRule,
  protectedRule,
  notAllowedRule,
  outOfRangeRule,
  contrastRule,
  contrastEnhancedRule,
  cvdDistinctRule,
];

export function rulesReported(rule: GovernanceRule): readonly Rule[] {
  return rule.reports ?? [rule.id as Rule];
}

export {
  aliasRule,
  contrastRule,
  contrastEnhancedRule,
  cvdDistinctRule,
  nameCollisionRule,
  notAllowedRule,
  outOfRangeRule,
  protectedRule,
  requiredRule,
  schemaRule,
  typeMismatchRule,
  unknownPathRule,
};
