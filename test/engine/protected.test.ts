import { describe, expect, it } from 'vitest';
import type { CatalogTheme } from '../../src/engine/types.ts';
import { compose, layer, resolvedOf } from './fixtures.ts';

const protectedViolations = (result: ReturnType<typeof compose>) =>
  result.violations.filter((v) => v.rule === 'protected').map((v) => ({ path: v.path, source: v.source, via: v.via }));

describe('the protected rule', () => {
  it('rejects a T1 that sets a protected token to another value, and never applies it', () => {
    const result = compose([layer('t1', { 'semantic.light.status.error': '#ff00ff' })]);
    expect(protectedViolations(result)).toEqual([
      { path: 'semantic.light.status.error', source: 't1', via: undefined },
    ]);
    expect(resolvedOf(result, 'semantic.light.status.error')).toBe('#dc2626');
    expect(result.theme.tokens.get('semantic.light.status.error')?.source).toBe('base');
  });

  it('rejects a change made through an alias, naming the layer path that caused it', () => {
    const result = compose([layer('t1', { 'primitive.color.red.600': '#ff00ff' })]);
    expect(protectedViolations(result)).toEqual([
      { path: 'semantic.light.status.error', source: 't1', via: 'primitive.color.red.600' },
      { path: 'semantic.dark.status.error', source: 't1', via: 'primitive.color.red.600' },
    ]);
    expect(result.violations[0]).toMatchObject({ expected: '#dc2626', actual: '#ff00ff' });
  });

  it('matches at dot boundaries: status.errorText is not protected by status.error', () => {
    const result = compose([
      layer('t1', {
        'semantic.dark.status.errorText': '#ff00ff',
        'semantic.light.status.errorText': '{primitive.color.blue.500}',
      }),
    ]);
    expect(result.ok).toBe(true);
  });

  it('rejects re-pointing a semantic alias that a protected token resolves through', () => {
    const result = compose([layer('t1', { 'semantic.light.text.link': '{primitive.color.blue.500}' })]);
    expect(protectedViolations(result)).toEqual([
      { path: 'semantic.light.focus.ring', source: 't1', via: 'semantic.light.text.link' },
    ]);
  });

  it("covers a protected pattern's whole subtree", () => {
    const result = compose([layer('t2', { 'semantic.dark.accessibility.min-target': '24px' })], {
      rules: ['protected'],
    });
    expect(protectedViolations(result)).toEqual([
      { path: 'semantic.dark.accessibility.min-target', source: 't2', via: undefined },
    ]);
  });

  it('rejects a change that leaves a protected token without a value', () => {
    const result = compose([layer('t1', { 'primitive.color.red.600': '{primitive.color.missing}' })], {
      rules: ['protected'],
    });
    expect(protectedViolations(result).map((v) => v.path)).toEqual([
      'semantic.light.status.error',
      'semantic.dark.status.error',
    ]);
    expect(result.violations[0]).toMatchObject({ actual: null });
  });

  it('holds for catalog themes too', () => {
    const theme: CatalogTheme = {
      name: 'loud',
      title: 'Loud',
      description: 'Too loud.',
      tokens: layer('theme', { 'primitive.color.blue.500': '#00ff00' }).tokens,
    };
    const result = compose([], { theme });
    expect(protectedViolations(result)).toEqual([
      { path: 'semantic.dark.focus.ring', source: 'theme', via: 'primitive.color.blue.500' },
    ]);
  });

  it("lets T0 change protected tokens, and measures lower layers against T0's values", () => {
    const t0 = layer('t0', { 'primitive.color.red.600': '#b91c1c' });
    const byT0 = compose([t0]);
    expect(byT0.ok).toBe(true);
    expect(resolvedOf(byT0, 'semantic.light.status.error')).toBe('#b91c1c');
    const t1SameAsT0 = compose([t0, layer('t1', { 'semantic.light.status.error': '#b91c1c' })]);
    expect(t1SameAsT0.ok).toBe(true);
    const t1OldValue = compose([t0, layer('t1', { 'semantic.light.status.error': '#dc2626' })]);
    expect(protectedViolations(t1OldValue).map((v) => v.path)).toEqual(['semantic.light.status.error']);
  });

  it('accepts a layer that repeats a protected value (literal or alias), ignores it, and says so', () => {
    const result = compose([
      layer('t1', {
        'semantic.light.status.error': '#DC2626',
        'semantic.dark.status.error': '{primitive.color.red.600}',
      }),
    ]);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ['protected_unchanged', 'semantic.light.status.error'],
      ['protected_unchanged', 'semantic.dark.status.error'],
    ]);
    // Ignored: the token still follows the base's alias, so a later T0 change reaches it.
    expect(result.theme.tokens.get('semantic.light.status.error')).toMatchObject({
      source: 'base',
      alias: 'primitive.color.red.600',
    });
  });

  it('lets other tokens alias a protected token', () => {
    const result = compose([layer('t1', { 'semantic.light.text.link': '{semantic.light.status.error}' })]);
    expect(protectedViolations(result)).toEqual([
      { path: 'semantic.light.focus.ring', source: 't1', via: 'semantic.light.text.link' },
    ]);
    const harmless = compose([layer('t1', { 'semantic.light.text.primary': '{semantic.light.status.error}' })]);
    expect(harmless.ok).toBe(true);
  });
});
