import { describe, expect, it } from 'vitest';
import { composeTheme } from '../../src/engine/index.ts';
import { requiredRule } from '../../src/engine/rules/required.ts';
import type { RuleContext } from '../../src/engine/rules/index.ts';
import type { MergedTheme } from '../../src/engine/types.ts';
import { fixtureBase, fixtureGovernance, layer } from './fixtures.ts';

function checkRequired(merged: MergedTheme, required: string[]) {
  const ctx = {
    governance: { ...fixtureGovernance, required },
    base: merged,
    reference: merged,
    partner: null,
    merged,
    layers: [],
    policy: null,
    protectedPaths: [],
    warn() {},
  } satisfies RuleContext;
  return requiredRule.check(ctx);
}

describe('the required paths check', () => {
  it('reports a required path that is missing as schema', () => {
    expect(checkRequired(fixtureBase.theme, ['semantic.*.text.body'])).toEqual([
      expect.objectContaining({
        rule: 'schema',
        path: 'semantic.*.text.body',
        message: expect.stringMatching(/missing/),
      }),
    ]);
  });

  it('reports a required token that exists but does not resolve as alias_unresolved', () => {
    const broken = composeTheme(fixtureBase, [layer('t1', { 'primitive.color.white': '{primitive.color.nothing}' })], {
      rules: ['schema'],
    });
    expect(checkRequired(broken.theme, ['semantic.light.background.canvas'])).toEqual([
      expect.objectContaining({ rule: 'alias_unresolved', path: 'semantic.light.background.canvas' }),
    ]);
  });

  it('passes when every required token resolves', () => {
    expect(checkRequired(fixtureBase.theme, fixtureGovernance.required)).toEqual([]);
  });

  it('is reported once by compose even though the alias rule sees the same token', () => {
    const result = composeTheme(
      fixtureBase,
      [layer('t1', { 'semantic.light.text.primary': '{primitive.color.nothing}' })],
      { rules: ['alias_unresolved'] },
    );
    expect(result.violations.map((v) => v.path)).toEqual(['semantic.light.text.primary']);
  });
});
