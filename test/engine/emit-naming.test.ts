import fc from 'fast-check';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { cssVariableName, naturalCompare, tailwindName } from '../../src/engine/emit/light.ts';
import { naturalKey } from '../../src/engine/emit/naming.ts';

/** CSS syntax §4.3.7: `\` + 1–6 hex digits (+ one optional space), or `\` + any other character. */
function unescapeIdent(text: string): string {
  return text.replace(/\\([0-9a-fA-F]{1,6} ?|[^0-9a-fA-F])/g, (_, sequence: string) =>
    /^[0-9a-fA-F]/.test(sequence) ? String.fromCodePoint(parseInt(sequence, 16)) : sequence,
  );
}

describe('custom property names (README "Output")', () => {
  it('strips the semantic mode prefix and reports the mode', () => {
    expect(cssVariableName('semantic.light.background.canvas')).toEqual({ mode: 'light', name: '--background-canvas' });
    expect(cssVariableName('semantic.dark.text.primary')).toEqual({ mode: 'dark', name: '--text-primary' });
  });

  it('joins every other path with dashes, mode null', () => {
    expect(cssVariableName('primitive.color.blue.500')).toEqual({ mode: null, name: '--primitive-color-blue-500' });
  });

  it('keeps the case of each segment', () => {
    expect(cssVariableName('primitive.font.lineHeight.tight').name).toBe('--primitive-font-lineHeight-tight');
    expect(cssVariableName('semantic.dark.interactive.primaryHover').name).toBe('--interactive-primaryHover');
  });

  it('turns a dot inside a segment into a dash, like a path separator', () => {
    // a segment named "0.5" and the segments "0", "5" are indistinguishable in a dot path, and name alike
    expect(cssVariableName('primitive.spacing.0.5').name).toBe('--primitive-spacing-0-5');
  });

  it('treats only light and dark as modes', () => {
    expect(cssVariableName('semantic.contrast.text').name).toBe('--semantic-contrast-text');
    expect(cssVariableName('semantic.light').mode).toBeNull();
  });

  it('escapes any name so that it stays one property name, and unescapes to the intended name (whitespace read as "-")', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        (segments) => {
          const path = ['primitive', ...segments].join('.');
          const { name } = cssVariableName(path);
          const root = postcss.parse(`:root {\n  ${name}: 1px;\n}\n`);
          const declarations: postcss.Declaration[] = [];
          root.walkDecls((d) => void declarations.push(d));
          expect(root.nodes).toHaveLength(1);
          expect(declarations).toHaveLength(1);
          expect(declarations[0]!.prop).toBe(name);
          expect(declarations[0]!.value).toBe('1px');
          // Whitespace inside a name becomes '-' (as DTCG's own example names "acid green" acid-green); CSS reads a
          // lone surrogate as U+FFFD (with the u flag, \p{Cs} matches only unpaired halves)
          const intended = `--${path.replaceAll('.', '-').replace(/\s+/g, '-')}`.replace(/\p{Cs}/gu, '\ufffd');
          expect(unescapeIdent(name)).toBe(intended);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('escapes characters that would end or hide the name', () => {
    expect(cssVariableName('primitive.a;b').name).toBe('--primitive-a\\;b');
    expect(cssVariableName('primitive.a b').name).toBe('--primitive-a-b');
    expect(cssVariableName('primitive.a\u00a0b').name).toBe('--primitive-a-b');
    expect(cssVariableName('primitive.x\u202e').name).toBe('--primitive-x\\202e ');
    expect(cssVariableName('primitive.Grün').name).toBe('--primitive-Grün');
  });
});

describe('natural order', () => {
  it('orders numeric steps by magnitude', () => {
    const names = ['--c-blue-900', '--c-blue-100', '--c-blue-50', '--c-blue-1000', '--c-blue-500'];
    expect([...names].sort(naturalCompare)).toEqual([
      '--c-blue-50',
      '--c-blue-100',
      '--c-blue-500',
      '--c-blue-900',
      '--c-blue-1000',
    ]);
  });

  it('is a total order (antisymmetric, transitive, distinct strings never tie)', () => {
    const text = fc.stringMatching(/^[a-c0-9.-]{0,6}$/);
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        const ab = naturalCompare(a, b);
        expect(Math.sign(ab) + Math.sign(naturalCompare(b, a))).toBe(0);
        expect(ab === 0).toBe(a === b);
        if (ab < 0 && naturalCompare(b, c) < 0) expect(naturalCompare(a, c)).toBeLessThan(0);
      }),
      { numRuns: 2000 },
    );
  });
  it('sorts by precomputed keys exactly as it compares', () => {
    const text = fc.stringMatching(/^[a-c0-9.\- ]{0,8}$/);
    fc.assert(
      fc.property(text, text, (a, b) => {
        const byKeys = naturalKey(a) < naturalKey(b) ? -1 : naturalKey(a) > naturalKey(b) ? 1 : 0;
        expect(byKeys).toBe(Math.sign(naturalCompare(a, b)) || 0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Tailwind v4 names', () => {
  const name = (path: string, type: Parameters<typeof tailwindName>[0]['type']) => tailwindName({ path, type });

  it('puts colors in --color-*, semantic colors under their semantic name', () => {
    expect(name('primitive.color.blue.500', 'color')).toBe('--color-blue-500');
    expect(name('semantic.light.background.canvas', 'color')).toBe('--color-background-canvas');
    expect(name('semantic.dark.background.canvas', 'color')).toBe('--color-background-canvas');
  });

  it('maps dimensions by their group: spacing, radius, text sizes, breakpoints', () => {
    expect(name('primitive.spacing.4', 'dimension')).toBe('--spacing-4');
    expect(name('primitive.radius.md', 'dimension')).toBe('--radius-md');
    expect(name('primitive.font.size.sm', 'dimension')).toBe('--text-sm');
    expect(name('primitive.breakpoint.lg', 'dimension')).toBe('--breakpoint-lg');
    expect(name('semantic.light.accessibility.min-target-size', 'dimension')).toBe(
      '--spacing-accessibility-min-target-size',
    );
  });

  it('maps typography: families, weights, line heights', () => {
    expect(name('primitive.font.family.sans', 'fontFamily')).toBe('--font-sans');
    expect(name('primitive.font.weight.bold', 'fontWeight')).toBe('--font-weight-bold');
    expect(name('primitive.font.lineHeight.tight', 'number')).toBe('--leading-tight');
    expect(name('primitive.easing.out', 'cubicBezier')).toBe('--ease-out');
  });

  it('leaves out what Tailwind has no theme namespace for', () => {
    expect(name('primitive.duration.fast', 'duration')).toBeUndefined();
    expect(name('primitive.z-index.modal', 'number')).toBeUndefined();
    expect(name('primitive.border-width.thin', 'dimension')).toBeUndefined();
  });
});
