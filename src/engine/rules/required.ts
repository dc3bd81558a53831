// Required paths (governance.required): each must exist in the merged theme and resolve.
// A missing one is `schema`; one that exists but does not resolve is `alias_unresolved` (the alias rule
// usually reports the same token first, and compose keeps one violation per rule, path and source).
import { compilePattern, matchesPattern, PRIMITIVE_ROOT } from '../paths.ts';
import type { MergedToken, Violation } from '../types.ts';
import type { GovernanceRule, RequiredPattern } from './types.ts';

export const requiredRule: GovernanceRule = {
  id: 'required',
  reports: ['schema', 'alias_unresolved'],
  docs: 'Every path (or pattern) in the governance required list must exist in the merged theme and resolve to a value.',
  url: 'docs/rules/required.md',
  check(ctx) {
    const violations: Violation[] = [];
    // Layers cannot remove base tokens, so the base's matches (computed once) only need tokens added on top.
    const added: MergedToken[] = [];
    if (ctx.merged.tokens.size > ctx.base.tokens.size) {
      for (const token of ctx.merged.tokens.values()) if (!ctx.base.tokens.has(token.path)) added.push(token);
    }
    for (const { pattern, compiled, basePaths } of ctx.requiredPatterns ??
      requiredPatterns(ctx.governance.required, ctx.base.tokens.keys())) {
      const matches: MergedToken[] = [];
      for (const path of basePaths) {
        const token = ctx.merged.tokens.get(path);
        if (token) matches.push(token);
      }
      // Layers can only add primitives, so most patterns (semantic.*) can skip the added tokens.
      if (compiled[0] === '*' || compiled[0] === PRIMITIVE_ROOT) {
        for (const token of added) if (matchesPattern(compiled, token.path)) matches.push(token);
      }
      if (matches.length === 0) {
        violations.push({
          path: pattern,
          rule: 'schema',
          message: `The required token ${pattern} is missing.`,
          fix: `define ${pattern}`,
        });
      }
      for (const token of matches) {
        if (token.resolved !== undefined) continue;
        violations.push({
          path: token.path,
          rule: 'alias_unresolved',
          source: token.source,
          message: `${token.path} is required and must resolve to a value, but it does not.`,
          fix: `make ${token.path} resolve to a ${token.type}`,
        });
      }
    }
    return violations;
  },
};

/** The required patterns compiled, with the paths among `paths` that each one matches. */
export function requiredPatterns(patterns: readonly string[], paths: Iterable<string>): RequiredPattern[] {
  const all = [...paths];
  return patterns.map((pattern) => {
    const compiled = compilePattern(pattern);
    return { pattern, compiled, basePaths: all.filter((path) => matchesPattern(compiled, path)) };
  });
}
