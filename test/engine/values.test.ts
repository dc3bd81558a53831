import { describe, expect, it } from 'vitest';
import {
  normaliseColor,
  normaliseCubicBezier,
  normaliseDimension,
  normaliseDuration,
  normaliseFontFamily,
  normaliseFontWeight,
  normaliseNumber,
  parseDimension,
  quote,
  unsafeCssReason,
  unsafeTextReason,
  type LenientNote,
} from '../../src/engine/values.ts';
import { normaliseValue } from '../../src/engine/normalise.ts';

const css = (result: ReturnType<typeof normaliseColor>) => (result.ok ? result.css : `error: ${result.message}`);

describe('color values', () => {
  it('keeps CSS color strings as written, trimmed, with hex in lower case', () => {
    expect(css(normaliseColor('  #1D4ED8 '))).toBe('#1d4ed8');
    expect(css(normaliseColor('oklch(0.55 0.2 260)'))).toBe('oklch(0.55 0.2 260)');
    expect(css(normaliseColor('rgb(15 23 42 / 0.6)'))).toBe('rgb(15 23 42 / 0.6)');
  });

  it('turns an opaque sRGB color object into hex', () => {
    expect(css(normaliseColor({ colorSpace: 'srgb', components: [0.2, 0.4, 0.6] }))).toBe('#336699');
    expect(css(normaliseColor({ colorSpace: 'srgb', components: [1, 1, 1], alpha: 1, hex: '#ffffff' }))).toBe(
      '#ffffff',
    );
  });

  it('turns a translucent sRGB color object into rgba()', () => {
    expect(css(normaliseColor({ colorSpace: 'srgb', components: [1, 0, 0], alpha: 0.5 }))).toBe('rgba(255, 0, 0, 0.5)');
  });

  it('writes other color spaces as their CSS color function, scaling DTCG percentages', () => {
    expect(css(normaliseColor({ colorSpace: 'oklch', components: [0.5, 0.1, 200] }))).toBe('oklch(0.5 0.1 200)');
    expect(css(normaliseColor({ colorSpace: 'hsl', components: [200, 50, 40] }))).toBe('hsl(200 50% 40%)');
    expect(css(normaliseColor({ colorSpace: 'display-p3', components: [1, 0, 0] }))).toBe('color(display-p3 1 0 0)');
  });

  it('refuses strings that are not CSS colors, and culori-only color spaces', () => {
    expect(normaliseColor('not-a-color').ok).toBe(false);
    expect(normaliseColor('var(--brand)').ok).toBe(false);
    expect(normaliseColor('color(--okhsl 0.5 0.5 0.5)').ok).toBe(false);
    expect(normaliseColor('#12345').ok).toBe(false);
  });

  it('refuses a string that makes culori throw, without throwing', () => {
    // Found by the hostile-input property: culori's parse throws a TypeError on these (Evercoder/culori#272).
    for (const text of ['/0A', 'rgb(1px 2 3)', 'hsl(90DEG 100% 50%)']) {
      expect(normaliseColor(text)).toEqual({ ok: false, message: expect.stringMatching(/not a CSS color/) });
    }
  });

  it('refuses color objects outside the DTCG shape', () => {
    expect(normaliseColor({ colorSpace: 'srgb', components: [1.5, 0, 0] }).ok).toBe(false);
    expect(normaliseColor({ colorSpace: 'hsl', components: [360, 50, 50] }).ok).toBe(false);
    expect(normaliseColor({ colorSpace: 'cmyk', components: [0, 0, 0, 1] }).ok).toBe(false);
    expect(normaliseColor({ colorSpace: 'srgb', components: [0, 0] }).ok).toBe(false);
    expect(normaliseColor({ colorSpace: 'srgb', components: [0, 0, 0], alpha: 2 }).ok).toBe(false);
    expect(normaliseColor({ colorSpace: 'srgb', components: [0, 0, 0], extra: true }).ok).toBe(false);
    expect(normaliseColor(42).ok).toBe(false);
  });
});

describe('dimension values', () => {
  it('accepts strings and DTCG objects', () => {
    expect(css(normaliseDimension('16px'))).toBe('16px');
    expect(css(normaliseDimension('1.50rem'))).toBe('1.5rem');
    expect(css(normaliseDimension({ value: 8, unit: 'px' }))).toBe('8px');
    expect(css(normaliseDimension('50%'))).toBe('50%');
    expect(css(normaliseDimension('0'))).toBe('0px');
  });

  it('refuses unknown units, missing units and non-numbers', () => {
    expect(normaliseDimension('16').ok).toBe(false);
    expect(normaliseDimension('16parsecs').ok).toBe(false);
    expect(normaliseDimension({ value: 16 }).ok).toBe(false);
    expect(normaliseDimension({ value: 'sixteen', unit: 'px' }).ok).toBe(false);
    expect(normaliseDimension({ value: 16, unit: 'px', extra: 1 }).ok).toBe(false);
    expect(normaliseDimension(16).ok).toBe(false);
    expect(normaliseDimension('calc(1px + 2px)').ok).toBe(false);
    expect(normaliseDimension('1e999px').ok).toBe(false);
  });

  it('accepts a numeric string value and a non-DTCG unit in the object form, noting each', () => {
    const notes: LenientNote[] = [];
    expect(css(normaliseDimension({ value: '16', unit: 'px' }, notes))).toBe('16px');
    expect(css(normaliseDimension({ value: 1.5, unit: 'em' }, notes))).toBe('1.5em');
    expect(notes.map((n) => n.code)).toEqual(['numeric_string', 'non_standard_unit']);
  });

  it('parses policy bounds the same way', () => {
    expect(parseDimension('12px')).toEqual({ value: 12, unit: 'px' });
    expect(parseDimension('2REM')).toEqual({ value: 2, unit: 'rem' });
    expect(parseDimension('twelve')).toBeUndefined();
  });
});

describe('font values', () => {
  it('quotes family names and leaves generic families bare', () => {
    expect(css(normaliseFontFamily(['Inter', 'system-ui', 'sans-serif']))).toBe('"Inter", system-ui, sans-serif');
    expect(css(normaliseFontFamily('"Helvetica Neue", Arial, -apple-system'))).toBe(
      '"Helvetica Neue", "Arial", -apple-system',
    );
  });

  it('refuses family names that could break out of the declaration', () => {
    expect(normaliseFontFamily(['Inter"; color: red']).ok).toBe(false);
    expect(normaliseFontFamily(['a(b']).ok).toBe(false);
    expect(normaliseFontFamily(['a)b(']).ok).toBe(false);
    expect(normaliseFontFamily(['url(x);']).ok).toBe(false);
    // real family names carry paired parentheses: "Segoe UI Web (West European)"
    expect(css(normaliseFontFamily(['Segoe UI Web (West European)', 'sans-serif']))).toBe(
      '"Segoe UI Web (West European)", sans-serif',
    );
    expect(normaliseFontFamily([]).ok).toBe(false);
    expect(normaliseFontFamily([3]).ok).toBe(false);
  });

  it('maps weight keywords to numbers and bounds numeric weights', () => {
    expect(css(normaliseFontWeight('semi-bold'))).toBe('600');
    expect(css(normaliseFontWeight(350))).toBe('350');
    expect(normaliseFontWeight(0).ok).toBe(false);
    expect(normaliseFontWeight(1001).ok).toBe(false);
    expect(normaliseFontWeight('Bold').ok).toBe(false);
    expect(normaliseFontWeight('constructor').ok).toBe(false);
  });
});

describe('number, duration and cubicBezier values', () => {
  it('accepts finite numbers only', () => {
    expect(css(normaliseNumber(1.5))).toBe('1.5');
    expect(normaliseNumber(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(normaliseNumber('1.5.2').ok).toBe(false);
    expect(normaliseNumber('Infinity').ok).toBe(false);
  });

  it('accepts a numeric string for a number, noting it (a warning; a violation with --strict)', () => {
    const notes: LenientNote[] = [];
    expect(css(normaliseNumber(' 1.5 ', notes))).toBe('1.5');
    expect(notes).toEqual([expect.objectContaining({ code: 'numeric_string' })]);
  });

  it('writes durations as number and unit', () => {
    expect(css(normaliseDuration({ value: 200, unit: 'ms' }))).toBe('200ms');
    expect(css(normaliseDuration('0.2s'))).toBe('0.2s');
    expect(normaliseDuration({ value: -1, unit: 'ms' }).ok).toBe(false);
    expect(normaliseDuration({ value: 1, unit: 'min' }).ok).toBe(false);
  });

  it('writes a cubic Bézier as cubic-bezier() and keeps x within [0, 1]', () => {
    expect(css(normaliseCubicBezier([0.2, 0, 0, 1]))).toBe('cubic-bezier(0.2, 0, 0, 1)');
    expect(css(normaliseCubicBezier([0.3, -0.5, 0.7, 1.5]))).toBe('cubic-bezier(0.3, -0.5, 0.7, 1.5)');
    expect(normaliseCubicBezier([1.2, 0, 0, 1]).ok).toBe(false);
    expect(normaliseCubicBezier([0, 0, 1]).ok).toBe(false);
    expect(normaliseCubicBezier('ease-in').ok).toBe(false);
  });

  it('dispatches on the type', () => {
    const dimension = normaliseValue('dimension', { value: 2, unit: 'rem' });
    expect(dimension.ok && dimension.css).toBe('2rem');
    expect(normaliseValue('color', '2rem').ok).toBe(false);
  });
});

describe('CSS safety', () => {
  const hostile = [
    'red;}',
    'red}',
    '{red',
    'a<b',
    '</style>',
    'url(https://x)',
    'URL (x)',
    '@import "x"',
    'expression(alert(1))',
    'red/*',
    '*/red',
    'a\\62 c',
    'a`b',
    '"unclosed',
    "it's",
    'red\nblue',
    'red\u0000',
    'red !important',
    'red!important',
    'a\u202eb',
    'a\u2066b',
    'a\u200bb',
    'a\ufeffb',
    'rgb(1,2,3',
    'a]',
    'x'.repeat(1025),
  ];

  it.each(hostile)('refuses %j in a value', (text) => {
    expect(unsafeCssReason(text)).toBeTypeOf('string');
  });

  it('accepts ordinary values', () => {
    for (const text of ['#1d4ed8', 'rgb(15 23 42 / 0.6)', '16px', '"Inter", sans-serif', 'oklch(50% 0.1 200)']) {
      expect(unsafeCssReason(text)).toBeUndefined();
    }
  });

  it('refuses description text that could end a comment or a style element', () => {
    expect(unsafeTextReason('Body text */ color: red')).toBeTypeOf('string');
    expect(unsafeTextReason('</style><script>')).toBeTypeOf('string');
    expect(unsafeTextReason('Body text; headings use "Inter".')).toBeUndefined();
  });

  it('quotes user text in messages without hidden or markup characters', () => {
    const shown = quote('a\u202e<script>');
    expect(shown).not.toMatch(/[\u202e<>]/);
    expect(quote('y'.repeat(200)).length).toBeLessThan(80);
  });
});
