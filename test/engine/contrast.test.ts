import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { contrastRule, truncateTo2Decimals } from '../../src/engine/rules/contrast.ts';
import type { RuleContext } from '../../src/engine/rules/index.ts';
import type { ContrastPair, ContrastViolation, LayerSource, MergedTheme, TokenType } from '../../src/engine/types.ts';

// Independent oracle for suggestions, which are always 6-digit hex.
const wcag = createRequire(import.meta.url)('wcag-contrast') as { hex(a: string, b: string): number };

type TokenSpec = string | { type?: TokenType; resolved?: string; source?: LayerSource };

/** A merged theme from `path → resolved color` (or a fuller spec). */
function theme(tokens: Record<string, TokenSpec>): MergedTheme {
  const map = new Map();
  for (const [path, spec] of Object.entries(tokens)) {
    const { type = 'color', resolved, source = 'base' } = typeof spec === 'string' ? { resolved: spec } : spec;
    map.set(path, { path, type, raw: resolved, css: resolved, resolved, source });
  }
  return { tokens: map };
}

function check(merged: MergedTheme, pairs: ContrastPair[]): ContrastViolation[] {
  const ctx: RuleContext = {
    governance: { protected: [], required: [], pairs },
    base: merged,
    reference: merged,
    partner: null,
    merged,
    layers: [],
    policy: null,
    protectedPaths: [],
    warn: () => {},
  };
  return contrastRule.check(ctx) as ContrastViolation[];
}

const textOnCanvas = (min = 4.5, modes: ContrastPair['modes'] = ['light', 'dark']): ContrastPair => ({
  fg: 'text.primary',
  bg: 'background.canvas',
  min,
  modes,
});

const goodTheme = {
  'semantic.light.text.primary': '#0f172a',
  'semantic.light.background.canvas': '#ffffff',
  'semantic.dark.text.primary': '#f8fafc',
  'semantic.dark.background.canvas': '#0f172a',
};

describe('contrast rule', () => {
  it('accepts a theme whose pairs pass in every mode', () => {
    expect(check(theme(goodTheme), [textOnCanvas()])).toEqual([]);
  });

  it('reports a pair failing in dark mode only, with both paths, the ratio, the threshold and a passing suggestion', () => {
    const merged = theme({ ...goodTheme, 'semantic.dark.text.primary': { resolved: '#475569', source: 't1' } });
    const [violation, ...others] = check(merged, [textOnCanvas()]);
    expect(others).toEqual([]);
    expect(violation).toMatchObject({
      path: 'semantic.dark.text.primary',
      rule: 'contrast',
      pair: ['semantic.dark.text.primary', 'semantic.dark.background.canvas'],
      mode: 'dark',
      required: 4.5,
      source: 't1',
    });
    expect(violation!.ratio).toBeLessThan(4.5);
    expect(violation!.message).toContain('semantic.dark.text.primary');
    expect(violation!.message).toContain('semantic.dark.background.canvas');
    expect(violation!.message).toContain('dark');
    expect(violation!.message).toContain(`${violation!.ratio}:1`);
    expect(violation!.message).toContain('4.5:1');
    expect(wcag.hex(violation!.suggestion!, '#0f172a')).toBeGreaterThanOrEqual(4.5);
    expect(violation!.fix).toBe(`set semantic.dark.text.primary to ${violation!.suggestion}`);
  });

  it('only checks the modes a pair lists', () => {
    const merged = theme({ ...goodTheme, 'semantic.dark.text.primary': '#475569' });
    expect(check(merged, [textOnCanvas(4.5, ['light'])])).toEqual([]);
  });

  it('truncates the ratio instead of rounding it', () => {
    // #777777 on white is 4.478…:1 — rounding would say 4.48
    const merged = theme({ 'semantic.light.text.primary': '#777777', 'semantic.light.background.canvas': '#ffffff' });
    expect(check(merged, [textOnCanvas(4.5, ['light'])])[0]!.ratio).toBe(4.47);
  });

  it('never prints a failing ratio as the threshold', () => {
    // rgb(118 119 118) on white is 4.496…:1 — rounding would print a passing-looking 4.50
    const merged = theme({
      'semantic.light.text.primary': 'rgb(118 119 118)',
      'semantic.light.background.canvas': '#ffffff',
    });
    const [violation] = check(merged, [textOnCanvas(4.5, ['light'])]);
    expect(violation!.ratio).toBe(4.49);
  });

  it('truncates exactly even where binary floating point misleads', () => {
    expect(truncateTo2Decimals(4.57)).toBe(4.57); // 4.57 * 100 = 456.99999999999994
    expect(truncateTo2Decimals(1.15)).toBe(1.15);
    expect(truncateTo2Decimals(4.4999999)).toBe(4.49);
    expect(truncateTo2Decimals(21)).toBe(21);
  });

  it('passes on the exact ratio: 4.54:1 meets 4.5 but not 4.55', () => {
    const merged = theme({ 'semantic.light.text.primary': '#767676', 'semantic.light.background.canvas': '#ffffff' });
    expect(check(merged, [textOnCanvas(4.5, ['light'])])).toEqual([]);
    expect(check(merged, [textOnCanvas(4.55, ['light'])])[0]!.ratio).toBe(4.54);
  });

  it('measures a translucent text color over its background, not as if it were opaque', () => {
    // opaque black would pass with 21:1; at 30% it is a light grey on white
    const merged = theme({
      'semantic.light.text.primary': 'rgb(0 0 0 / 0.3)',
      'semantic.light.background.canvas': '#ffffff',
    });
    const [violation] = check(merged, [textOnCanvas(4.5, ['light'])]);
    expect(violation!.ratio).toBeLessThan(4.5);
    expect(wcag.hex(violation!.suggestion!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('checks out-of-gamut and wide-gamut colors after gamut mapping', () => {
    const merged = theme({
      'semantic.light.text.primary': 'oklch(0.75 0.3 145)',
      'semantic.light.background.canvas': 'color(display-p3 1 1 1)',
    });
    const [violation] = check(merged, [textOnCanvas(4.5, ['light'])]);
    expect(violation!.ratio).toBeGreaterThan(1);
    expect(wcag.hex(violation!.suggestion!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('says so, with no suggestion, when no text color can reach the threshold', () => {
    const merged = theme({ 'semantic.light.text.primary': '#444444', 'semantic.light.background.canvas': '#777777' });
    const [violation] = check(merged, [textOnCanvas(7, ['light'])]);
    expect(violation!.suggestion).toBeNull();
    expect(violation!.ratio).not.toBeNull();
    expect(violation!.message).toMatch(/no foreground color reaches 7:1/);
  });

  describe('fails closed when a pair cannot be measured', () => {
    const cases: [string, Record<string, TokenSpec>, RegExp][] = [
      [
        'a missing background',
        { 'semantic.light.text.primary': '#000000' },
        /semantic\.light\.background\.canvas does not exist/,
      ],
      [
        'an unresolved alias',
        { 'semantic.light.text.primary': { resolved: undefined }, 'semantic.light.background.canvas': '#ffffff' },
        /semantic\.light\.text\.primary does not resolve/,
      ],
      [
        'a token that is not a color',
        {
          'semantic.light.text.primary': { type: 'dimension', resolved: '16px' },
          'semantic.light.background.canvas': '#ffffff',
        },
        /semantic\.light\.text\.primary is a dimension token, not a color/,
      ],
      [
        'a value that does not parse as a color',
        { 'semantic.light.text.primary': '#000000', 'semantic.light.background.canvas': 'var(--canvas)' },
        /semantic\.light\.background\.canvas resolves to "var\(--canvas\)", which is not a color/,
      ],
    ];
    it.each(cases)('%s', (_name, tokens, why) => {
      const violations = check(theme(tokens), [textOnCanvas(4.5, ['light'])]);
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({
        path: 'semantic.light.text.primary',
        rule: 'contrast',
        pair: ['semantic.light.text.primary', 'semantic.light.background.canvas'],
        mode: 'light',
        ratio: null,
        suggestion: null,
        required: 4.5,
      });
      expect(violations[0]!.message).toMatch(why);
    });
  });

  it('reports every failing pair and mode, not just the first', () => {
    const merged = theme({
      'semantic.light.text.primary': '#999999',
      'semantic.light.background.canvas': '#ffffff',
      'semantic.dark.text.primary': '#333333',
      'semantic.dark.background.canvas': '#000000',
      'semantic.light.interactive.primary': '#dddddd',
    });
    const violations = check(merged, [
      textOnCanvas(),
      { fg: 'interactive.primary', bg: 'background.canvas', min: 3, modes: ['light', 'dark'] },
    ]);
    expect(violations.map((v) => `${v.pair[0]}|${v.mode}`)).toEqual([
      'semantic.light.text.primary|light',
      'semantic.dark.text.primary|dark',
      'semantic.light.interactive.primary|light',
      'semantic.dark.interactive.primary|dark',
    ]);
    expect(violations[3]!.ratio).toBeNull();
  });
});
