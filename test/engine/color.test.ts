import { createRequire } from 'node:module';
// culori/fn (not 'culori', which would register every color space and hide one color.ts forgot to register)
import { toGamut } from 'culori/fn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastRatio, deltaEOK, nearestPassing, oklch, parseColor, toDisplaySrgb } from '../../src/engine/color.ts';

// wcag-contrast is an independent implementation of WCAG 2.x on 8-bit sRGB triples (CommonJS, untyped).
// Only its rgb() is a usable oracle: hex() answers 21 for anything that is not hex.
const wcag = createRequire(import.meta.url)('wcag-contrast') as {
  rgb(a: [number, number, number], b: [number, number, number]): number;
  hex(a: string, b: string): number;
};

const byte = fc.integer({ min: 0, max: 255 });
const triple = fc.tuple(byte, byte, byte);
const css = (n: number, digits = 4) => n.toFixed(digits);

/** Colors written in the syntaxes designers use, including out-of-sRGB and translucent ones. */
const anyColor = fc.oneof(
  triple.map(([r, g, b]) => `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('')}`),
  triple.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`),
  fc
    .tuple(
      fc.double({ min: 0, max: 360, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
    )
    .map(([h, s, l]) => `hsl(${css(h)} ${css(s)}% ${css(l)}%)`),
  // chroma up to 0.4 reaches far outside sRGB at most hues
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.4, noNaN: true }),
      fc.double({ min: 0, max: 360, noNaN: true }),
    )
    .map(([l, c, h]) => `oklch(${css(l)} ${css(c)} ${css(h)})`),
  fc
    .tuple(
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: -125, max: 125, noNaN: true }),
      fc.double({ min: -125, max: 125, noNaN: true }),
    )
    .map(([l, a, b]) => `lab(${css(l)} ${css(a)} ${css(b)})`),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    )
    .map(([r, g, b]) => `color(display-p3 ${css(r)} ${css(g)} ${css(b)})`),
  fc
    .tuple(triple, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([[r, g, b], a]) => `rgb(${r} ${g} ${b} / ${css(a, 3)})`),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.4, noNaN: true }),
      fc.double({ min: 0, max: 360, noNaN: true }),
      fc.double({ min: 0.05, max: 1, noNaN: true }),
    )
    .map(([l, c, h, a]) => `oklch(${css(l)} ${css(c)} ${css(h)} / ${css(a, 3)})`),
);
const threshold = fc.constantFrom(3, 4.5, 7);

/**
 * How far a color sits from the half-plane of OKLab holding `hue` (all lightnesses and chromas of that hue).
 * A suggestion that keeps the hue lies on it, give or take the CSS gamut-mapping tolerance and 8-bit rounding.
 */
function distanceFromHue(color: string, hue: number): number {
  const { c, h } = oklch(color)!;
  const dh = Math.abs((((((h ?? hue) - hue) % 360) + 540) % 360) - 180);
  return dh >= 90 ? c : c * Math.sin((dh * Math.PI) / 180);
}

function luminanceOrder(a: string, b: string): number {
  // contrast against black grows with luminance
  return contrastRatio(a, '#000000')! - contrastRatio(b, '#000000')!;
}

describe('parsing colors', () => {
  it.each([
    '#0f172a',
    '#fff',
    '#3b82f680',
    'rgb(15 23 42)',
    'rgba(15, 23, 42, 0.5)',
    'hsl(222 47% 11%)',
    'oklch(0.63 0.19 260)',
    'lab(50 20 -30)',
    'color(display-p3 1 0 0)',
    'rebeccapurple',
    'transparent',
  ])('understands %s', (text) => {
    expect(parseColor(text)).toBeDefined();
  });

  it('refuses a string longer than any real color without tokenizing it, even one that would parse', () => {
    expect(parseColor(`${' '.repeat(1100)}#ffffff`)).toBeUndefined();
    expect(parseColor(`${' '.repeat(900)}#ffffff`)).toBeDefined();
  });

  it.each([
    '',
    'not-a-color',
    '#12345',
    '5753ea',
    'fff',
    'rgb(1 2)',
    '16px',
    'var(--brand)',
    'currentcolor',
    '#fff;}</style>',
  ])('refuses %j', (text) => {
    expect(parseColor(text)).toBeUndefined();
    expect(nearestPassing(text, '#ffffff', 4.5)).toBeUndefined();
    expect(contrastRatio(text, '#ffffff')).toBeUndefined();
  });
});

describe('WCAG 2.x contrast ratio', () => {
  it('is 21 for black on white, in either order and any syntax', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 10);
    expect(contrastRatio('white', 'black')).toBeCloseTo(21, 10);
    expect(contrastRatio('oklch(0 0 0)', 'hsl(0 0% 100%)')).toBeCloseTo(21, 10);
  });

  it('is 1 for a color on itself', () => {
    expect(contrastRatio('#3b82f6', 'rgb(59 130 246)')).toBeCloseTo(1, 10);
  });

  it('gives the well-known 4.54 for #767676 on white', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.5422, 4);
  });

  it('agrees with wcag-contrast on random sRGB pairs', () => {
    fc.assert(
      fc.property(triple, triple, (fg, bg) => {
        const ours = contrastRatio(`rgb(${fg.join(' ')})`, `rgb(${bg.join(' ')})`)!;
        expect(ours).toBeCloseTo(wcag.rgb(fg, bg), 9);
      }),
      { numRuns: 1000 },
    );
  });

  it('composites a translucent foreground over its background first', () => {
    // 50% black over white is rgb(127.5 127.5 127.5) on white.
    expect(contrastRatio('rgb(0 0 0 / 0.5)', '#ffffff')).toBeCloseTo(
      contrastRatio('rgb(127.5 127.5 127.5)', '#ffffff')!,
      10,
    );
    expect(contrastRatio('#00000080', '#ffffff')!).toBeLessThan(4.5);
    expect(contrastRatio('rgb(0 0 0 / 0)', '#ffffff')).toBeCloseTo(1, 10);
  });

  it('composites a translucent background over white', () => {
    // 50% black over white is the grey 127.5; a white foreground sits on that grey.
    expect(contrastRatio('#ffffff', 'rgb(0 0 0 / 0.5)')).toBeCloseTo(
      contrastRatio('#ffffff', 'rgb(127.5 127.5 127.5)')!,
      10,
    );
    expect(contrastRatio('#000000', 'transparent')).toBeCloseTo(21, 10);
  });

  it('gamut-maps an out-of-sRGB color by reducing chroma, keeping its OKLCH lightness and hue', () => {
    const mapped = toDisplaySrgb('oklch(0.7 0.4 145)')!;
    for (const channel of [mapped.r, mapped.g, mapped.b]) {
      expect(channel).toBeGreaterThanOrEqual(0);
      expect(channel).toBeLessThanOrEqual(1);
    }
    const seen = oklch({ mode: 'rgb', ...mapped })!;
    // CSS Color 4 mapping stays within a JND (0.02) of the constant-lightness, constant-hue target
    expect(seen.l).toBeCloseTo(0.7, 1);
    expect(Math.abs(seen.l - 0.7)).toBeLessThan(0.02);
    expect(Math.abs(seen.h! - 145)).toBeLessThan(5);
    // naive per-channel clipping would give rgb(0 255 0)-ish at a different lightness
    expect(mapped.g).toBeLessThan(0.95);
  });

  it("gamut-maps exactly like culori's toGamut('rgb', 'oklch')", () => {
    const reference = toGamut('rgb', 'oklch');
    const unit = (max: number) => fc.double({ min: 0, max, noNaN: true });
    const wide = fc.oneof(
      fc.tuple(unit(1), unit(0.5), unit(360)).map(([l, c, h]) => `oklch(${css(l)} ${css(c)} ${css(h)})`),
      fc.tuple(unit(1), unit(1), unit(1)).map(([r, g, b]) => `color(rec2020 ${css(r)} ${css(g)} ${css(b)})`),
      fc.tuple(unit(100), unit(250), unit(250)).map(([l, a, b]) => `lab(${css(l)} ${css(a - 125)} ${css(b - 125)})`),
    );
    fc.assert(
      fc.property(wide, (text) => {
        const ours = toDisplaySrgb(text)!;
        const theirs = reference(text);
        const clamp = (x: number | undefined) => Math.min(1, Math.max(0, x ?? 0));
        // 5e-6: color.ts accepts float dust (±1e-6) as in gamut where culori reduces chroma by as little;
        // a real difference in the algorithm shows up at 1e-4 (one chroma step) or more.
        expect(ours.r).toBeCloseTo(clamp(theirs.r), 5);
        expect(ours.g).toBeCloseTo(clamp(theirs.g), 5);
        expect(ours.b).toBeCloseTo(clamp(theirs.b), 5);
      }),
      { numRuns: 2000 },
    );
  });

  it('maps display-p3 red into sRGB instead of refusing it', () => {
    const ratio = contrastRatio('color(display-p3 1 0 0)', '#ffffff')!;
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(4.5);
  });
});

describe('OKLab distance and OKLCH', () => {
  it('is 0 between two spellings of one color and ≈1 between black and white', () => {
    expect(deltaEOK('#3b82f6', 'rgb(59 130 246)')).toBeCloseTo(0, 10);
    expect(deltaEOK('#000', '#fff')).toBeCloseTo(1, 6);
    expect(deltaEOK('#3b82f6', 'nope')).toBeUndefined();
  });

  it('reads lightness and hue', () => {
    const red = oklch('oklch(0.628 0.2577 29.23)')!;
    expect(red.l).toBeCloseTo(0.628, 6);
    expect(red.h).toBeCloseTo(29.23, 6);
    expect(oklch('#808080')!.c).toBeLessThan(1e-6);
  });
});

describe('nearest passing color', () => {
  it('suggests #767676 for #777777 on white at 4.5 (the lightest passing grey)', () => {
    expect(nearestPassing('#777777', '#ffffff', 4.5)).toBe('#767676');
  });

  it('returns a passing color unchanged', () => {
    expect(nearestPassing('#0f172a', '#ffffff', 4.5)).toBe('#0f172a');
  });

  it('moves toward whichever side is nearer', () => {
    // on a mid grey both black and white reach 3:1, so both directions are open
    const bg = '#777777';
    const darkish = nearestPassing('#6a6a6a', bg, 3)!;
    const lightish = nearestPassing('#858585', bg, 3)!;
    expect(luminanceOrder(darkish, '#6a6a6a')).toBeLessThan(0);
    expect(luminanceOrder(lightish, '#858585')).toBeGreaterThan(0);
    expect(contrastRatio(darkish, bg)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(lightish, bg)).toBeGreaterThanOrEqual(3);
  });

  it('keeps the hue of a saturated brand color', () => {
    const suggestion = nearestPassing('#3b82f6', '#ffffff', 4.5)!;
    expect(wcag.hex(suggestion, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(Math.abs(oklch(suggestion)!.h! - oklch('#3b82f6')!.h!)).toBeLessThan(2);
  });

  it('returns undefined when no color at all reaches the ratio', () => {
    // on mid grey the best possible contrast is about 4.6:1
    expect(nearestPassing('#3b82f6', '#777777', 7)).toBeUndefined();
  });

  it('always suggests an opaque hex color that passes, whatever the syntax, gamut or alpha', () => {
    fc.assert(
      fc.property(anyColor, anyColor, threshold, (fg, bg, min) => {
        const suggestion = nearestPassing(fg, bg, min);
        if (suggestion === undefined) {
          // only when neither extreme can pass
          expect(contrastRatio('#000000', bg)!).toBeLessThan(min);
          expect(contrastRatio('#ffffff', bg)!).toBeLessThan(min);
          return;
        }
        expect(suggestion).toMatch(/^#[0-9a-f]{6}$/);
        expect(contrastRatio(suggestion, bg)!).toBeGreaterThanOrEqual(min);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the hue of the foreground unless it falls back to black or white', () => {
    fc.assert(
      fc.property(anyColor, anyColor, threshold, (fg, bg, min) => {
        const suggestion = nearestPassing(fg, bg, min);
        if (suggestion === undefined || suggestion === '#000000' || suggestion === '#ffffff') return;
        const hue = oklch(fg)!.h;
        if (hue === undefined) return;
        // CSS gamut mapping may clip up to a JND (0.02) off the hue; 8-bit rounding adds a little more.
        expect(distanceFromHue(suggestion, hue)).toBeLessThan(0.025);
      }),
      { numRuns: 400 },
    );
  });
});
