// Color math for governance: parsing, gamut mapping, WCAG 2.x contrast, OKLab distance, the
// "nearest passing color" suggestion and color-vision-deficiency simulation. The only module that knows culori.
//
// We import from `culori/fn` and register just the CSS Color 4 spaces, so a bundler (the Worker build)
// keeps only what we use; the default `culori` entry pre-registers every space and cannot be tree-shaken.

import {
  differenceEuclidean,
  formatCss,
  formatHex,
  formatRgb,
  modeA98,
  modeHsl,
  modeHwb,
  modeLab,
  modeLch,
  modeLrgb,
  modeOklab,
  modeOklch,
  modeP3,
  modeProphoto,
  modeRec2020,
  modeRgb,
  modeXyz50,
  modeXyz65,
  parse,
  useMode,
  type Color,
} from 'culori/fn';
import type { Deficiency } from './types.ts';

// Every space CSS Color 4 can write: hex/rgb()/named, hsl(), hwb(), lab(), lch(), oklab(), oklch(),
// and color(srgb | srgb-linear | display-p3 | a98-rgb | prophoto-rgb | rec2020 | xyz | xyz-d50 | xyz-d65).
const toRgb = useMode(modeRgb);
const toOklch = useMode(modeOklch);
const toLrgb = useMode(modeLrgb);
useMode(modeOklab);
for (const mode of [
  modeHsl,
  modeHwb,
  modeLab,
  modeLch,
  modeP3,
  modeA98,
  modeProphoto,
  modeRec2020,
  modeXyz50,
  modeXyz65,
]) {
  useMode(mode);
}

const distanceInOklab = differenceEuclidean('oklab');

/** A parsed color, in whatever space it was written. Opaque to the rest of the engine. */
export type ParsedColor = Color;

/** Either CSS text or an already parsed color. */
export type ColorInput = string | ParsedColor;

/** Gamut-mapped sRGB, channels and alpha in 0–1 (gamma-encoded, as CSS composites them). */
export interface Srgb {
  r: number;
  g: number;
  b: number;
  alpha: number;
}

export interface OklchColor {
  /** Lightness 0–1. */
  l: number;
  /** Chroma, 0 for greys; about 0.37 at the edge of sRGB. */
  c: number;
  /** Hue in degrees [0, 360); undefined for a color culori considers achromatic. */
  h: number | undefined;
  alpha: number;
}

// A real color is under 100 characters, but culori's tokenizer is slow on hostile input (a 600 KB `rgb(…)`
// takes ~250 ms): refuse early. 1024 matches the longest value the engine accepts (values.ts).
const MAX_COLOR_LENGTH = 1024;
const BARE_HEX = /^[0-9a-f]+$/i;

/** Any CSS color string culori parses (hex, rgb(), hsl(), oklch(), lab(), color(display-p3 …), named…); undefined otherwise. */
export function parseColor(css: string): ParsedColor | undefined {
  if (typeof css !== 'string' || css.length > MAX_COLOR_LENGTH) return undefined;
  const text = css.trim();
  // culori reads `5753ea` as a hex color; CSS does not, and the value would be emitted as written.
  if (text === '' || BARE_HEX.test(text)) return undefined;
  try {
    return parse(text);
  } catch {
    // culori's parser throws a TypeError on some malformed input ("/0A", "rgb(1px 2 3)"; Evercoder/culori
    // PR #272): that is just "not a color".
    return undefined;
  }
}

/**
 * CSS text for a color given by components (a DTCG color object converted to culori's shape):
 * `#rrggbb` for opaque sRGB, `rgb(… / a)` for translucent sRGB, else the CSS color function of its space.
 */
export function formatColor(color: { mode: string; alpha?: number } & Record<string, unknown>): string | undefined {
  const c = color as unknown as Color;
  const css = color.mode === 'rgb' ? (color.alpha === undefined ? formatHex(c) : formatRgb(c)) : formatCss(c);
  return typeof css === 'string' && css.length > 0 ? css : undefined;
}

function asColor(input: ColorInput): ParsedColor | undefined {
  return typeof input === 'string' ? parseColor(input) : input;
}

const clamp01 = (x: number) => (x < 0 ? 0 : Math.min(x, 1));
// Conversions through OKLab leave float dust (white comes back as 1.0000000000000002): not a real excursion.
const GAMUT_EPSILON = 1e-6;
const inUnit = (x: number) => x >= -GAMUT_EPSILON && x <= 1 + GAMUT_EPSILON;

/** The color as displayable sRGB: unchanged when already in gamut, else gamut-mapped as CSS Color 4 does. */
export function toDisplaySrgb(input: ColorInput): Srgb | undefined {
  const color = asColor(input);
  if (color === undefined) return undefined;
  const alpha = clamp01(color.alpha ?? 1);
  const direct = toRgb(color);
  const r = direct.r ?? 0;
  const g = direct.g ?? 0;
  const b = direct.b ?? 0;
  // Most token colors are plain sRGB: no OKLCH round trip for them.
  if (inUnit(r) && inUnit(g) && inUnit(b)) return { r: clamp01(r), g: clamp01(g), b: clamp01(b), alpha };
  const o = toOklch(color);
  const [mr, mg, mb] = gamutMapOklch(o.l ?? 0, o.c ?? 0, o.h ?? 0);
  return { r: mr, g: mg, b: mb, alpha };
}

// --- CSS Color 4 gamut mapping (https://drafts.csswg.org/css-color/#css-gamut-mapping) ---------------------
// The same algorithm, constants and loop as culori's `toGamut('rgb', 'oklch')` (test/engine/color.test.ts
// checks they agree), written on plain numbers and in linear light: culori's generic converters allocate a
// color object and run the gamma curves at every step, ~35 µs per mapping, which a wide-gamut theme
// (Tailwind v4's OKLCH palette) pays for dozens of colors per validation and `nearestPassing` for every
// probe. This is about ten times cheaper.

/** Stop when the chroma interval is this narrow: culori's (range of OKLCH c = 0.4) / 4000. */
const CHROMA_EPSILON = 0.0001;
/** A clipped color within this OKLab distance of the target counts as in gamut (the spec's JND). */
const GAMUT_JND = 0.02;

const toGamma = (x: number) => {
  const abs = Math.abs(x);
  return abs > 0.0031308 ? (Math.sign(x) || 1) * (1.055 * abs ** (1 / 2.4) - 0.055) : x * 12.92;
};

type Triple = [number, number, number];

/** OKLab → linear-light sRGB, unclamped (Björn Ottosson's matrices, as in culori). */
function oklabToLinearSrgb(l: number, a: number, b: number): Triple {
  const l_ = l + 0.3963377773761749 * a + 0.2158037573099136 * b;
  const m_ = l - 0.1055613458156586 * a - 0.0638541728258133 * b;
  const s_ = l - 0.0894841775298119 * a - 1.2914855480194092 * b;
  const L = l_ * l_ * l_;
  const M = m_ * m_ * m_;
  const S = s_ * s_ * s_;
  return [
    4.0767416360759574 * L - 3.3077115392580616 * M + 0.2309699031821044 * S,
    -1.2684379732850317 * L + 2.6097573492876887 * M - 0.3413193760026573 * S,
    -0.0041960761386756 * L - 0.7034186179359362 * M + 1.7076146940746117 * S,
  ];
}

function linearSrgbToOklab([r, g, b]: Triple): Triple {
  const L = Math.cbrt(0.412221469470763 * r + 0.5363325372617348 * g + 0.0514459932675022 * b);
  const M = Math.cbrt(0.2119034958178252 * r + 0.6806995506452344 * g + 0.1073969535369406 * b);
  const S = Math.cbrt(0.0883024591900564 * r + 0.2817188391361215 * g + 0.6299787016738222 * b);
  return [
    0.210454268309314 * L + 0.7936177747023054 * M - 0.0040720430116193 * S,
    1.9779985324311684 * L - 2.4285922420485799 * M + 0.450593709617411 * S,
    0.0259040424655478 * L + 0.7827717124575296 * M - 0.8086757549230774 * S,
  ];
}

// The sRGB transfer function is monotonic and fixes 0 and 1, so "in gamut" and "clip to gamut" give the
// same answer in linear light as in gamma-encoded sRGB: the search needs no gamma conversions at all.
const inSrgb = ([r, g, b]: Triple) => r >= 0 && r <= 1 && g >= 0 && g <= 1 && b >= 0 && b <= 1;
const clip = ([r, g, b]: Triple): Triple => [clamp01(r), clamp01(g), clamp01(b)];
const encode = ([r, g, b]: Triple): Triple => [clamp01(toGamma(r)), clamp01(toGamma(g)), clamp01(toGamma(b))];

/** OKLCH → displayable sRGB: reduce chroma at constant lightness and hue until (within a JND of) in gamut. */
function gamutMapOklch(l: number, c: number, h: number): Triple {
  if (l >= 1) return [1, 1, 1];
  if (l <= 0) return [0, 0, 0];
  const cos = Math.cos((h * Math.PI) / 180);
  const sin = Math.sin((h * Math.PI) / 180);
  let candidate = oklabToLinearSrgb(l, c * cos, c * sin);
  if (inSrgb(candidate)) return encode(candidate);
  let clipped = clip(candidate);
  let start = 0;
  let end = c;
  while (end - start > CHROMA_EPSILON) {
    const chroma = (start + end) / 2;
    const a = chroma * cos;
    const b = chroma * sin;
    candidate = oklabToLinearSrgb(l, a, b);
    clipped = clip(candidate);
    const [cl, ca, cb] = linearSrgbToOklab(clipped);
    const dl = l - cl;
    const da = a - ca;
    const db = b - cb;
    if (inSrgb(candidate) || Math.sqrt(dl * dl + da * da + db * db) <= GAMUT_JND) start = chroma;
    else end = chroma;
  }
  return encode(inSrgb(candidate) ? candidate : clipped);
}

/**
 * A per-call memo of CSS text → displayable sRGB (null when it is not a color).
 * A theme repeats the same few colors across modes and pairs; parsing each once keeps validation cheap.
 */
export function createSrgbMemo(): (css: string) => Srgb | undefined {
  const seen = new Map<string, Srgb | null>();
  return (css) => {
    let hit = seen.get(css);
    if (hit === undefined) {
      hit = toDisplaySrgb(css) ?? null;
      seen.set(css, hit);
    }
    return hit ?? undefined;
  };
}

const linear = (channel: number) => (channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);

/** WCAG 2.x relative luminance of an opaque sRGB color. */
function relativeLuminance(c: Srgb): number {
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

/** Source-over compositing in gamma-encoded sRGB, which is what browsers do for CSS colors. */
function over(top: Srgb, bottom: Srgb): Srgb {
  const a = top.alpha;
  if (a >= 1) return top;
  return {
    r: top.r * a + bottom.r * (1 - a),
    g: top.g * a + bottom.g * (1 - a),
    b: top.b * a + bottom.b * (1 - a),
    alpha: 1,
  };
}

const WHITE: Srgb = { r: 1, g: 1, b: 1, alpha: 1 };

/**
 * What the background looks like on the page. A translucent background is composited over white:
 * the token alone does not say what lies beneath it, and white is the default canvas of every browser.
 */
function flattenBackground(bg: Srgb): Srgb {
  return over(bg, WHITE);
}

function ratioOfOpaque(fg: Srgb, backdrop: Srgb): number {
  const a = relativeLuminance(fg);
  const b = relativeLuminance(backdrop);
  return a > b ? (a + 0.05) / (b + 0.05) : (b + 0.05) / (a + 0.05);
}

/** WCAG 2.x contrast of two displayable colors: translucent fg over bg, translucent bg over white. */
export function contrastOfSrgb(fg: Srgb, bg: Srgb): number {
  const backdrop = flattenBackground(bg);
  return ratioOfOpaque(over(fg, backdrop), backdrop);
}

/** WCAG 2.x contrast ratio (1–21) after gamut mapping and compositing; undefined when either is not a color. */
export function contrastRatio(fg: ColorInput, bg: ColorInput): number | undefined {
  const f = toDisplaySrgb(fg);
  const b = toDisplaySrgb(bg);
  if (f === undefined || b === undefined) return undefined;
  return contrastOfSrgb(f, b);
}

/** Euclidean distance in OKLab (culori differenceEuclidean('oklab')), on the colors as written; alpha ignored. */
export function deltaEOK(a: ColorInput, b: ColorInput): number | undefined {
  const x = asColor(a);
  const y = asColor(b);
  if (x === undefined || y === undefined) return undefined;
  return distanceInOklab(x, y);
}

/** The color in OKLCH, as written (not gamut-mapped). */
export function oklch(input: ColorInput): OklchColor | undefined {
  const color = asColor(input);
  if (color === undefined) return undefined;
  const o = toOklch(color);
  const h = o.h === undefined || Number.isNaN(o.h) ? undefined : ((o.h % 360) + 360) % 360;
  return { l: o.l ?? 0, c: o.c ?? 0, h, alpha: clamp01(o.alpha ?? 1) };
}

// 12 halvings of the lightness interval reach ~2.4e-4, finer than one step of an 8-bit hex channel (~0.003 in L).
const SEARCH_STEPS = 12;
// When rounding to hex lands just under the threshold, walk further by this much lightness until it passes.
const NUDGE_STEP = 0.002;

/**
 * The nearest color to `fg` that reaches `min` against `bg`: same OKLCH hue and chroma, lightness moved
 * as little as possible (both directions searched, the smaller |ΔL| wins), gamut-mapped, as opaque hex.
 *
 * - The suggestion is opaque even when `fg` is translucent: an opaque color passes whatever the alpha.
 * - The returned hex string itself is verified to pass (rounding to 8 bits can push it just under).
 * - Moving lightness to 0 or 1 reaches black or white, so when no lightness of the hue passes, neither does
 *   black or white and the answer is undefined: no foreground at all reaches `min` on that background
 *   (possible above 4.58:1, e.g. 7:1 on a mid grey). The caller must say so rather than suggest a failing color.
 * - A fg that already passes comes back as its own (gamut-mapped) hex.
 *
 * Cost: a few dozen gamut mappings (tens of µs in all), so callers compute it for failing pairs only.
 */
export function nearestPassing(fg: ColorInput, bg: ColorInput, min: number): string | undefined {
  const fgColor = asColor(fg);
  const bgSrgb = toDisplaySrgb(bg);
  if (fgColor === undefined || bgSrgb === undefined) return undefined;
  const backdrop = flattenBackground(bgSrgb);
  const passes = (css: string) => {
    const s = toDisplaySrgb(css);
    return s !== undefined && ratioOfOpaque(s, backdrop) >= min;
  };

  const start = oklch(fgColor)!;
  const l0 = clamp01(start.l);
  const atLightness = (l: number): Srgb => {
    const [r, g, b] = gamutMapOklch(l, start.c, start.h ?? 0);
    return { r, g, b, alpha: 1 };
  };
  const passesAt = (l: number) => ratioOfOpaque(atLightness(l), backdrop) >= min;
  const hexAt = (l: number) => formatHex({ mode: 'rgb', ...atLightness(l) });

  if (passesAt(l0)) {
    const own = hexAt(l0);
    if (passes(own)) return own;
  }

  let best: { hex: string; distance: number } | undefined;
  for (const direction of [-1, 1]) {
    // Contrast grows monotonically as the fg moves away from the bg's luminance, so a side that does not
    // pass within the best distance found so far cannot hold a nearer answer.
    const reach = best === undefined ? 1 : best.distance;
    const end = clamp01(l0 + direction * reach);
    if (end === l0 || !passesAt(end)) continue;
    // Invariant: `passing` always passes, `failing` never does.
    let passing = end;
    let failing = l0;
    for (let i = 0; i < SEARCH_STEPS; i++) {
      const mid = (passing + failing) / 2;
      if (passesAt(mid)) passing = mid;
      else failing = mid;
    }
    // Verify the string we hand out, not the float we searched with.
    let hex = hexAt(passing);
    while (!passes(hex) && passing !== end) {
      passing = direction > 0 ? Math.min(end, passing + NUDGE_STEP) : Math.max(end, passing - NUDGE_STEP);
      hex = hexAt(passing);
    }
    const distance = Math.abs(passing - l0);
    if (passes(hex) && (best === undefined || distance < best.distance)) best = { hex, distance };
  }
  if (best !== undefined) return best.hex;
  // Only reachable if hex verification failed on both sides: black and white are exact in hex.
  for (const fallback of ['#000000', '#ffffff']) if (passes(fallback)) return fallback;
  return undefined;
}

/** One contrast requirement on a color being moved: the other side's displayable color, and which side is moving. */
export interface ContrastConstraint {
  other: Srgb;
  min: number;
  /** 'fg' when the moving color is the pair's foreground, 'bg' when it is the background. */
  moving: 'fg' | 'bg';
}

// Ternary-search steps for the lightness of least contrast: (2/3)^14 ≈ 0.003 of the interval — the valley only
// brackets the boundary searches, and a boundary at an enhanced level (≥ 3:1) lies far from the valley (1:1).
const VALLEY_STEPS = 14;

/**
 * The nearest color to `input` that meets every constraint at once: same OKLCH hue and chroma, lightness moved as
 * little as possible, gamut-mapped, as opaque hex (verified after rounding); undefined when no lightness does.
 *
 * Against one other color, contrast falls as the moving color's luminance approaches the other's and rises past
 * it, so each constraint passes on [0, a] ∪ [b, 1] of lightness. The intersection of such sets is a union of
 * intervals whose ends are among the a's and b's: the nearest passing lightness is the start itself or one of them.
 */
export function nearestLightnessMeetingAll(
  input: ColorInput,
  constraints: readonly ContrastConstraint[],
): string | undefined {
  const color = asColor(input);
  if (color === undefined) return undefined;
  const start = oklch(color)!;
  const l0 = clamp01(start.l);
  const at = (l: number): Srgb => {
    const [r, g, b] = gamutMapOklch(l, start.c, start.h ?? 0);
    return { r, g, b, alpha: 1 };
  };
  const ratio = (moving: Srgb, k: ContrastConstraint) =>
    k.moving === 'fg' ? contrastOfSrgb(moving, k.other) : contrastOfSrgb(k.other, moving);
  const meetsAll = (moving: Srgb) => constraints.every((k) => ratio(moving, k) >= k.min);

  const candidates = new Set<number>([l0]);
  for (const k of constraints) {
    const f = (l: number) => ratio(at(l), k);
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < VALLEY_STEPS; i++) {
      const m1 = lo + (hi - lo) / 3;
      const m2 = hi - (hi - lo) / 3;
      if (f(m1) < f(m2)) hi = m2;
      else lo = m1;
    }
    const valley = (lo + hi) / 2;
    for (const end of [0, 1]) {
      if (f(end) < k.min) continue;
      // Invariant: `passing` passes, `failing` does not (or is the valley).
      let passing = end;
      let failing = valley;
      for (let i = 0; i < SEARCH_STEPS; i++) {
        const mid = (passing + failing) / 2;
        if (f(mid) >= k.min) passing = mid;
        else failing = mid;
      }
      candidates.add(passing);
    }
  }

  let best: { hex: string; distance: number } | undefined;
  for (const l of [...candidates].sort((a, b) => Math.abs(a - l0) - Math.abs(b - l0))) {
    // Nearest first: once one passes, a farther candidate can only beat it by a nudge, never by its start.
    if (best !== undefined && Math.abs(l - l0) >= best.distance) break;
    // Verify the string handed out; when 8-bit rounding lands just short, walk on away from the start.
    const direction = l >= l0 ? 1 : -1;
    let probe = l;
    for (let step = 0; step <= 10; step++) {
      const hex = formatHex({ mode: 'rgb', ...at(probe) });
      const shown = toDisplaySrgb(hex)!;
      if (meetsAll(shown)) {
        const moved = Math.abs(probe - l0);
        if (best === undefined || moved < best.distance) best = { hex, distance: moved };
        break;
      }
      const next = clamp01(probe + direction * NUDGE_STEP);
      if (next === probe) break;
      probe = next;
    }
  }
  return best?.hex;
}

// --- Color-vision deficiency ------------------------------------------------------------------------------

export const DEFICIENCIES: readonly Deficiency[] = ['protanopia', 'deuteranopia', 'tritanopia'];

type Matrix = readonly [Triple, Triple, Triple];

/**
 * Machado, Oliveira & Fernandes 2009, "A Physiologically-based Model for Simulation of Color Vision Deficiency"
 * (IEEE TVCG 15(6)): the severity 1.0 matrices, as the authors publish them with the paper
 * (www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/CVD_Simulation.html). Row-major, applied to linear-light sRGB.
 */
export const CVD_MATRICES: Readonly<Record<Deficiency, Matrix>> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/**
 * How a color looks to someone with the deficiency: the displayed color (gamut-mapped; translucent colors over
 * white, as the contrast rule flattens a background), decoded to linear sRGB, multiplied by the model's matrix,
 * clamped to the gamut and encoded again. Opaque; undefined when `input` is not a color.
 */
export function simulateCvd(input: ColorInput, deficiency: Deficiency): Srgb | undefined {
  const shown = toDisplaySrgb(input);
  if (shown === undefined) return undefined;
  const { r, g, b } = toLrgb({ mode: 'rgb', ...flattenBackground(shown) });
  const [row0, row1, row2] = CVD_MATRICES[deficiency];
  const times = (row: Triple) => clamp01(row[0] * (r ?? 0) + row[1] * (g ?? 0) + row[2] * (b ?? 0));
  const encoded = toRgb({ mode: 'lrgb', r: times(row0), g: times(row1), b: times(row2) });
  return { r: clamp01(encoded.r ?? 0), g: clamp01(encoded.g ?? 0), b: clamp01(encoded.b ?? 0), alpha: 1 };
}

/** OKLab distance between two colors as someone with the deficiency sees them; undefined when either is not a color. */
export function cvdDistance(a: ColorInput, b: ColorInput, deficiency: Deficiency): number | undefined {
  const x = simulateCvd(a, deficiency);
  const y = simulateCvd(b, deficiency);
  if (x === undefined || y === undefined) return undefined;
  return distanceInOklab({ mode: 'rgb', ...x }, { mode: 'rgb', ...y });
}

// --- DTCG color objects ------------------------------------------------------------------------------------

/** A DTCG 2025.10 color object (Color module): its space, components, alpha, and an sRGB hex fallback. */
export interface DtcgColor {
  colorSpace: string;
  components: (number | 'none')[];
  alpha?: number;
  hex: string;
}

/** culori's mode → the DTCG color space, its channel keys, and the factor DTCG writes each channel with. */
const DTCG_SPACES: Record<string, { space: string; keys: [string, string, string]; scale?: [number, number, number] }> =
  {
    rgb: { space: 'srgb', keys: ['r', 'g', 'b'] },
    lrgb: { space: 'srgb-linear', keys: ['r', 'g', 'b'] },
    p3: { space: 'display-p3', keys: ['r', 'g', 'b'] },
    a98: { space: 'a98-rgb', keys: ['r', 'g', 'b'] },
    prophoto: { space: 'prophoto-rgb', keys: ['r', 'g', 'b'] },
    rec2020: { space: 'rec2020', keys: ['r', 'g', 'b'] },
    xyz65: { space: 'xyz-d65', keys: ['x', 'y', 'z'] },
    xyz50: { space: 'xyz-d50', keys: ['x', 'y', 'z'] },
    hsl: { space: 'hsl', keys: ['h', 's', 'l'], scale: [1, 100, 100] },
    hwb: { space: 'hwb', keys: ['h', 'w', 'b'], scale: [1, 100, 100] },
    lab: { space: 'lab', keys: ['l', 'a', 'b'] },
    lch: { space: 'lch', keys: ['l', 'c', 'h'] },
    oklab: { space: 'oklab', keys: ['l', 'a', 'b'] },
    oklch: { space: 'oklch', keys: ['l', 'c', 'h'] },
  };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * A CSS color as a DTCG color object in the space it was written in (hex and named colors are sRGB), with the
 * gamut-mapped sRGB hex every reader can fall back on. Undefined when `css` is not a color.
 */
export function toDtcgColor(css: string): DtcgColor | undefined {
  const color = parseColor(css);
  const srgb = color && toDisplaySrgb(color);
  const space = color && DTCG_SPACES[color.mode];
  if (!color || !srgb || !space) return undefined;
  const channels = color as unknown as Record<string, number | undefined>;
  const components = space.keys.map((key, i) => {
    const value = channels[key];
    return value === undefined || Number.isNaN(value) ? ('none' as const) : round6(value * (space.scale?.[i] ?? 1));
  });
  return {
    colorSpace: space.space,
    components,
    ...(srgb.alpha < 1 && { alpha: round6(srgb.alpha) }),
    hex: formatHex({ mode: 'rgb', r: srgb.r, g: srgb.g, b: srgb.b }),
  };
}
