// `alias_unresolved` / `alias_cycle`: after the merge, every token must resolve to a value.
// Each failing token is reported once: at the root cause (a reference to a missing path, every member of a
// cycle) and, for tokens that only fail because something they refer to fails, naming where it breaks.
// A type mismatch at the token itself is `type_mismatch`, an ill-fitting filled-in value `schema` (their rules).
import { didYouMean } from '../paths.ts';
import type { MergedToken, ResolutionFailure, Violation } from '../types.ts';
import type { GovernanceRule } from './types.ts';

export const aliasRule: GovernanceRule = {
  id: 'alias',
  reports: ['alias_unresolved', 'alias_cycle'],
  docs: 'Every alias and reference must resolve after the merge: no reference to a missing token, no cycle.',
  url: 'docs/rules/alias_unresolved.md',
  check(ctx) {
    const tokens = ctx.merged.tokens;
    const violations: Violation[] = [];
    let candidates: string[] | undefined;
    const suggest = (target: string) => didYouMean(target, (candidates ??= [...tokens.keys()]));
    // Paths a layer wrote but that were refused: a reference to one is not to something that "does not exist".
    const refused = new Set<string>();
    for (const layer of ctx.layers) {
      for (const violation of layer.parsed.violations) refused.add(violation.path);
      for (const entry of layer.entries) if (entry.problem) refused.add(entry.token.path);
    }

    for (const layer of ctx.layers) {
      for (const { problem, token, source } of layer.entries) {
        if (problem?.kind !== 'untyped_alias') continue;
        const suggestion = suggest(problem.target);
        violations.push({
          path: token.path,
          rule: 'alias_unresolved',
          source,
          target: problem.target,
          message: `${token.path} has no $type and refers to ${problem.target}, whose type cannot be found (it does not exist or has none)${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
          fix: suggestion
            ? `refer to {${suggestion}}, or give ${token.path} a $type`
            : `give ${token.path} a $type and refer to an existing token`,
          ...(suggestion && { suggestion }),
        });
      }
    }

    for (const [path, token] of tokens) {
      const failure = token.failure;
      if (token.resolved !== undefined || failure === undefined) continue;
      const violation = describe(path, token, failure, suggest, refused);
      if (violation) violations.push(violation);
    }
    return violations;
  },
};

function describe(
  path: string,
  token: MergedToken,
  failure: ResolutionFailure,
  suggest: (target: string) => string | undefined,
  refused: ReadonlySet<string>,
): Violation | undefined {
  const base = { path, source: token.source };
  const here = failure.at === path;
  switch (failure.kind) {
    case 'missing': {
      const wasRefused = refused.has(failure.target);
      if (!here) {
        return {
          ...base,
          rule: 'alias_unresolved',
          target: failure.target,
          message: wasRefused
            ? `${path} does not resolve: it goes through ${failure.at}, which refers to ${failure.target}, a token that was refused (see its violation).`
            : `${path} does not resolve: it goes through ${failure.at}, which refers to the missing ${failure.target}.`,
          fix: wasRefused ? `fix ${failure.target}` : `fix the reference in ${failure.at}`,
        };
      }
      if (wasRefused) {
        return {
          ...base,
          rule: 'alias_unresolved',
          target: failure.target,
          ...(failure.part !== undefined && { part: failure.part }),
          message: `${path}${failure.part === undefined ? '' : `'s ${failure.part}`} refers to ${failure.target}, a token that was refused (see its violation).`,
          fix: `fix ${failure.target}`,
        };
      }
      const suggestion = suggest(failure.target);
      const where = failure.part === undefined ? '' : `'s ${failure.part}`;
      return {
        ...base,
        rule: 'alias_unresolved',
        target: failure.target,
        ...(failure.part !== undefined && { part: failure.part }),
        message: `${path}${where} refers to ${failure.target}, which does not exist${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
        fix: suggestion ? `refer to {${suggestion}}` : 'refer to an existing token',
        ...(suggestion && { suggestion }),
      };
    }
    case 'cycle': {
      const at = failure.cycle.indexOf(path);
      if (at !== -1) {
        const cycle = [...failure.cycle.slice(at), ...failure.cycle.slice(0, at)];
        return {
          ...base,
          rule: 'alias_cycle',
          cycle,
          message: `${path} is part of a reference cycle: ${[...cycle, path].join(' → ')}.`,
          fix: 'make one token of the cycle a value instead of a reference',
        };
      }
      return {
        ...base,
        rule: 'alias_unresolved',
        message: `${path} does not resolve: it goes through the reference cycle ${[...failure.cycle, failure.cycle[0]].join(' → ')}.`,
        fix: 'break the cycle',
      };
    }
    case 'depth':
      return {
        ...base,
        rule: 'alias_unresolved',
        message: `${path} does not resolve: ${here ? 'its' : `${failure.at}'s`} references nest too deeply to follow.`,
        fix: 'refer to tokens more directly',
      };
    case 'type':
    case 'value':
      // At the token itself: type_mismatch / schema say it. Behind it: this token only fails because of that.
      if (here) return undefined;
      return {
        ...base,
        rule: 'alias_unresolved',
        message:
          failure.kind === 'type'
            ? `${path} does not resolve: it goes through ${failure.at}, which refers to ${failure.target}, a token of another type.`
            : `${path} does not resolve: it goes through ${failure.at}, whose value does not fit its type.`,
        fix: `fix ${failure.at}`,
      };
  }
}
