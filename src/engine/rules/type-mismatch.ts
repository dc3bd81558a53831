// `type_mismatch`: an override keeps the base token's $type, and a reference points at a token of the type its
// place needs (an alias: its own type; a composite's sub-value: the sub-value's type, e.g. a shadow's color).
import type { Violation } from '../types.ts';
import type { GovernanceRule } from './types.ts';

export const typeMismatchRule: GovernanceRule = {
  id: 'type_mismatch',
  docs: "A layer's $type (optional) must equal the base token's, and a reference must point at a token of the type its place needs.",
  url: 'docs/rules/type_mismatch.md',
  check(ctx) {
    const violations: Violation[] = [];
    for (const layer of ctx.layers) {
      for (const { problem, token, source } of layer.entries) {
        if (problem?.kind !== 'type_mismatch') continue;
        violations.push({
          path: token.path,
          rule: 'type_mismatch',
          source,
          expected: problem.expected,
          actual: problem.actual,
          message: `${token.path} is a ${problem.expected} in the base, but the layer gives it $type ${problem.actual}.`,
          fix: `remove $type or set it to "${problem.expected}"`,
        });
      }
    }
    for (const token of ctx.merged.tokens.values()) {
      const failure = token.failure;
      if (failure?.kind !== 'type' || failure.at !== token.path) continue;
      const place =
        failure.part === undefined
          ? `${token.path} is a ${token.type} but aliases`
          : `${token.path}'s ${failure.part} needs a ${failure.expected} but refers to`;
      violations.push({
        path: token.path,
        rule: 'type_mismatch',
        source: token.source,
        expected: failure.expected,
        actual: failure.actual,
        target: failure.target,
        ...(failure.part !== undefined && { part: failure.part }),
        message: `${place} ${failure.target}, which is a ${failure.actual}.`,
        fix: `refer to a ${failure.expected} token instead`,
      });
    }
    return violations;
  },
};
