// `protected`: tokens matching governance.protected belong to T0. A layer below T0 (catalog theme, T1, T2)
// may not change one, neither directly nor by changing a token its alias chain passes through.
//
// Both checks compare *resolved* values against the reference theme (base ← t0), so an alias cannot be
// used to get around them and a same-valued re-export is not a change:
// - direct: the merge never applies a lower layer's entry at a protected path. If that entry resolves to
//   exactly the reference value (a full export that includes the protected tokens), it is accepted with a
//   warning — ignored either way, so it can never pin an old value once T0 changes the base; any other
//   value is a violation.
// - through an alias: for every protected base token whose resolved value differs from the reference, the
//   first token along its merged alias chain that a lower layer set is named as the cause.
import type { LayerEntry } from '../merge.ts';
import { LOWER_SOURCES } from '../merge.ts';
import { resolveDetached } from '../resolve.ts';
import type { LayerSource, MergedToken, Violation } from '../types.ts';
import type { GovernanceRule, RuleContext } from './types.ts';

const LAYER_NAMES: Record<LayerSource, string> = {
  base: 'base',
  theme: 'catalog theme',
  t0: 'platform (T0)',
  t1: 'partner (T1)',
  t2: 'customer (T2)',
};

export const protectedRule: GovernanceRule = {
  id: 'protected',
  docs:
    'Protected tokens belong to the platform: a catalog theme, partner or customer layer may not change their resolved ' +
    'value, directly or through a token their alias chain passes through.',
  url: 'docs/rules/protected.md',
  check(ctx) {
    const violations: Violation[] = [];
    for (const layer of ctx.layers) {
      if (!LOWER_SOURCES.has(layer.source)) continue;
      for (const entry of layer.entries) {
        if (!entry.protectedPath) continue;
        const path = entry.token.path;
        const before = ctx.reference.tokens.get(path)?.resolved;
        const after = entryValue(ctx, entry);
        if (before !== undefined && after === before) {
          ctx.warn({
            path,
            code: 'protected_unchanged',
            message: `${path} is protected; the layer sets it to its current value, so the entry is ignored.`,
          });
          continue;
        }
        violations.push({
          path,
          rule: 'protected',
          source: layer.source,
          message: `${path} is protected: the ${LAYER_NAMES[layer.source]} layer may not change it.`,
          fix: `remove ${path} from the layer`,
          ...(before !== undefined && { expected: before }),
        });
      }
    }
    for (const path of ctx.protectedPaths) {
      const before = ctx.reference.tokens.get(path)?.resolved;
      const after = ctx.merged.tokens.get(path)?.resolved;
      if (after === before) continue;
      const cause = changedLink(ctx, path);
      const shownAfter = after ?? 'no value';
      violations.push({
        path,
        rule: 'protected',
        expected: before ?? null,
        actual: after ?? null,
        ...(cause && { source: cause.source, via: cause.path }),
        message: cause
          ? `${path} is protected: it would change from ${before} to ${shownAfter} because the ${LAYER_NAMES[cause.source]} layer changes ${cause.path}, which it resolves through.`
          : `${path} is protected: it would change from ${before} to ${shownAfter}.`,
        fix: cause
          ? `leave ${cause.path} as it is, or re-point the tokens you want to change at a new primitive`
          : `leave ${path} unchanged`,
      });
    }
    return violations;
  },
};

/** What a lower layer's entry at a protected path resolves to in the full merge; undefined when it does not. */
function entryValue(ctx: RuleContext, entry: LayerEntry): string | undefined {
  if (entry.problem) return undefined;
  if (entry.css !== undefined) return entry.css;
  // An alias, or a value with references inside: what it would resolve to where it stands in the merge.
  if (entry.type === undefined) return undefined;
  const token: MergedToken = { path: entry.token.path, type: entry.type, raw: entry.token.raw, source: entry.source };
  if (entry.token.alias !== undefined) token.alias = entry.token.alias;
  else token.refs = true;
  return resolveDetached(ctx.merged.tokens, token);
}

/** The nearest token that `path`'s resolution reads (through aliases and references) and a lower layer set. */
function changedLink(ctx: RuleContext, path: string): { path: string; source: LayerSource } | undefined {
  const seen = new Set<string>([path]);
  const queue = [path];
  for (let i = 0; i < queue.length; i++) {
    const token = ctx.merged.tokens.get(queue[i]!);
    if (!token) continue;
    if (LOWER_SOURCES.has(token.source)) return { path: token.path, source: token.source };
    for (const next of token.deps ?? (token.alias !== undefined ? [token.alias] : [])) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return undefined;
}
