// The last line of defence between a token value and a CSS declaration, shared by the Style
// Dictionary value transform and the SD-free emitter. The schema rule already refuses dangerous values
// upstream; here a value is only emitted when it is made solely of the characters and functions a
// token of our types needs, so nothing can end the declaration (`;`), the block (`}`), open a
// comment (`/*`), a string or a `<style>`-closing tag, or load anything (`url(`). Unsafe → undefined:
// the caller leaves the property out, it never "repairs" a value into something the author did not write.

import { GENERIC_FAMILIES, MAX_VALUE_LENGTH, STROKE_KEYWORDS } from '../css-text.ts';
import type {
  BorderValue,
  GradientStop,
  ShadowLayer,
  SimpleType,
  StrokeStyleValue,
  TokenType,
  TokenValue,
  TransitionValue,
  TypographyValue,
} from '../types.ts';

// Every character a color / dimension / number / weight / duration / cubic-bezier value needs.
// No quotes, no `*` (so no `/*`), no `;{}<>!\@` and no `:`.
const VALUE_CHARACTERS = /^[A-Za-z0-9 #%(),.+\-/_]+$/;
const FUNCTION_CALL = /([A-Za-z-]*)\(/g;
const ALLOWED_FUNCTIONS = new Set([
  'rgb',
  'rgba',
  'hsl',
  'hsla',
  'hwb',
  'lab',
  'lch',
  'oklab',
  'oklch',
  'color',
  'cubic-bezier',
  'calc',
  'min',
  'max',
  'clamp',
]);

// fontFamily names: letters/digits/marks of any script, spaces and the punctuation real family names use.
const FAMILY_NAME = /^[\p{L}\p{N}\p{M} ._+&()-]+$/u;

/** The CSS text to emit for a value of a simple `type`, or undefined when it is not provably safe. */
export function cssValue(type: SimpleType, text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_VALUE_LENGTH) return undefined;
  return type === 'fontFamily' ? fontFamilyValue(trimmed) : plainValue(trimmed);
}

function plainValue(text: string): string | undefined {
  if (!VALUE_CHARACTERS.test(text)) return undefined;
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  for (const [, name] of text.matchAll(FUNCTION_CALL)) {
    if (!ALLOWED_FUNCTIONS.has(name!.toLowerCase())) return undefined;
  }
  return text.replace(/ {2,}/g, ' ');
}

/**
 * A comma list of family names, re-quoted so the output never depends on how the author quoted it:
 * generic families bare, every other name in double quotes (which also keeps names such as `inherit`
 * or `Font 2` from being read as keywords or numbers). A quoted generic (`"serif"`) names a font
 * *called* serif, so it stays quoted.
 */
function fontFamilyValue(text: string): string | undefined {
  const families = splitFamilies(text);
  if (!families) return undefined;
  const out: string[] = [];
  for (const { name: raw, quoted } of families) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name === '' || !FAMILY_NAME.test(name) || !parenthesesPair(name)) return undefined;
    const generic = !quoted && GENERIC_FAMILIES.has(name.toLowerCase());
    out.push(generic ? name : `"${name}"`);
  }
  return out.join(', ');
}

function parenthesesPair(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Splits on commas outside quotes, stripping one pair of matching quotes; undefined when quotes do not pair. */
function splitFamilies(text: string): { name: string; quoted: boolean }[] | undefined {
  const families: { name: string; quoted: boolean }[] = [];
  const item = /\s*(?:"([^"]*)"|'([^']*)'|([^,"']*))\s*(,|$)/y;
  for (;;) {
    const match = item.exec(text);
    if (!match) return undefined;
    const [, doubleQuoted, singleQuoted, bare, separator] = match;
    const quotedName = doubleQuoted ?? singleQuoted;
    families.push(quotedName !== undefined ? { name: quotedName, quoted: true } : { name: bare!, quoted: false });
    if (separator === '') return item.lastIndex === text.length ? families : undefined;
  }
}

// --- composites -------------------------------------------------------------------------------------------
// A composite token emits its own property (a CSS shorthand where CSS has one) and, for typography and object
// stroke styles, companion properties named with a suffix. The shorthands are written exactly as Style
// Dictionary's css shorthand transforms write them (the base build runs those transforms; a test holds both
// renderings byte-identical), from leaves that each passed `cssValue`.

/** One property a token emits: `suffix` '' is the token's own name; others are appended (`-font-size`). */
export interface PropertyValue {
  suffix: string;
  value: string;
}

const LINE_CAPS: ReadonlySet<string> = new Set(['round', 'butt', 'square']);

/** The properties a resolved value of `type` emits; undefined when any part is not provably safe. */
export function propertyValues(type: TokenType, value: TokenValue | undefined): PropertyValue[] | undefined {
  if (value === undefined) return undefined;
  switch (type) {
    case 'shadow':
      return single(shadowCss(value as ShadowLayer[]));
    case 'typography':
      return typographyCss(value as TypographyValue);
    case 'border':
      return single(borderCss(value as BorderValue));
    case 'transition':
      return single(transitionCss(value as TransitionValue));
    case 'gradient':
      return single(gradientCss(value as GradientStop[]));
    case 'strokeStyle':
      return strokeStyleCss(value as StrokeStyleValue);
    default: {
      const css = cssValue(type, value as string);
      return css === undefined ? undefined : [{ suffix: '', value: css }];
    }
  }
}

function single(value: string | undefined): PropertyValue[] | undefined {
  return value === undefined ? undefined : [{ suffix: '', value }];
}

function all(parts: (string | undefined)[]): parts is string[] {
  return parts.every((part) => part !== undefined);
}

/** `box-shadow`: `[inset ]x y blur spread color`, layers comma-separated. */
function shadowCss(layers: ShadowLayer[]): string | undefined {
  const out: string[] = [];
  for (const layer of layers) {
    const parts = [
      cssValue('dimension', layer.offsetX),
      cssValue('dimension', layer.offsetY),
      cssValue('dimension', layer.blur),
      cssValue('dimension', layer.spread),
      cssValue('color', layer.color),
    ];
    if (!all(parts)) return undefined;
    out.push(`${layer.inset ? 'inset ' : ''}${parts.join(' ')}`);
  }
  return out.length > 0 ? out.join(', ') : undefined;
}

/** The `font` shorthand (`[weight ]size[/line-height] family`) and one property per part. */
function typographyCss(t: TypographyValue): PropertyValue[] | undefined {
  const family = cssValue('fontFamily', t.fontFamily);
  const size = cssValue('dimension', t.fontSize);
  const weight = t.fontWeight === undefined ? null : cssValue('fontWeight', t.fontWeight);
  const lineHeight = t.lineHeight === undefined ? null : cssValue('number', t.lineHeight);
  const letterSpacing = t.letterSpacing === undefined ? null : cssValue('dimension', t.letterSpacing);
  if (
    family === undefined ||
    size === undefined ||
    weight === undefined ||
    lineHeight === undefined ||
    letterSpacing === undefined
  )
    return undefined;
  const out: PropertyValue[] = [
    { suffix: '', value: `${weight ? `${weight} ` : ''}${size}${lineHeight ? `/${lineHeight} ` : ' '}${family}` },
    { suffix: '-font-family', value: family },
    { suffix: '-font-size', value: size },
  ];
  if (weight) out.push({ suffix: '-font-weight', value: weight });
  if (lineHeight) out.push({ suffix: '-line-height', value: lineHeight });
  if (letterSpacing) out.push({ suffix: '-letter-spacing', value: letterSpacing });
  return out;
}

/** `border`: `width style color`; an object stroke style has no CSS border style, so it falls back to `dashed`. */
function borderCss(b: BorderValue): string | undefined {
  const style = typeof b.style === 'string' ? (STROKE_KEYWORDS.has(b.style) ? b.style : undefined) : 'dashed';
  const parts = [cssValue('dimension', b.width), style, cssValue('color', b.color)];
  return all(parts) ? parts.join(' ') : undefined;
}

/** `transition`: `duration timing-function delay`. */
function transitionCss(t: TransitionValue): string | undefined {
  const parts = [
    cssValue('duration', t.duration),
    cssValue('cubicBezier', t.timingFunction),
    cssValue('duration', t.delay),
  ];
  return all(parts) ? parts.join(' ') : undefined;
}

/** A `linear-gradient()` stop list: `color position%`, comma-separated. */
function gradientCss(stops: GradientStop[]): string | undefined {
  const out: string[] = [];
  for (const stop of stops) {
    const color = cssValue('color', stop.color);
    if (color === undefined || !Number.isFinite(stop.position)) return undefined;
    out.push(`${color} ${Number((Math.min(1, Math.max(0, stop.position)) * 100).toFixed(4))}%`);
  }
  return out.length > 0 ? out.join(', ') : undefined;
}

/** A keyword; the object form as `dashed` (DTCG's suggested CSS fallback) plus `-dash-array` and `-line-cap`. */
function strokeStyleCss(s: StrokeStyleValue): PropertyValue[] | undefined {
  if (typeof s === 'string') return STROKE_KEYWORDS.has(s) ? [{ suffix: '', value: s }] : undefined;
  const dashes = s.dashArray.map((dash) => cssValue('dimension', dash));
  if (!all(dashes) || !LINE_CAPS.has(s.lineCap)) return undefined;
  return [
    { suffix: '', value: 'dashed' },
    { suffix: '-dash-array', value: dashes.join(' ') },
    { suffix: '-line-cap', value: s.lineCap },
  ];
}
