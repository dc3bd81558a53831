// The studio preview's accessibility variants as CSS: each variant's values land on its own mode's container only,
// forced colors after more contrast, and the color-vision filter on both containers.
import { describe, expect, it } from 'vitest';
import { variantValues } from '../../src/engine/emit/light.ts';
import { composeTheme } from '../../src/engine/index.ts';
import type { Mode } from '../../src/engine/types.ts';
import { unmetText, type VariantState, variantCss } from '../../src/studio/client/variants.ts';
import { loadPlatform } from '../../src/themes/platform.ts';

const platform = loadPlatform();
const { governance } = platform.base;
const theme = composeTheme(platform.base, [], { rules: [] }).theme;
const SCOPE = '.x .pv';
const off: VariantState = { moreContrast: false, forcedColors: false, simulate: null };

/** The CSS's rules as [selector, [name, value][]] in order. */
function rules(css: string): [string, [string, string][]][] {
  return [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].map((m) => [
    m[1]!.trim(),
    m[2]!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const colon = d.indexOf(':');
        return [d.slice(0, colon).trim(), d.slice(colon + 1).trim()] as [string, string];
      }),
  ]);
}

/** The value each property ends with on `mode`'s container (later rules win: the selectors are equally specific). */
function finalValues(css: string, mode: Mode): Map<string, string> {
  const values = new Map<string, string>();
  for (const [selector, declarations] of rules(css))
    if (selector === `${SCOPE}[data-mode="${mode}"]`) for (const [n, v] of declarations) values.set(n, v);
  return values;
}

describe('variantCss', () => {
  it('is empty with every toggle off', () => {
    expect(variantCss(theme, governance, off, SCOPE)).toBe('');
  });

  it("puts each mode's more-contrast values on that mode's container only", () => {
    const css = variantCss(theme, governance, { ...off, moreContrast: true }, SCOPE);
    for (const selector of rules(css).map(([s]) => s)) expect(selector).toMatch(/\[data-mode="(light|dark)"\]$/);
    for (const mode of ['light', 'dark'] as const) {
      const expected = variantValues(theme, governance, 'more-contrast', mode);
      expect(finalValues(css, mode)).toEqual(expected);
    }
    expect(variantValues(theme, governance, 'more-contrast', 'light').size).toBeGreaterThan(0);
  });

  it('lets forced colors win over more contrast, in the color scheme of the mode', () => {
    const css = variantCss(theme, governance, { ...off, moreContrast: true, forcedColors: true }, SCOPE);
    for (const mode of ['light', 'dark'] as const) {
      const values = finalValues(css, mode);
      const forced = variantValues(theme, governance, 'forced-colors', mode);
      expect(forced.size).toBeGreaterThan(0);
      for (const [name, value] of forced) expect(values.get(name), name).toBe(value);
      for (const [name, value] of variantValues(theme, governance, 'more-contrast', mode))
        if (!forced.has(name)) expect(values.get(name), name).toBe(value);
      expect(values.get('color-scheme')).toBe(mode);
    }
  });

  it('filters both containers through the chosen simulation', () => {
    const css = variantCss(theme, governance, { ...off, simulate: 'tritanopia' }, SCOPE);
    expect(rules(css)).toEqual([[SCOPE, [['filter', 'url(#studio-cvd-tritanopia)']]]]);
  });
});

describe('unmetText', () => {
  it('never rounds a ratio up to the level it misses', () => {
    const text = unmetText({ fg: 'text.muted', bg: 'background.canvas', mode: 'dark', required: 7, ratio: 6.996 });
    expect(text).toContain('6.99:1');
    expect(text).toContain('text.muted');
    expect(text).toContain('background.canvas');
    expect(text).toContain('dark');
    expect(text).not.toContain('7.00');
  });

  it('says when a ratio cannot be measured', () => {
    expect(unmetText({ fg: 'text.muted', bg: 'background.canvas', mode: 'light', required: 7, ratio: null })).toContain(
      'cannot be measured',
    );
  });
});
