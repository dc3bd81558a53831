// `schema`: every layer must be well-formed DTCG whose values fit their types and are safe in CSS.
// Structural problems come from the parser (dtcg.ts); value and new-token problems from the merge; a value whose
// references, once filled in, do not fit its type, from resolution.
import type { TokenType, Violation } from '../types.ts';
import type { GovernanceRule } from './types.ts';

const EXAMPLES: Record<TokenType, string> = {
  color: 'use a CSS color such as "#1d4ed8" or "oklch(0.55 0.2 260)", or a DTCG color object',
  dimension: 'use a number with a unit, e.g. {"value": 16, "unit": "px"}, "16px" or "1.5rem"',
  fontFamily: 'use a family name or a list, e.g. ["Inter", "system-ui", "sans-serif"]',
  fontWeight: 'use a number from 1 to 1000 or a keyword such as "bold"',
  number: 'use a plain JSON number such as 1.5',
  duration: 'use e.g. {"value": 200, "unit": "ms"} or "200ms"',
  cubicBezier: 'use four numbers [x1, y1, x2, y2] with x1 and x2 between 0 and 1',
  shadow: 'use {"color", "offsetX", "offsetY", "blur", "spread", "inset"?} or a list of them',
  typography: 'use {"fontFamily", "fontSize", "fontWeight", "letterSpacing", "lineHeight"}',
  border: 'use {"color", "width", "style"}',
  transition: 'use {"duration", "delay", "timingFunction"}',
  gradient: 'use a list of stops [{"color", "position": 0–1}, …]',
  strokeStyle: 'use a keyword such as "dashed", or {"dashArray": [dimensions], "lineCap": "round"}',
};

export const schemaRule: GovernanceRule = {
  id: 'schema',
  reports: ['schema', 'name_collision'],
  docs:
    'A layer must be a DTCG tree of groups and tokens (safe names, DTCG $type, no prototype keys, bounded nesting) ' +
    'whose values fit their types and contain nothing that could escape a CSS declaration; a new token needs a $type.',
  url: 'docs/rules/schema.md',
  check(ctx) {
    const violations: Violation[] = [];
    for (const layer of ctx.layers) {
      for (const violation of layer.parsed.violations) violations.push({ ...violation, source: layer.source });
      for (const entry of layer.entries) {
        const { problem, token, source } = entry;
        if (problem?.kind === 'invalid_value') {
          violations.push({
            path: token.path,
            rule: 'schema',
            source,
            message: `${token.path}: the ${entry.type} value ${problem.message}.`,
            fix: EXAMPLES[entry.type!],
          });
        } else if (problem?.kind === 'missing_type') {
          violations.push({
            path: token.path,
            rule: 'schema',
            source,
            message: `${token.path} is a new token without a $type.`,
            fix: 'set $type on the token or on a group above it',
          });
        } else if (problem?.kind === 'structure') {
          violations.push({
            path: token.path,
            rule: 'schema',
            source,
            message: `${problem.message}.`,
            fix: 'choose a path that is not already a group or below a token',
          });
        }
      }
    }
    // A value whose references, filled in, do not fit its type (e.g. a pointer to the wrong part of a token).
    for (const token of ctx.merged.tokens.values()) {
      const failure = token.failure;
      if (failure?.kind !== 'value' || failure.at !== token.path) continue;
      violations.push({
        path: token.path,
        rule: 'schema',
        source: token.source,
        message: `${token.path}: the ${token.type} value, with its references filled in, ${failure.message}.`,
        fix: EXAMPLES[token.type],
      });
    }
    return violations;
  },
};
