// Color-vision-deficiency simulation (src/engine/color.ts) against Machado, Oliveira & Fernandes 2009: the matrices
// are the paper's, the pipeline is an independent computation (sRGB decode, multiply, clamp, encode), and the
// simulated colors confuse what dichromats confuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CVD_MATRICES, cvdDistance, DEFICIENCIES, deltaEOK, simulateCvd } from '../../src/engine/color.ts';
import type { Deficiency } from '../../src/engine/types.ts';
import { PUBLISHED_MACHADO_2009 } from '../support/machado-2009.ts';

const PUBLISHED = PUBLISHED_MACHADO_2009;

// IEC 61966-2-1 sRGB transfer functions, written here rather than taken from the engine.
const decode = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const encode = (c: number) => (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055);

function expectedSimulation(bytes: [number, number, number], deficiency: Deficiency): number[] {
  const linear = bytes.map((x) => decode(x / 255));
  return PUBLISHED[deficiency].map((row) => {
    const v = row[0]! * linear[0]! + row[1]! * linear[1]! + row[2]! * linear[2]!;
    return encode(Math.min(1, Math.max(0, v)));
  });
}

const hex = (bytes: number[]) => `#${bytes.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
const byte = fc.integer({ min: 0, max: 255 });

describe('the Machado 2009 matrices', () => {
  it.each(DEFICIENCIES)('%s is the published severity 1.0 matrix', (deficiency) => {
    expect(CVD_MATRICES[deficiency]).toEqual(PUBLISHED[deficiency]);
  });

  it.each(DEFICIENCIES)('each row of %s sums to 1 (white and greys stay put)', (deficiency) => {
    for (const row of CVD_MATRICES[deficiency]) expect(Math.abs(row[0] + row[1] + row[2] - 1)).toBeLessThan(2e-6);
  });

  it('keeps the entries that tell the deficiencies apart', () => {
    // A protanope's L channel is mostly M; a deuteranope's less so; a tritanope's blue comes mostly from green.
    expect(CVD_MATRICES.protanopia[0][1]).toBe(1.052583);
    expect(CVD_MATRICES.deuteranopia[0][0]).toBe(0.367322);
    expect(CVD_MATRICES.tritanopia[2][1]).toBe(0.691367);
  });
});

describe('simulateCvd', () => {
  it('decodes sRGB, applies the matrix in linear light, clamps and encodes', () => {
    fc.assert(
      fc.property(fc.tuple(byte, byte, byte), fc.constantFrom(...DEFICIENCIES), (bytes, deficiency) => {
        const got = simulateCvd(hex(bytes), deficiency)!;
        const want = expectedSimulation(bytes, deficiency);
        expect(got.r).toBeCloseTo(want[0]!, 6);
        expect(got.g).toBeCloseTo(want[1]!, 6);
        expect(got.b).toBeCloseTo(want[2]!, 6);
        expect(got.alpha).toBe(1);
      }),
    );
  });

  it('leaves greys unchanged under every deficiency', () => {
    fc.assert(
      fc.property(byte, fc.constantFrom(...DEFICIENCIES), (level, deficiency) => {
        const grey = hex([level, level, level]);
        const got = simulateCvd(grey, deficiency)!;
        for (const channel of [got.r, got.g, got.b]) expect(channel).toBeCloseTo(level / 255, 5);
        expect(cvdDistance(grey, grey, deficiency)).toBe(0);
      }),
    );
  });

  it('gives displayable channels for wide-gamut and translucent colors, and undefined for non-colors', () => {
    for (const deficiency of DEFICIENCIES) {
      for (const css of ['oklch(0.7 0.37 150)', 'color(display-p3 1 0 0)', 'rgb(255 0 0 / 0.5)']) {
        const got = simulateCvd(css, deficiency)!;
        for (const channel of [got.r, got.g, got.b]) expect(channel >= 0 && channel <= 1, css).toBe(true);
      }
      expect(simulateCvd('not-a-color', deficiency)).toBeUndefined();
      expect(cvdDistance('#ff0000', 'nope', deficiency)).toBeUndefined();
    }
    // Half-transparent red is seen over white: lighter than red itself.
    const half = simulateCvd('rgb(255 0 0 / 0.5)', 'protanopia')!;
    const full = simulateCvd('#ff0000', 'protanopia')!;
    expect(half.g).toBeGreaterThan(full.g);
  });
});

describe('what dichromats confuse', () => {
  const ratio = (a: string, b: string, deficiency: Deficiency) => cvdDistance(a, b, deficiency)! / deltaEOK(a, b)!;

  it('red and green collapse toward each other under protanopia and deuteranopia, not under tritanopia', () => {
    for (const [red, green] of [
      ['#ff0000', '#008000'],
      ['#e53935', '#43a047'],
      ['#d00000', '#00a000'],
    ] as const) {
      expect(Math.min(ratio(red, green, 'protanopia'), ratio(red, green, 'deuteranopia')), red).toBeLessThan(0.2);
      expect(ratio(red, green, 'tritanopia'), red).toBeGreaterThan(0.9);
    }
    // Material's red 600 and green 600 are barely distinct for a deuteranope (under the default threshold 0.03).
    expect(cvdDistance('#e53935', '#43a047', 'deuteranopia')).toBeLessThan(0.03);
  });

  it('blue and green, yellow and pink collapse under tritanopia, not under protanopia or deuteranopia', () => {
    for (const [a, b] of [
      ['#0077ff', '#00aa88'],
      ['#ffcc00', '#ff99cc'],
    ] as const) {
      expect(ratio(a, b, 'tritanopia'), a).toBeLessThan(0.35);
      expect(ratio(a, b, 'protanopia'), a).toBeGreaterThan(0.8);
      expect(ratio(a, b, 'deuteranopia'), a).toBeGreaterThan(0.8);
    }
  });

  it('keeps black and white, and blue and yellow, far apart under every deficiency', () => {
    for (const deficiency of DEFICIENCIES) {
      expect(cvdDistance('#000000', '#ffffff', deficiency)).toBeGreaterThan(0.99);
      expect(cvdDistance('#0000ff', '#ffff00', deficiency)).toBeGreaterThan(0.4);
    }
  });
});
