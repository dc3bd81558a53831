// The accessibility variants every theme carries (theme.css's `prefers-contrast: more` and `forced-colors: active`
// blocks), derived from the merged theme and T0's governance. Pure: the Worker, Node, the CLI and the studio's
// browser bundle compute the same values.
//
// More contrast: every governed pair is lifted to its enhanced level (WCAG 1.4.6: 7:1 where the minimum is 4.5,
// 4.5:1 where it is 3) by moving one color's OKLCH lightness the least that passes — the foreground's, or the
// background's when no foreground lightness can. A move is accepted only when the moved color then meets *every*
// pair it takes part in (in either role) at its enhanced level, so no move ever undoes another: each one adds at
// least one passing pair, and the loop ends. Pairs no move can lift are reported, with the ratio they keep.
//
// Forced colors: the semantic roles mapped to CSS system colors, as governance data (governance/forced-colors.json).

import { contrastOfSrgb, createSrgbMemo, nearestLightnessMeetingAll, type Srgb } from './color.ts';
import { themeDeclarations } from './emit/declarations.ts';
import { matchesPattern } from './paths.ts';
import type { ContrastPair, ForcedColorsMapping, MergedTheme, Mode, TokenPath } from './types.ts';

/** The CSS Color 4 system colors (https://drafts.csswg.org/css-color-4/#css-system-colors). */
export const SYSTEM_COLORS = [
  'AccentColor',
  'AccentColorText',
  'ActiveText',
  'ButtonBorder',
  'ButtonFace',
  'ButtonText',
  'Canvas',
  'CanvasText',
  'Field',
  'FieldText',
  'GrayText',
  'Highlight',
  'HighlightText',
  'LinkText',
  'Mark',
  'MarkText',
  'SelectedItem',
  'SelectedItemText',
  'VisitedText',
] as const;

export type SystemColor = (typeof SYSTEM_COLORS)[number];

/** One custom property a variant sets: the token, its mode, the property and the value in the variant. */
export interface VariantDeclaration {
  path: TokenPath;
  mode: Mode;
  /** The custom property, `--text-secondary`. */
  name: string;
  value: string;
}

/** A governed pair in the more-contrast variant: the enhanced level it should reach and the ratio it has there. */
export interface VariantPair {
  fg: string;
  bg: string;
  mode: Mode;
  /** The enhanced level it should reach. */
  required: number;
  /** Its ratio in the variant; null when it cannot be measured (a side is missing or not a color). */
  ratio: number | null;
}

/** A pair left below its enhanced level in the more-contrast variant. */
export type UnmetPair = VariantPair;

export interface MoreContrast {
  /** The properties the variant changes, per mode, in pair order. */
  declarations: VariantDeclaration[];
  /** Every governed pair in every mode, as the variant leaves it (what a preview of the variant shows). */
  pairs: VariantPair[];
  unmet: UnmetPair[];
}

/** WCAG 1.4.6's enhanced level for a pair whose minimum is `min`: 7 for text (4.5), 4.5 for large text and UI (3). */
export function enhancedLevel(min: number): number {
  if (min >= 7) return min;
  if (min >= 4.5) return 7;
  if (min >= 3) return 4.5;
  return 3;
}

interface Side {
  /** The token whose value the browser uses for this side: the side itself, or the semantic token it is var() of. */
  unit: TokenPath;
  name: string;
}

interface LiveColor {
  css: string;
  srgb: Srgb;
}

// A theme is immutable once composed; the studio and the service ask for the same theme's variant repeatedly.
const memo = new WeakMap<MergedTheme, WeakMap<readonly ContrastPair[], MoreContrast>>();

/** The more-contrast variant of `theme` for the governed `pairs`. */
export function moreContrast(theme: MergedTheme, pairs: readonly ContrastPair[]): MoreContrast {
  let byPairs = memo.get(theme);
  if (byPairs === undefined) memo.set(theme, (byPairs = new WeakMap()));
  let result = byPairs.get(pairs);
  if (result === undefined) {
    result = computeMoreContrast(theme, pairs);
    byPairs.set(pairs, result);
  }
  return result;
}

function computeMoreContrast(theme: MergedTheme, pairs: readonly ContrastPair[]): MoreContrast {
  const declarations: VariantDeclaration[] = [];
  const measured: VariantPair[] = [];
  const modes = [...new Set(pairs.flatMap((pair) => pair.modes))];
  for (const mode of modes) {
    const result = liftMode(theme, mode, pairs);
    declarations.push(...result.declarations);
    measured.push(...result.pairs);
  }
  const unmet = measured.filter((p) => p.ratio === null || p.ratio < p.required);
  return { declarations, pairs: measured, unmet };
}

function liftMode(
  theme: MergedTheme,
  mode: Mode,
  all: readonly ContrastPair[],
): Pick<MoreContrast, 'declarations' | 'pairs'> {
  const srgbOf = createSrgbMemo();
  const sides = sidesOf(theme, mode);
  const values = new Map<TokenPath, LiveColor>();
  const colorOf = (unit: TokenPath): LiveColor | undefined => {
    if (!values.has(unit)) {
      const token = theme.tokens.get(unit);
      const css = token?.type === 'color' ? token.resolved : undefined;
      const srgb = css === undefined ? undefined : srgbOf(css);
      if (css !== undefined && srgb !== undefined) values.set(unit, { css, srgb });
    }
    return values.get(unit);
  };

  interface Lifted {
    pair: ContrastPair;
    fg: Side | undefined;
    bg: Side | undefined;
    required: number;
  }
  const pairs: Lifted[] = all
    .filter((pair) => pair.modes.includes(mode))
    .map((pair) => ({
      pair,
      fg: sides(pair.fg),
      bg: sides(pair.bg),
      required: enhancedLevel(pair.min),
    }));
  const ratioOf = (p: Lifted): number | null => {
    const fg = p.fg && colorOf(p.fg.unit);
    const bg = p.bg && colorOf(p.bg.unit);
    return fg && bg ? contrastOfSrgb(fg.srgb, bg.srgb) : null;
  };
  const meets = (p: Lifted) => (ratioOf(p) ?? 0) >= p.required;

  const moved = new Map<TokenPath, string>(); // unit → property name
  /** Move `unit` to the nearest lightness meeting all its pairs; false when none does. */
  const move = (unit: TokenPath, name: string): boolean => {
    const constraints = [];
    for (const p of pairs) {
      const isFg = p.fg?.unit === unit;
      const isBg = p.bg?.unit === unit;
      if (!isFg && !isBg) continue;
      if (isFg && isBg) return false; // a pair of a color with itself: no lightness helps
      const otherSide = isFg ? p.bg : p.fg;
      const other = otherSide && colorOf(otherSide.unit);
      if (other === undefined) continue; // unmeasurable: reported below, it constrains nothing
      constraints.push({ other: other.srgb, min: p.required, moving: isFg ? ('fg' as const) : ('bg' as const) });
    }
    const hex = nearestLightnessMeetingAll(colorOf(unit)!.css, constraints);
    if (hex === undefined) return false;
    values.set(unit, { css: hex, srgb: srgbOf(hex)! });
    moved.set(unit, name);
    return true;
  };

  // Each accepted move makes at least one more pair pass and none fail, so this ends within pairs.length moves.
  let progress = true;
  while (progress) {
    progress = false;
    for (const p of pairs) {
      if (!p.fg || !p.bg || ratioOf(p) === null || meets(p)) continue;
      if (move(p.fg.unit, p.fg.name) || move(p.bg.unit, p.bg.name)) progress = true;
    }
  }

  const declarations: VariantDeclaration[] = [];
  for (const [unit, name] of moved) {
    const value = values.get(unit)!.css;
    if (value !== theme.tokens.get(unit)!.resolved) declarations.push({ path: unit, mode, name, value });
  }
  const measured: VariantPair[] = pairs.map((p) => ({
    fg: p.pair.fg,
    bg: p.pair.bg,
    mode,
    required: p.required,
    ratio: ratioOf(p),
  }));
  return { declarations, pairs: measured };
}

/**
 * Where a pair's side lives in the browser: the token `semantic.<mode>.<role>`, or, when theme.css declares it as
 * var() of another semantic token of the same mode, that token (moving it moves both). Undefined when the side
 * emits no declaration (missing, unresolved or not a color).
 */
function sidesOf(theme: MergedTheme, mode: Mode): (role: string) => Side | undefined {
  const declared = themeDeclarations(theme).byPath;
  const prefix = `semantic.${mode}.`;
  return (role) => {
    let path = `${prefix}${role}`;
    const seen = new Set<string>();
    for (;;) {
      const own = declared.get(path)?.find((d) => d.suffix === '');
      if (own === undefined || theme.tokens.get(path)?.type !== 'color') return undefined;
      const next = own.reference;
      if (next === undefined || !next.startsWith(prefix) || seen.has(next)) return { unit: path, name: own.name };
      seen.add(path);
      path = next;
    }
  };
}

/**
 * The forced-colors variant: each semantic color token whose role (its path below `semantic.<mode>.`) the mapping
 * names gets that system color. An exact role wins over a pattern; among patterns, the first listed.
 */
export function forcedColors(theme: MergedTheme, mapping: ForcedColorsMapping | undefined): VariantDeclaration[] {
  if (mapping === undefined) return [];
  const entries = Object.entries(mapping);
  const patterns = entries.filter(([role]) => role.includes('*'));
  const systemColorOf = (role: string) =>
    Object.hasOwn(mapping, role) ? mapping[role] : patterns.find(([pattern]) => matchesPattern(pattern, role))?.[1];
  const declarations: VariantDeclaration[] = [];
  for (const [path, list] of themeDeclarations(theme).byPath) {
    const token = theme.tokens.get(path);
    if (token?.type !== 'color' || !path.startsWith('semantic.')) continue;
    const own = list.find((d) => d.suffix === '');
    if (own?.mode == null) continue;
    const value = systemColorOf(path.slice(`semantic.${own.mode}.`.length));
    if (value !== undefined) declarations.push({ path, mode: own.mode, name: own.name, value });
  }
  return declarations;
}
