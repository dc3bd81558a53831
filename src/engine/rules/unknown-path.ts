// `unknown_path`: an override may only set a path the base has (new tokens only under primitive.*).
import { didYouMean, PRIMITIVE_ROOT } from '../paths.ts';
import type { Violation } from '../types.ts';
import type { GovernanceRule } from './types.ts';

// Suggestions cost an edit-distance scan of every path; a hostile layer full of unknown paths gets the
// violations without suggestions past this many.
const MAX_SUGGESTIONS = 50;

export const unknownPathRule: GovernanceRule = {
  id: 'unknown_path',
  docs: `An override may only set tokens that exist in the base (new tokens are allowed under ${PRIMITIVE_ROOT}.*); a close existing path is suggested.`,
  url: 'docs/rules/unknown_path.md',
  check(ctx) {
    const violations: Violation[] = [];
    let candidates: string[] | undefined;
    for (const layer of ctx.layers) {
      for (const { problem, token, source } of layer.entries) {
        if (problem?.kind !== 'unknown_path') continue;
        const path = token.path;
        if (problem.group) {
          violations.push({
            path,
            rule: 'unknown_path',
            source,
            message: `${path} is a group in the base, not a token; set the tokens inside it instead.`,
            fix: `set e.g. ${firstTokenBelow(ctx.merged.tokens.keys(), path) ?? `${path}.<name>`}`,
          });
          continue;
        }
        candidates ??= [...ctx.merged.tokens.keys()];
        const suggestion = violations.length < MAX_SUGGESTIONS ? didYouMean(path, candidates) : undefined;
        violations.push({
          path,
          rule: 'unknown_path',
          source,
          message: `${path} does not exist in the base${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
          fix: suggestion
            ? `rename it to ${suggestion}`
            : `override an existing token, or add new tokens under ${PRIMITIVE_ROOT}.*`,
          ...(suggestion && { suggestion }),
        });
      }
    }
    return violations;
  },
};

function firstTokenBelow(paths: Iterable<string>, group: string): string | undefined {
  for (const path of paths) if (path.startsWith(`${group}.`)) return path;
  return undefined;
}
