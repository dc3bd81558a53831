import { describe, expect, it } from 'vitest';
import type { RuleContext } from '../../src/engine/rules/index.ts';
import { hueWithin, notAllowedRule, outOfRangeRule } from '../../src/engine/rules/policy.ts';
import type { LayerSource, MergedTheme, ParsedToken, Policy, TokenType } from '../../src/engine/types.ts';

type TokenSpec = string | { type?: TokenType; resolved?: string; source?: LayerSource; alias?: string };

function theme(tokens: Record<string, TokenSpec>): MergedTheme {
  const map = new Map();
  for (const [path, spec] of Object.entries(tokens)) {
    const { type = 'color', resolved, source = 'base', alias } = typeof spec === 'string' ? { resolved: spec } : spec;
    map.set(path, { path, type, raw: alias ? `{${alias}}` : resolved, alias, resolved, source });
  }
  return { tokens: map };
}

/** The paths a t2 layer sets, as its parse result. */
function t2Layer(paths: string[]) {
  const tokens = new Map<string, ParsedToken>(paths.map((path) => [path, { path, raw: '' }]));
  return { source: 't2' as const, parsed: { tokens, violations: [], warnings: [] }, entries: [] };
}

/**
 * A composition: the partner's resolved theme, the t2 changes on top (path → value), and the policy.
 * `t2: null` means there is no t2 layer at all.
 */
function composition(opts: {
  partner: Record<string, TokenSpec>;
  t2: Record<string, TokenSpec> | null;
  policy: Policy | null;
  merged?: Record<string, TokenSpec>;
}): RuleContext {
  const partner = theme(opts.partner);
  const merged = theme({ ...opts.partner, ...opts.t2, ...opts.merged });
  return {
    governance: { protected: [], pairs: [], required: [] },
    base: partner,
    reference: partner,
    partner: opts.t2 === null ? null : partner,
    merged,
    layers: [
      { source: 't1', parsed: { tokens: new Map(), violations: [], warnings: [] }, entries: [] },
      ...(opts.t2 === null ? [] : [t2Layer(Object.keys(opts.t2))]),
    ],
    policy: opts.policy,
    protectedPaths: [],
    warn: () => {},
  };
}

const partner = {
  'semantic.light.interactive.primary': '#3b82f6',
  'semantic.dark.interactive.primary': '#60a5fa',
  'semantic.light.text.primary': '#0f172a',
  'semantic.light.status.error': '#dc2626',
  'semantic.light.statusText.error': '#991b1b',
  'spacing.md': { type: 'dimension', resolved: '16px' },
  'radius.md': { type: 'dimension', resolved: '6px' },
} satisfies Record<string, TokenSpec>;

describe('not_allowed', () => {
  it('does nothing when there is no t2 layer, even without a policy', () => {
    expect(notAllowedRule.check(composition({ partner, t2: null, policy: null }))).toEqual([]);
  });

  it('refuses every t2 change when the partner has no policy', () => {
    const ctx = composition({
      partner,
      t2: { 'semantic.light.interactive.primary': '#2563eb', 'spacing.md': '12px' },
      policy: null,
    });
    const violations = notAllowedRule.check(ctx);
    expect(violations.map((v) => [v.path, v.rule])).toEqual([
      ['semantic.light.interactive.primary', 'not_allowed'],
      ['spacing.md', 'not_allowed'],
    ]);
    expect(violations[0]!.message).toMatch(/allows no changes/);
    expect(violations[0]!.source).toBe('t2');
  });

  it('accepts paths covered by the allow-list, wildcards and subtrees included', () => {
    const policy = { allow: ['semantic.*.interactive', 'spacing.md'], ranges: {} };
    const t2 = {
      'semantic.light.interactive.primary': '#2563eb',
      'semantic.dark.interactive.primary': '#93c5fd',
      'spacing.md': '12px',
    };
    expect(notAllowedRule.check(composition({ partner, t2, policy }))).toEqual([]);
  });

  it('refuses a path outside the allow-list and names the allow-list', () => {
    const policy = { allow: ['semantic.*.interactive'], ranges: {} };
    const violations = notAllowedRule.check(
      composition({ partner, t2: { 'semantic.light.text.primary': '#000000' }, policy }),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      path: 'semantic.light.text.primary',
      rule: 'not_allowed',
      allowed: ['semantic.*.interactive'],
    });
    expect(violations[0]!.message).toContain('semantic.*.interactive');
  });

  it('matches at dot boundaries: status.error does not allow statusText.error', () => {
    const policy = { allow: ['semantic.light.status'], ranges: {} };
    const violations = notAllowedRule.check(
      composition({ partner, t2: { 'semantic.light.statusText.error': '#7f1d1d' }, policy }),
    );
    expect(violations.map((v) => v.path)).toEqual(['semantic.light.statusText.error']);
  });

  it('lets `*` stand for exactly one segment', () => {
    const policy = { allow: ['semantic.*.primary'], ranges: {} };
    const violations = notAllowedRule.check(
      composition({ partner, t2: { 'semantic.light.interactive.primary': '#2563eb' }, policy }),
    );
    expect(violations).toHaveLength(1);
  });
});

describe('out_of_range', () => {
  const allowAll = (ranges: Policy['ranges']): Policy => ({
    allow: ['semantic', 'spacing', 'radius', 'primitive'],
    ranges,
  });
  const primary = 'semantic.light.interactive.primary';

  it('does nothing when there is no t2 layer', () => {
    const ctx = composition({ partner, t2: null, policy: allowAll({ [primary]: { lightness: [0.9, 1] } }) });
    expect(outOfRangeRule.check(ctx)).toEqual([]);
  });

  describe('colors', () => {
    it("rejects a T2 color outside the partner's ΔE range, with the range", () => {
      const ctx = composition({
        partner,
        t2: { [primary]: '#ef4444' },
        policy: allowAll({ [primary]: { maxDeltaE: 0.1 } }),
      });
      const [violation, ...others] = outOfRangeRule.check(ctx);
      expect(others).toEqual([]);
      expect(violation).toMatchObject({ path: primary, rule: 'out_of_range', source: 't2', range: { maxDeltaE: 0.1 } });
      expect(violation!.actual).toBeGreaterThan(0.1);
      expect(violation!.message).toContain('#3b82f6');
    });

    it("accepts a T2 color within the partner's ΔE range", () => {
      const ctx = composition({
        partner,
        t2: { [primary]: '#2f7bf5' },
        policy: allowAll({ [primary]: { maxDeltaE: 0.05 } }),
      });
      expect(outOfRangeRule.check(ctx)).toEqual([]);
    });

    it('measures ΔE against the partner value even when the T2 writes another syntax', () => {
      const ctx = composition({
        partner,
        t2: { [primary]: 'rgb(59 130 246)' },
        policy: allowAll({ [primary]: { maxDeltaE: 0.001 } }),
      });
      expect(outOfRangeRule.check(ctx)).toEqual([]);
    });

    it('enforces OKLCH lightness bounds', () => {
      const policy = allowAll({ 'semantic.*.interactive': { lightness: [0.4, 0.7] } });
      const tooLight = outOfRangeRule.check(composition({ partner, t2: { [primary]: '#bfdbfe' }, policy }));
      expect(tooLight).toHaveLength(1);
      expect(tooLight[0]).toMatchObject({ range: { lightness: [0.4, 0.7] } });
      expect(tooLight[0]!.actual).toBeGreaterThan(0.7);
      const tooDark = outOfRangeRule.check(composition({ partner, t2: { [primary]: '#1e3a8a' }, policy }));
      expect(tooDark[0]!.actual).toBeLessThan(0.4);
      expect(outOfRangeRule.check(composition({ partner, t2: { [primary]: '#2563eb' }, policy }))).toEqual([]);
    });

    it('enforces hue bounds', () => {
      const policy = allowAll({ [primary]: { hue: [200, 280] } });
      expect(outOfRangeRule.check(composition({ partner, t2: { [primary]: '#6366f1' }, policy }))).toEqual([]);
      const [violation] = outOfRangeRule.check(composition({ partner, t2: { [primary]: '#ef4444' }, policy }));
      expect(violation).toMatchObject({ rule: 'out_of_range', range: { hue: [200, 280] } });
      expect(violation!.actual).toBeLessThan(200);
    });

    it('wraps a hue range whose min is above its max through 0°', () => {
      const policy = allowAll({ [primary]: { hue: [340, 40] } });
      const hueOf = (value: string) => outOfRangeRule.check(composition({ partner, t2: { [primary]: value }, policy }));
      expect(hueOf('#ef4444')).toEqual([]); // red, ~25°
      expect(hueOf('#ec4899')).toEqual([]); // pink, ~354°
      expect(hueOf('#ff00ff')).toHaveLength(1); // magenta, ~328°
      expect(hueOf('#3b82f6')).toHaveLength(1); // blue, ~260°
      expect(hueWithin(0, [340, 40])).toBe(true);
      expect(hueWithin(-10, [340, 40])).toBe(true);
      expect(hueWithin(180, [-20, 40])).toBe(false);
      expect(hueWithin(350, [-20, 40])).toBe(true);
      expect(hueWithin(123, [0, 360])).toBe(true);
    });

    it('treats a grey as having no hue, so it is outside every hue range', () => {
      const policy = allowAll({ [primary]: { hue: [200, 280] } });
      for (const grey of ['#808080', '#f8fafc']) {
        // #f8fafc has an OKLCH hue of ~248° but a chroma of ~0.003: no visible hue
        const [violation] = outOfRangeRule.check(composition({ partner, t2: { [primary]: grey }, policy }));
        expect(violation).toMatchObject({ range: { hue: [200, 280] }, actual: null });
        expect(violation!.message).toMatch(/no discernible hue/);
      }
    });

    it('reports each broken bound separately, with only that bound', () => {
      const policy = allowAll({ [primary]: { maxDeltaE: 0.05, lightness: [0.4, 0.7], hue: [200, 280] } });
      const violations = outOfRangeRule.check(composition({ partner, t2: { [primary]: '#fecaca' }, policy }));
      expect(violations.map((v) => Object.keys(v.range as object))).toEqual([['maxDeltaE'], ['lightness'], ['hue']]);
    });

    it('fails closed when a ΔE range has no partner color to measure from', () => {
      const policy = allowAll({ 'primitive.brand': { maxDeltaE: 0.1 } });
      const [violation] = outOfRangeRule.check(
        composition({ partner, t2: { 'primitive.brand.500': '#3b82f6' }, policy }),
      );
      expect(violation).toMatchObject({ path: 'primitive.brand.500', range: { maxDeltaE: 0.1 }, actual: null });
    });

    it('checks a ranged token whose value the T2 changed through an alias', () => {
      // The T2 may edit the brand primitive; the ranged semantic token aliases it.
      const policy = allowAll({ [primary]: { lightness: [0.4, 0.7] } });
      const ctx = composition({
        partner: {
          ...partner,
          'primitive.brand.500': '#3b82f6',
          [primary]: { resolved: '#3b82f6', alias: 'primitive.brand.500', source: 't1' },
        },
        t2: { 'primitive.brand.500': '#dbeafe' },
        merged: { [primary]: { resolved: '#dbeafe', alias: 'primitive.brand.500', source: 't1' } },
        policy,
      });
      expect(outOfRangeRule.check(ctx).map((v) => v.path)).toEqual([primary]);
    });

    it('leaves unresolved values to the alias rules', () => {
      const policy = allowAll({ [primary]: { lightness: [0.4, 0.7] } });
      const ctx = composition({ partner, t2: { [primary]: { resolved: undefined } }, policy });
      expect(outOfRangeRule.check(ctx)).toEqual([]);
    });
  });

  describe('dimensions', () => {
    const policy = allowAll({ 'spacing.md': { min: '12px', max: '24px' } });
    const spacing = (value: string) =>
      outOfRangeRule.check(
        composition({ partner, t2: { 'spacing.md': { type: 'dimension', resolved: value } }, policy }),
      );

    it('accepts values within min and max, comparing rem at 16px', () => {
      expect(spacing('12px')).toEqual([]);
      expect(spacing('24px')).toEqual([]);
      expect(spacing('1rem')).toEqual([]);
      expect(spacing('0.75rem')).toEqual([]);
    });

    it('rejects a value below the minimum, with the minimum', () => {
      const [violation, ...others] = spacing('0.5rem');
      expect(others).toEqual([]);
      expect(violation).toMatchObject({
        path: 'spacing.md',
        rule: 'out_of_range',
        range: { min: '12px' },
        actual: '0.5rem',
      });
      expect(violation!.message).toMatch(/below the allowed minimum 12px/);
    });

    it('rejects a value above the maximum, with the maximum', () => {
      const [violation] = spacing('32px');
      expect(violation).toMatchObject({ range: { max: '24px' }, actual: '32px' });
    });

    it('rejects a unit it cannot compare, saying why', () => {
      const violations = spacing('5vw');
      expect(violations).toHaveLength(2);
      expect(violations[0]!.message).toMatch(/different units/);
    });

    it('compares other units when they match the bound', () => {
      const vw = allowAll({ 'spacing.md': { max: '10vw' } });
      const check = (value: string) =>
        outOfRangeRule.check(
          composition({ partner, t2: { 'spacing.md': { type: 'dimension', resolved: value } }, policy: vw }),
        );
      expect(check('8vw')).toEqual([]);
      expect(check('12vw')).toHaveLength(1);
    });

    it('ignores color bounds on a dimension under a subtree pattern', () => {
      const mixed = allowAll({ semantic: { lightness: [0.4, 0.7] }, spacing: { min: '12px' } });
      const ctx = composition({
        partner,
        t2: { 'spacing.md': { type: 'dimension', resolved: '14px' } },
        policy: mixed,
      });
      expect(outOfRangeRule.check(ctx)).toEqual([]);
    });
  });
});
