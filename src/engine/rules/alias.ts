// `alias_unresolved` / `alias_cycle`: after the merge, every token must resolve to a value.
// Each failing token is reported once: at the root cause (the alias to a missing path, every member of a
// cycle) and, for tokens that only fail because their chain passes through one, naming where it breaks.
import { didYouMean } from '../paths.ts';
import { traceAlias } from '../resolve.ts';
import type { Violation } from '../types.ts';
import type { GovernanceRule } from './index.ts';

export const aliasRule: GovernanceRule = {
  id: 'alias',
  reports: ['alias_unresolved', 'alias_cycle'],
  docs: 'Every alias must resolve after the merge: no reference to a missing token, no cycle.',
  check(ctx) {
    const tokens = ctx.merged.tokens;
    const violations: Violation[] = [];
    let candidates: string[] | undefined;
    for (const [path, token] of tokens) {
      if (token.resolved !== undefined) continue;
      const trace = traceAlias(tokens, path);
      const base = { path, source: token.source };
      switch (trace.kind) {
        case 'missing': {
          if (trace.at === path) {
            candidates ??= [...tokens.keys()];
            const suggestion = didYouMean(trace.target, candidates);
            violations.push({
              ...base, rule: 'alias_unresolved', target: trace.target,
              message: `${path} refers to ${trace.target}, which does not exist${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
              fix: suggestion ? `refer to {${suggestion}}` : 'refer to an existing token',
              ...(suggestion && { suggestion }),
            });
          } else {
            violations.push({
              ...base, rule: 'alias_unresolved', target: trace.target,
              message: `${path} does not resolve: it goes through ${trace.at}, which refers to the missing ${trace.target}.`,
              fix: `fix the alias of ${trace.at}`,
            });
          }
          break;
        }
        case 'cycle': {
          const at = trace.cycle.indexOf(path);
          if (at !== -1) {
            const cycle = [...trace.cycle.slice(at), ...trace.cycle.slice(0, at)];
            violations.push({
              ...base, rule: 'alias_cycle', cycle,
              message: `${path} is part of an alias cycle: ${[...cycle, path].join(' → ')}.`,
              fix: 'make one token of the cycle a value instead of an alias',
            });
          } else {
            violations.push({
              ...base, rule: 'alias_unresolved',
              message: `${path} does not resolve: it goes through the alias cycle ${[...trace.cycle, trace.cycle[0]].join(' → ')}.`,
              fix: 'break the cycle',
            });
          }
          break;
        }
        case 'type':
          // The hop itself is a type_mismatch; tokens behind it only fail because of it.
          if (trace.at !== path) {
            violations.push({
              ...base, rule: 'alias_unresolved',
              message: `${path} does not resolve: it goes through ${trace.at}, which aliases ${trace.target}, a token of another type.`,
              fix: `fix the alias of ${trace.at}`,
            });
          }
          break;
        case 'value':
        case 'absent':
          violations.push({ ...base, rule: 'alias_unresolved', message: `${path} has no value.`, fix: 'give it a value' });
          break;
      }
    }
    return violations;
  },
};
