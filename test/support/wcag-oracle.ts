// The independent contrast oracle for browser tests: wcag-contrast on the rgb() colors Chromium computes, and the
// WCAG 1.4.6 enhanced levels written out here rather than imported from the code under test.
import { createRequire } from 'node:module';

const wcag = createRequire(import.meta.url)('wcag-contrast') as {
  rgb(a: [number, number, number], b: [number, number, number]): number;
};

const channels = (css: string): [number, number, number] => {
  const match = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
  if (!match) throw new Error(`not an opaque rgb() color: ${css}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};

/** The WCAG 2.x ratio of two computed opaque colors (`rgb(r, g, b)`), by wcag-contrast. */
export const computedRatio = (fg: string, bg: string): number => wcag.rgb(channels(fg), channels(bg));

/** WCAG 1.4.6: 7:1 for text whose minimum is 4.5:1, 4.5:1 for 3:1. */
export const enhanced = (min: number) => (min >= 4.5 ? 7 : 4.5);
