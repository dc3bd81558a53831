// The accessibility variants: the more-contrast values (every governed pair at its enhanced level, or reported), the
// least lightness move, the background fallback, and the blocks theme.css carries (they parse, and hold only the
// declarations the variants name). Ratios are checked with wcag-contrast, the independent oracle; the blocks are
// parsed with lightningcss, the CSS parser Tailwind v4 uses.
import { createRequire } from 'node:module';
import { formatHex, parse } from 'culori/fn';
import '../../src/engine/color.ts'; // registers culori's color spaces
import fc from 'fast-check';
import { transform } from 'lightningcss';
import { describe, expect, it } from 'vitest';
import {
  enhancedLevel,
  forcedColors,
  moreContrast,
  SYSTEM_COLORS,
  type VariantDeclaration,
} from '../../src/engine/accessibility.ts';
import { emitAccessibility, themeDeclarations } from '../../src/engine/emit/light.ts';
import { composeTheme, prepareBase } from '../../src/engine/index.ts';
import type { Governance, Layer, MergedTheme, Mode } from '../../src/engine/types.ts';
import { baseTree, catalog, demo, findTheme, governance } from '../../src/tokens.ts';
import { governanceSchema } from '../../src/tokens-data.ts';

const wcag = createRequire(import.meta.url)('wcag-contrast') as { hex(a: string, b: string): number };
const base = prepareBase(baseTree, governance);

const hexOf = (css: string) => {
  const color = parse(css);
  if (color === undefined) throw new Error(`not a color: ${css}`);
  return formatHex(color);
};

/** Every theme the repository ships: the base, each catalog theme, each demo partner and customer. */
function shippedThemes(): [string, MergedTheme][] {
  const themes: [string, MergedTheme][] = [['base', base.theme]];
  for (const theme of catalog) themes.push([theme.name, composeTheme(base, [], { theme }).theme]);
  for (const partner of demo.partners) {
    const theme = partner.theme ? findTheme(partner.theme) : null;
    const t1: Layer[] = partner.overrides ? [{ source: 't1', tokens: partner.overrides }] : [];
    themes.push([partner.slug, composeTheme(base, t1, { theme }).theme]);
    for (const customer of partner.customers) {
      const t2: Layer[] = customer.overrides ? [{ source: 't2', tokens: customer.overrides }] : [];
      themes.push([`${partner.slug}/${customer.slug}`, composeTheme(base, [...t1, ...t2], { theme }).theme]);
    }
  }
  return themes;
}

/**
 * What the browser computes for `--name` in `mode` with the more-contrast block on: the block's value, else the
 * normal declaration, following var() as the cascade does. Written against the declarations, not the solver.
 */
function computedWith(theme: MergedTheme, lifted: VariantDeclaration[]) {
  const declarations = themeDeclarations(theme);
  return (name: string, mode: Mode): string => {
    let current = name;
    for (let depth = 0; depth < 20; depth++) {
      const value =
        lifted.find((d) => d.mode === mode && d.name === current)?.value ??
        (mode === 'dark' ? declarations.dark.get(current)?.value : undefined) ??
        declarations.root.get(current)?.value;
      if (value === undefined) throw new Error(`${current} is not declared`);
      const reference = /^var\((--[^)]+)\)$/.exec(value);
      if (reference === null) return value;
      current = reference[1]!;
    }
    throw new Error(`${name}: var() too deep`);
  };
}

/** Each governed pair's ratio in the variant, by wcag-contrast. */
function variantRatios(theme: MergedTheme, pairs: Governance['pairs']) {
  const { declarations, unmet } = moreContrast(theme, pairs);
  const computed = computedWith(theme, declarations);
  return pairs.flatMap((pair) =>
    pair.modes.map((mode) => {
      const fg = hexOf(computed(`--${pair.fg.replaceAll('.', '-')}`, mode));
      const bg = hexOf(computed(`--${pair.bg.replaceAll('.', '-')}`, mode));
      const reported = unmet.some((u) => u.fg === pair.fg && u.bg === pair.bg && u.mode === mode);
      return {
        pair: `${pair.fg} on ${pair.bg} (${mode})`,
        ratio: wcag.hex(fg, bg),
        required: enhancedLevel(pair.min),
        reported,
      };
    }),
  );
}

describe('the more-contrast variant', () => {
  it('lifts every pair of every shipped theme to its enhanced level, with nothing reported', () => {
    const themes = shippedThemes();
    expect(themes.length).toBeGreaterThan(8);
    for (const [name, theme] of themes) {
      expect(moreContrast(theme, governance.pairs).unmet, name).toEqual([]);
      for (const { pair, ratio, required } of variantRatios(theme, governance.pairs)) {
        expect(ratio, `${name}: ${pair}`).toBeGreaterThanOrEqual(required);
      }
    }
  });

  it('uses WCAG 1.4.6 levels: 7 for a 4.5 minimum, 4.5 for 3', () => {
    expect([enhancedLevel(4.5), enhancedLevel(3), enhancedLevel(7)]).toEqual([7, 4.5, 7]);
  });

  it("moves the foreground's lightness the least that passes, and only the properties that change", () => {
    // One pair, a mid-grey text on white: the variant's color is within one hex step of the lightest passing grey.
    const pairs = [{ fg: 'text.secondary', bg: 'background.canvas', min: 4.5, modes: ['light' as Mode] }];
    const theme = composeTheme(base, [
      { source: 't1', tokens: { semantic: { light: { text: { secondary: { $value: '#6b6b6b' } } } } } },
    ]).theme;
    const { declarations, unmet } = moreContrast(theme, pairs);
    expect(unmet).toEqual([]);
    expect(declarations.map((d) => d.path)).toEqual(['semantic.light.text.secondary']);
    const lifted = declarations[0]!.value;
    expect(wcag.hex(lifted, '#ffffff')).toBeGreaterThanOrEqual(7);
    // The lightest grey (8-bit) reaching 7:1 on white, by search with the oracle.
    let lightest = 0;
    for (let v = 0; v < 256; v++) {
      const grey = `#${v.toString(16).padStart(2, '0').repeat(3)}`;
      if (wcag.hex(grey, '#ffffff') >= 7) lightest = v;
    }
    const channel = Number.parseInt(lifted.slice(1, 3), 16);
    expect(lifted.slice(1, 3).repeat(3)).toBe(lifted.slice(1)); // still a grey: hue and chroma kept
    expect(lightest - channel).toBeGreaterThanOrEqual(0);
    expect(lightest - channel).toBeLessThanOrEqual(1);
  });

  it('moves the background when no foreground can reach the level on it', () => {
    // 7:1 on mid grey is out of reach for any text color; the background moves instead, the text stays.
    const pairs = [{ fg: 'text.primary', bg: 'background.muted', min: 4.5, modes: ['light' as Mode] }];
    const theme = composeTheme(base, [
      {
        source: 't1',
        tokens: {
          semantic: {
            light: { text: { primary: { $value: '#000000' } }, background: { muted: { $value: '#777777' } } },
          },
        },
      },
    ]).theme;
    expect(wcag.hex('#000000', '#777777')).toBeLessThan(7);
    const { declarations, unmet } = moreContrast(theme, pairs);
    expect(unmet).toEqual([]);
    expect(declarations.map((d) => d.path)).toEqual(['semantic.light.background.muted']);
    expect(wcag.hex('#000000', declarations[0]!.value)).toBeGreaterThanOrEqual(7);
  });

  it('reports a pair no move can lift, with the ratio it keeps, and warns through the contrast rule', () => {
    // The same color on both sides (one aliases the other): no lightness separates a color from itself.
    const theme = {
      source: 't1' as const,
      tokens: { semantic: { light: { text: { secondary: { $value: '{semantic.light.background.canvas}' } } } } },
    };
    const pairs = [{ fg: 'text.secondary', bg: 'background.canvas', min: 1, modes: ['light' as Mode] }];
    const merged = composeTheme(prepareBase(baseTree, { ...governance, pairs }), [theme]);
    expect(moreContrast(merged.theme, pairs).unmet).toEqual([
      { fg: 'text.secondary', bg: 'background.canvas', mode: 'light', required: 3, ratio: 1 },
    ]);
    expect(merged.ok).toBe(true);
    expect(merged.warnings.filter((w) => w.code === 'contrast_enhanced')).toEqual([
      expect.objectContaining({
        path: 'semantic.light.text.secondary',
        message: expect.stringMatching(/1:1 in light mode, below the enhanced 3:1/),
      }),
    ]);
  });

  it('lifts what it can around a pair that cannot be measured, and reports that pair with no ratio', () => {
    // interactive.primary unresolved: text.inverse on it cannot be measured; interactive.primary on canvas neither.
    const pairs = [
      { fg: 'text.inverse', bg: 'interactive.primary', min: 4.5, modes: ['light' as Mode] },
      { fg: 'text.secondary', bg: 'background.canvas', min: 4.5, modes: ['light' as Mode] },
      { fg: 'text.secondary', bg: 'interactive.primary', min: 4.5, modes: ['light' as Mode] },
    ];
    const theme = composeTheme(base, [
      {
        source: 't1',
        tokens: {
          semantic: {
            light: {
              interactive: { primary: { $value: '{primitive.color.missing.500}' } },
              text: { secondary: { $value: '#6b6b6b' } },
            },
          },
        },
      },
    ]).theme;
    const { declarations, unmet } = moreContrast(theme, pairs);
    expect(declarations.map((d) => d.path)).toEqual(['semantic.light.text.secondary']);
    expect(unmet).toEqual([
      { fg: 'text.inverse', bg: 'interactive.primary', mode: 'light', required: 7, ratio: null },
      { fg: 'text.secondary', bg: 'interactive.primary', mode: 'light', required: 7, ratio: null },
    ]);
  });

  it('meets every enhanced level or reports the pair, for random themes that pass the minimums', () => {
    // Random colors for the roles that sit in the most pairs, from ranges where the minimums often hold.
    const inRange = (lo: number, hi: number) =>
      fc
        .record({
          l: fc.double({ min: lo, max: hi, noNaN: true }),
          c: fc.double({ min: 0, max: 0.25, noNaN: true }),
          h: fc.double({ min: 0, max: 359, noNaN: true }),
        })
        .map(({ l, c, h }) => formatHex({ mode: 'oklch', l, c, h }));
    const roles = {
      'background.canvas': inRange(0.9, 1),
      'background.surface': inRange(0.88, 1),
      'text.primary': inRange(0, 0.4),
      'text.secondary': inRange(0.2, 0.55),
      'text.link': inRange(0.3, 0.55),
      'interactive.primary': inRange(0.3, 0.6),
      'status.error': inRange(0.4, 0.62),
    };
    let checked = 0;
    fc.assert(
      fc.property(fc.record(roles, { requiredKeys: [] }), (chosen) => {
        const light: Record<string, Record<string, { $value: string }>> = {};
        for (const [role, value] of Object.entries(chosen)) {
          const [group, name] = role.split('.') as [string, string];
          (light[group] ??= {})[name] = { $value: value };
        }
        const result = composeTheme(base, [{ source: 't0', tokens: { semantic: { light } } }], { rules: ['contrast'] });
        fc.pre(result.ok);
        checked++;
        for (const { pair, ratio, required, reported } of variantRatios(result.theme, governance.pairs)) {
          if (!reported) expect(ratio, pair).toBeGreaterThanOrEqual(required);
        }
      }),
      { numRuns: 60 },
    );
    expect(checked).toBeGreaterThan(10);
  });
});

/** The blocks of theme.css as lightningcss parses them: every custom property declared, and where. */
function parsedBlocks(css: string): { name: string; value: string }[] {
  const declared: { name: string; value: string }[] = [];
  transform({
    filename: 'theme.css',
    code: Buffer.from(css),
    errorRecovery: false,
    visitor: {
      Declaration(declaration) {
        if (declaration.property !== 'custom') throw new Error(`a non-custom declaration: ${declaration.property}`);
        const { name, value } = declaration.value;
        const [token] = value;
        const text =
          token?.type === 'color' && typeof token.value === 'object' && token.value.type === 'rgb'
            ? formatHex({ mode: 'rgb', r: token.value.r / 255, g: token.value.g / 255, b: token.value.b / 255 })
            : token?.type === 'token' && token.value.type === 'ident'
              ? token.value.value
              : token?.type === 'var'
                ? `var(${token.value.name.ident})`
                : JSON.stringify(value);
        declared.push({ name, value: text });
      },
    },
  });
  return declared;
}

describe("theme.css's accessibility blocks", () => {
  it('parse, and declare exactly the variant values: lifted colors per mode, system colors for forced colors', () => {
    for (const [name, theme] of shippedThemes()) {
      const css = emitAccessibility(theme, governance);
      expect(css, name).toMatch(/@media \(prefers-contrast: more\)/);
      expect(css, name).toMatch(/@media \(forced-colors: active\)/);
      const declared = parsedBlocks(css);
      const lifted = moreContrast(theme, governance.pairs).declarations;
      for (const d of lifted) {
        expect(declared, `${name}: ${d.name} (${d.mode})`).toContainEqual({ name: d.name, value: d.value });
      }
      for (const d of forcedColors(theme, governance.forcedColors)) {
        expect(declared, `${name}: ${d.name}`).toContainEqual({ name: d.name, value: d.value });
      }
    }
  });

  it('never lets a value leave its declaration, whatever the role names and system colors T0 writes', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[\w*-]+(\.[\w*-]+)*$/), fc.constantFrom(...SYSTEM_COLORS), { maxKeys: 6 }),
        (mapping) => {
          const checked = governanceSchema.parse({ ...governance, forcedColors: mapping });
          const names = new Set([...themeDeclarations(base.theme).root.keys()]);
          for (const { name, value } of parsedBlocks(emitAccessibility(base.theme, checked))) {
            expect(names.has(name), name).toBe(true);
            expect(value, name).toMatch(/^(#[0-9a-f]{6}|var\(--[\w-]+\)|[A-Za-z]+)$/);
            if (/^[A-Za-z]+$/.test(value)) expect(SYSTEM_COLORS, name).toContain(value);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a forced-colors value that is not a CSS system color', () => {
    for (const value of ['red', 'Canvas; } body { color: red', 'var(--x)']) {
      expect(
        governanceSchema.safeParse({ ...governance, forcedColors: { 'text.primary': value } }).success,
        value,
      ).toBe(false);
    }
  });

  it('maps an exact role before a pattern', () => {
    const declared = forcedColors(base.theme, { 'text.*': 'CanvasText', 'text.link': 'LinkText' });
    expect(declared.find((d) => d.path === 'semantic.light.text.link')?.value).toBe('LinkText');
    expect(declared.find((d) => d.path === 'semantic.dark.text.primary')?.value).toBe('CanvasText');
    expect(declared.some((d) => d.path.startsWith('semantic.light.background.'))).toBe(false);
  });
});
