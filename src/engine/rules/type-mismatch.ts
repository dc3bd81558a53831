// `type_mismatch`: an override keeps the base token's $type, and an alias points at a token of its own type.
import type { Violation } from '../types.ts';
import type { GovernanceRule } from './index.ts';

export const typeMismatchRule: GovernanceRule = {
  id: 'type_mismatch',
  docs: "A layer's $type (optional) must equal the base token's, and an alias must point at a token of the same type.",
  check(ctx) {
    const violations: Violation[] = [];
    for (const layer of ctx.layers) {
      for (const { problem, token, source } of layer.entries) {
        if (problem?.kind !== 'type_mismatch') continue;
        violations.push({
          path: token.path, rule: 'type_mismatch', source, expected: problem.expected, actual: problem.actual,
          message: `${token.path} is a ${problem.expected} in the base, but the layer gives it $type ${problem.actual}.`,
          fix: `remove $type or set it to "${problem.expected}"`,
        });
      }
    }
    // The base is checked once in prepareBase, so only aliases the layers wrote can cross types.
    for (const token of ctx.merged.tokens.values()) {
      if (token.source === 'base' || token.alias === undefined) continue;
      const target = ctx.merged.tokens.get(token.alias);
      if (!target || target.type === token.type) continue;
      violations.push({
        path: token.path, rule: 'type_mismatch', source: token.source, expected: token.type, actual: target.type, target: target.path,
        message: `${token.path} is a ${token.type} but aliases ${target.path}, which is a ${target.type}.`,
        fix: `alias a ${token.type} token instead`,
      });
    }
    return violations;
  },
};
