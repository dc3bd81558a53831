// The contrast matrix the preview page and the studio list: every governed pair in each of its modes, its ratio as
// wcag-contrast (the independent oracle) measures the resolved colors, and pass/fail agreeing with the contrast rule.
import { createRequire } from 'node:module';
import { formatHex, parse } from 'culori/fn';
import '../../src/engine/color.ts'; // registers culori's color spaces
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeTheme, prepareBase } from '../../src/engine/index.ts';
import { pairContrasts } from '../../src/engine/pair-contrast.ts';
import type { ContrastViolation } from '../../src/engine/types.ts';
import { baseTree, governance } from '../../src/tokens.ts';

const wcag = createRequire(import.meta.url)('wcag-contrast') as { hex(a: string, b: string): number };
const base = prepareBase(baseTree, governance);
const hexOf = (css: string) => formatHex(parse(css)!);

describe('pairContrasts', () => {
  it('lists every governed pair in each of its modes, measured as wcag-contrast measures it', () => {
    const rows = pairContrasts(base.theme, governance.pairs);
    expect(rows.map((r) => `${r.mode} ${r.fg}/${r.bg}`)).toEqual(
      governance.pairs.flatMap((p) => p.modes.map((m) => `${m} ${p.fg}/${p.bg}`)),
    );
    for (const row of rows) {
      const oracle = wcag.hex(hexOf(row.fgColor!), hexOf(row.bgColor!));
      expect(row.ratio, `${row.mode} ${row.fg}/${row.bg}`).toBeCloseTo(oracle, 1);
      expect(row.ratio).toBeLessThanOrEqual(oracle + 1e-9); // truncated, never rounded up
    }
  });

  it('agrees with the contrast rule on which pairs fail, for random text colors', () => {
    const channel = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(channel, channel, channel, (r, g, b) => {
        const hex = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
        const layer = {
          source: 't1' as const,
          tokens: { semantic: { light: { text: { secondary: { $value: hex } } } } },
        };
        const result = composeTheme(base, [layer], { rules: ['contrast'] });
        const failing = pairContrasts(result.theme, governance.pairs)
          .filter((row) => !row.pass)
          .map((row) => `${row.fgPath} ${row.bgPath}`);
        const refused = result.violations
          .filter((v) => v.rule === 'contrast')
          .map((v) => (v as ContrastViolation).pair.join(' '));
        expect(failing).toEqual(refused);
      }),
      { numRuns: 40 },
    );
  });

  it('cannot measure a side that is not a color: no ratio, and it does not pass', () => {
    const layer = {
      source: 't0' as const,
      tokens: { semantic: { light: { text: { primary: { $type: 'color', $value: '{primitive.spacing.4}' } } } } },
    };
    const theme = composeTheme(base, [layer], { rules: [] }).theme;
    const row = pairContrasts(theme, governance.pairs).find((r) => r.mode === 'light' && r.fg === 'text.primary')!;
    expect(row).toMatchObject({ fgColor: undefined, ratio: null, pass: false });
  });
});
