// The cvd_distinct rule: advisory by default, an error when T0 says so, on the status colors and T0's pairs, and
// clean on every bundled theme and demo tenant.
import { PUBLISHED_MACHADO_2009 } from '../support/machado-2009.ts';
import { converter, differenceEuclidean } from 'culori/fn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTree, composeTheme, prepareBase } from '../../src/engine/index.ts';
import { CVD_DEFAULT_THRESHOLD } from '../../src/engine/rules/cvd-distinct.ts';
import type { Governance, Layer } from '../../src/engine/types.ts';
import { baseTree, catalog, demo, findTheme, governance } from '../../src/tokens.ts';
import { governanceSchema } from '../../src/tokens-data.ts';

const base = prepareBase(baseTree, governance);
const strictBase = prepareBase(baseTree, { ...governance, cvd: { severity: 'error' } });

// A status info color next to success (#16a34a) for a tritanope only: cyan 600 (3.68:1 on white).
const infoLikeSuccess: Layer = {
  source: 't1',
  tokens: { semantic: { light: { status: { info: { $value: '#0891b2' } } } } },
};

describe('cvd_distinct on the bundled data', () => {
  it('finds nothing in any catalog theme or demo tenant, even as an error', () => {
    const themes: [string, Layer[], ReturnType<typeof findTheme>, unknown][] = [['base', [], null, null]];
    for (const theme of catalog) themes.push([theme.name, [], theme, null]);
    for (const partner of demo.partners) {
      const theme = partner.theme ? findTheme(partner.theme) : null;
      const layers: Layer[] = partner.overrides ? [{ source: 't1', tokens: partner.overrides }] : [];
      themes.push([partner.slug, layers, theme, null]);
      for (const customer of partner.customers) {
        const own: Layer[] = customer.overrides ? [{ source: 't2', tokens: customer.overrides }] : [];
        themes.push([`${partner.slug}/${customer.slug}`, [...layers, ...own], theme, partner.policy]);
      }
    }
    for (const [name, layers, theme, policy] of themes) {
      const options = { theme, policy: policy as never, rules: ['cvd_distinct' as const] };
      const lenient = composeTheme(base, layers, options);
      expect(
        lenient.warnings.filter((w) => w.code === 'cvd_distinct'),
        name,
      ).toEqual([]);
      expect(composeTheme(strictBase, layers, options).violations, name).toEqual([]);
    }
    expect(themes.length).toBeGreaterThan(6);
  });

  it("refuses to start a platform whose own palette fails once T0 makes it an error above the palette's distance", () => {
    // The bundled palette's closest pair (light error and warning, deuteranopia) measures 0.031.
    expect(() => prepareBase(baseTree, { ...governance, cvd: { severity: 'error', threshold: 0.05 } })).toThrow(
      /\[cvd_distinct\] semantic\.light\.status\.error and semantic\.light\.status\.warning are hard to tell apart under deuteranopia: their OKLab distance is 0\.031, below 0\.05/,
    );
    expect(() => prepareBase(baseTree, { ...governance, cvd: { severity: 'error', threshold: 0.031 } })).not.toThrow();
  });
});

describe('cvd_distinct on a tenant layer', () => {
  it('warns by default, naming both tokens, the deficiency and the distance, and refuses nothing', () => {
    const result = composeTheme(base, [infoLikeSuccess]);
    expect(result.ok).toBe(true);
    const warnings = result.warnings.filter((w) => w.code === 'cvd_distinct');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.path).toBe('semantic.light.status.info');
    expect(warnings[0]!.message).toMatch(
      /^semantic\.light\.status\.info and semantic\.light\.status\.success are hard to tell apart under tritanopia: their OKLab distance is 0\.0\d\d, below 0\.03\.$/,
    );
  });

  it('is a violation when T0 makes it an error, with the tenant token first', () => {
    const result = composeTheme(strictBase, [infoLikeSuccess]);
    expect(result.ok).toBe(false);
    const [violation, ...more] = result.violations;
    expect(more).toEqual([]);
    expect(violation).toMatchObject({
      path: 'semantic.light.status.info',
      rule: 'cvd_distinct',
      pair: ['semantic.light.status.info', 'semantic.light.status.success'],
      mode: 'light',
      deficiency: 'tritanopia',
      required: CVD_DEFAULT_THRESHOLD,
      source: 't1',
    });
    expect(violation!.distance).toBeLessThan(CVD_DEFAULT_THRESHOLD);
    expect(result.warnings.filter((w) => w.code === 'cvd_distinct')).toEqual([]);
  });

  it('checks the pairs T0 lists, once even when one repeats a status pair, and refuses a pair that names no color', () => {
    const listed: Governance = {
      ...governance,
      cvd: { severity: 'error' },
      cvdPairs: [
        { a: 'interactive.primary', b: 'status.error', modes: ['light'] },
        { a: 'status.info', b: 'status.success', modes: ['light'] },
      ],
    };
    const withPairs = prepareBase(baseTree, listed);
    const red = { semantic: { light: { interactive: { primary: { $value: '{primitive.color.red.600}' } } } } };
    const asError = composeTheme(withPairs, [{ source: 't1', tokens: red }], { rules: ['cvd_distinct'] });
    expect(asError.violations.map((v) => [v.pair, v.distance])).toEqual([
      [['semantic.light.interactive.primary', 'semantic.light.status.error'], 0],
    ]);
    expect(composeTheme(withPairs, [infoLikeSuccess], { rules: ['cvd_distinct'] }).violations).toHaveLength(1);

    expect(() =>
      prepareBase(baseTree, { ...governance, cvdPairs: [{ a: 'status.error', b: 'radius.md', modes: ['dark'] }] }),
    ).toThrow(/color-vision pair status\.error and radius\.md names semantic\.dark\.radius\.md/);
  });

  it('reads cvd.json and cvd-pairs.json through the governance schema, refusing a bad severity or threshold', () => {
    const parse = (extra: object) => governanceSchema.safeParse({ protected: [], pairs: [], required: [], ...extra });
    expect(parse({ cvd: { severity: 'error', threshold: 0.05 } }).success).toBe(true);
    expect(parse({}).success).toBe(true);
    for (const bad of [{ cvd: { severity: 'fatal' } }, { cvd: { threshold: 0 } }, { cvdPairs: [{ a: 'x' }] }]) {
      expect(parse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

// The verdict computed directly: culori's own conversions, the published matrices, culori's OKLab distance.
const toLinear = converter('lrgb');
const toSrgb = converter('rgb');
const oklabDistance = differenceEuclidean('oklab');
const MACHADO: Record<string, number[][]> = PUBLISHED_MACHADO_2009;
function seenAs(css: string, matrix: number[][]) {
  const { r, g, b } = toLinear(css)!;
  const [x, y, z] = matrix.map((row) => Math.min(1, Math.max(0, row[0]! * r + row[1]! * g + row[2]! * b)));
  return toSrgb({ mode: 'lrgb', r: x!, g: y!, b: z! });
}
const closest = (a: string, b: string) =>
  Math.min(...Object.values(MACHADO).map((m) => oklabDistance(seenAs(a, m), seenAs(b, m))));

const STATUS = ['error', 'success', 'warning', 'info'];
const hexColor = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map((bytes) => `#${bytes.map((x) => x.toString(16).padStart(2, '0')).join('')}`);

describe('cvd_distinct agrees with a direct computation', () => {
  it('reports exactly the status pairs closer than the threshold, in each mode', () => {
    fc.assert(
      fc.property(
        fc.array(hexColor, { minLength: 8, maxLength: 8 }),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        (colors, threshold) => {
          const tree = { semantic: { light: { status: {} }, dark: { status: {} } } } as Record<string, any>;
          const expected: string[] = [];
          for (const [m, mode] of ['light', 'dark'].entries()) {
            const values = colors.slice(m * 4, m * 4 + 4);
            STATUS.forEach((name, i) => {
              tree.semantic[mode].status[name] = { $type: 'color', $value: values[i] };
            });
            for (let i = 0; i < 4; i++)
              for (let j = i + 1; j < 4; j++) {
                const d = closest(values[i]!, values[j]!);
                fc.pre(Math.abs(d - threshold) > 1e-9);
                if (d < threshold) expected.push(`${mode} ${STATUS[i]} ${STATUS[j]}`);
              }
          }
          const governanceData: Governance = {
            protected: [],
            pairs: [],
            required: [],
            cvd: { severity: 'error', threshold },
          };
          const result = checkTree(tree, { governance: governanceData });
          const found = result.violations
            .filter((v) => v.rule === 'cvd_distinct')
            .map((v) => {
              const [a, b] = (v.pair as string[]).map((p) => p.split('.').at(-1)!);
              const [first, second] = STATUS.indexOf(a!) < STATUS.indexOf(b!) ? [a, b] : [b, a];
              expect(v.distance as number).toBeLessThan(threshold);
              return `${v.mode} ${first} ${second}`;
            });
          expect(found.sort()).toEqual(expected.sort());
          // As a warning (the default severity), the same pairs and nothing refused.
          const lenient = checkTree(tree, { governance: { ...governanceData, cvd: { threshold } } });
          expect(lenient.violations.filter((v) => v.rule === 'cvd_distinct')).toEqual([]);
          expect(lenient.warnings.filter((w) => w.code === 'cvd_distinct')).toHaveLength(expected.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
