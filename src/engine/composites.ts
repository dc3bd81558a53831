// DTCG 2025.10 composite types (§9): shadow, typography, border, transition, gradient, strokeStyle.
//
// Each normaliser takes the `$value` as written and returns a normalised value whose leaves are safe CSS text
// (./values.ts normalises each sub-value by its type). A sub-value may be a reference to a token of the sub-value's
// type (`"color": "{color.shadow}"`); a shadow or gradient array may hold references to whole shadow or gradient
// tokens, whose layers or stops are spliced in. References are answered by `ctx.ref`: the resolver passes real
// values, the merge passes placeholders to check the shape before anything is resolved.
import type { Notes } from './values.ts';
import { STROKE_KEYWORDS } from './css-text.ts';
import { listOf, quote } from './text.ts';
import { isPlainRecord, normaliseDimension, normaliseNumber, normaliseSimple, readNumber } from './values.ts';
import { boundedEditDistance } from './paths.ts';
import { parseCurly } from './references.ts';
import type {
  BorderValue,
  CompositeType,
  GradientStop,
  ResolutionFailure,
  ShadowLayer,
  SimpleType,
  StrokeStyleValue,
  TokenType,
  TokenValue,
  TransitionValue,
  TypographyValue,
} from './types.ts';

/** What a reference inside a value resolves to: the target's value, or why it cannot be used. */
export type RefResult = { ok: true; value: TokenValue; type: TokenType } | { ok: false; failure: ResolutionFailure };

/** Answers `{path}` found at a sub-value position that needs one of `expected`. */
export type RefResolver = (path: string, expected: readonly TokenType[], part: string) => RefResult;

export interface NormaliseContext {
  ref: RefResolver;
  notes?: Notes;
}

export type CompositeResult<T extends TokenValue = TokenValue> =
  | { ok: true; value: T }
  | { ok: false; message: string }
  | { ok: false; failure: ResolutionFailure };

type Failed = Exclude<CompositeResult, { ok: true }>;

const fail = (message: string): Failed => ({ ok: false, message });

export const COMPOSITE_TYPES: ReadonlySet<string> = new Set<CompositeType>([
  'shadow',
  'typography',
  'border',
  'transition',
  'gradient',
  'strokeStyle',
]);

export function isComposite(type: TokenType): type is CompositeType {
  return COMPOSITE_TYPES.has(type);
}

const LINE_CAPS: ReadonlySet<string> = new Set(['round', 'butt', 'square']);

/** The sub-values of each composite object, in the order DTCG lists them, with their types. */
export const COMPOSITE_PARTS = {
  shadow: { color: 'color', offsetX: 'dimension', offsetY: 'dimension', blur: 'dimension', spread: 'dimension' },
  typography: {
    fontFamily: 'fontFamily',
    fontSize: 'dimension',
    fontWeight: 'fontWeight',
    letterSpacing: 'dimension',
    lineHeight: 'number',
  },
  border: { color: 'color', width: 'dimension', style: 'strokeStyle' },
  transition: { duration: 'duration', delay: 'duration', timingFunction: 'cubicBezier' },
  gradient: { color: 'color', position: 'number' },
} as const satisfies Record<string, Record<string, SimpleType | 'strokeStyle'>>;

export function normaliseComposite(type: CompositeType, raw: unknown, ctx: NormaliseContext): CompositeResult {
  switch (type) {
    case 'shadow':
      return normaliseShadow(raw, ctx);
    case 'typography':
      return normaliseTypography(raw, ctx);
    case 'border':
      return normaliseBorder(raw, ctx);
    case 'transition':
      return normaliseTransition(raw, ctx);
    case 'gradient':
      return normaliseGradient(raw, ctx);
    case 'strokeStyle':
      return normaliseStrokeStyle(raw, ctx, 'the stroke style');
  }
}

/** One sub-value: a reference to a token of `type`, or a literal of `type`. */
function sub(type: SimpleType, raw: unknown, ctx: NormaliseContext, part: string): CompositeResult<string> {
  const ref = typeof raw === 'string' ? parseCurly(raw) : null;
  if (ref && 'error' in ref) return fail(`${part}: ${ref.error}`);
  if (ref) {
    const result = ctx.ref(ref.path, [type], part);
    return result.ok ? { ok: true, value: result.value as string } : result;
  }
  const result = normaliseSimple(type, raw, ctx.notes);
  return result.ok ? { ok: true, value: result.css } : fail(`${part} ${result.message}`);
}

/**
 * The object's keys checked against the composite's parts: unknown keys are noted and ignored (real exports add
 * e.g. `fontStyle` or Tokens Studio's `type`), a missing required part is an error.
 */
function checkKeys(
  object: Record<string, unknown>,
  known: readonly string[],
  required: readonly string[],
  what: string,
  ctx: NormaliseContext,
): Failed | undefined {
  const missing = required.filter((key) => !Object.hasOwn(object, key));
  const unknown = Object.keys(object).filter((key) => !known.includes(key));
  if (missing.length > 0) {
    // A misspelt part ("sperad") is the likeliest reason a required one is missing: say so.
    const guesses = unknown.flatMap((key) =>
      missing
        .filter((m) => boundedEditDistance(key.toLowerCase(), m.toLowerCase(), 2) <= 2)
        .map((m) => `${quote(key)} for ${m}?`),
    );
    return fail(
      `lacks ${listOf(missing)} (${what} needs ${listOf(required)})${guesses.length > 0 ? `; did you mean ${guesses.join(', ')}` : ''}`,
    );
  }
  for (const key of unknown) {
    ctx.notes?.push({
      code: 'unknown_property',
      message: `${what} has ${quote(key)}, which DTCG does not define for it; it is ignored`,
    });
  }
  return undefined;
}

// --- shadow (§9.6): one shadow object, or an array of shadow objects and references to shadow tokens -----------

const SHADOW_KEYS = ['color', 'offsetX', 'offsetY', 'blur', 'spread', 'inset'];
const SHADOW_REQUIRED = ['color', 'offsetX', 'offsetY', 'blur', 'spread'];

function normaliseShadow(raw: unknown, ctx: NormaliseContext): CompositeResult<ShadowLayer[]> {
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length === 0) return fail('is an empty list of shadows');
  const layers: ShadowLayer[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const where = Array.isArray(raw) ? `shadow ${i + 1}` : 'the shadow';
    const ref = typeof item === 'string' ? parseCurly(item) : null;
    if (ref && 'error' in ref) return fail(`${where}: ${ref.error}`);
    if (ref) {
      const result = ctx.ref(ref.path, ['shadow'], where);
      if (!result.ok) return result;
      layers.push(...(result.value as ShadowLayer[]));
      continue;
    }
    if (!isPlainRecord(item)) return fail(`${where} must be an object with color, offsetX, offsetY, blur and spread`);
    const keys = checkKeys(item, SHADOW_KEYS, SHADOW_REQUIRED, where, ctx);
    if (keys) return keys;
    const layer: Partial<ShadowLayer> = {};
    for (const [part, type] of Object.entries(COMPOSITE_PARTS.shadow)) {
      const result = sub(type, item[part], ctx, `${where}'s ${part}`);
      if (!result.ok) return result;
      layer[part as keyof typeof COMPOSITE_PARTS.shadow] = result.value;
    }
    if (item.inset !== undefined && typeof item.inset !== 'boolean')
      return fail(`${where}'s inset must be true or false`);
    layer.inset = item.inset === true;
    layers.push(layer as ShadowLayer);
  }
  return { ok: true, value: layers };
}

// --- typography (§9.8) ------------------------------------------------------------------------------------

const TYPOGRAPHY_KEYS = Object.keys(COMPOSITE_PARTS.typography);

function normaliseTypography(raw: unknown, ctx: NormaliseContext): CompositeResult<TypographyValue> {
  if (!isPlainRecord(raw))
    return fail('must be an object with fontFamily, fontSize, fontWeight, letterSpacing and lineHeight');
  // DTCG requires all five; real exports often leave out letterSpacing or lineHeight. Family and size are what CSS's
  // font shorthand cannot do without; a missing other part is noted, and CSS keeps the inherited value for it.
  const keys = checkKeys(raw, TYPOGRAPHY_KEYS, ['fontFamily', 'fontSize'], 'the typography', ctx);
  if (keys) return keys;
  const absent = ['fontWeight', 'letterSpacing', 'lineHeight'].filter((key) => !Object.hasOwn(raw, key));
  if (absent.length > 0) {
    ctx.notes?.push({
      code: 'incomplete_composite',
      message: `the typography has no ${listOf(absent)} (DTCG requires all five parts); the CSS leaves ${absent.length === 1 ? 'it' : 'them'} inherited`,
    });
  }
  const family = sub('fontFamily', raw.fontFamily, ctx, 'fontFamily');
  if (!family.ok) return family;
  const size = sub('dimension', raw.fontSize, ctx, 'fontSize');
  if (!size.ok) return size;
  const value: TypographyValue = { fontFamily: family.value, fontSize: size.value };
  if (Object.hasOwn(raw, 'fontWeight')) {
    const weight = sub('fontWeight', raw.fontWeight, ctx, 'fontWeight');
    if (!weight.ok) return weight;
    value.fontWeight = weight.value;
  }
  if (Object.hasOwn(raw, 'letterSpacing')) {
    const spacing = sub('dimension', raw.letterSpacing, ctx, 'letterSpacing');
    if (!spacing.ok) return spacing;
    value.letterSpacing = spacing.value;
  }
  if (Object.hasOwn(raw, 'lineHeight')) {
    const lineHeight = normaliseLineHeight(raw.lineHeight, ctx);
    if (!lineHeight.ok) return lineHeight;
    value.lineHeight = lineHeight.value;
  }
  return { ok: true, value };
}

/** DTCG's lineHeight is a number (a multiple of the font size); Figma-style exports write a length, which CSS also takes. */
function normaliseLineHeight(raw: unknown, ctx: NormaliseContext): CompositeResult<string> {
  const ref = typeof raw === 'string' ? parseCurly(raw) : null;
  if (ref && 'error' in ref) return fail(`lineHeight: ${ref.error}`);
  if (ref) {
    const result = ctx.ref(ref.path, ['number', 'dimension'], 'lineHeight');
    return result.ok ? { ok: true, value: result.value as string } : result;
  }
  const number = normaliseNumber(raw, ctx.notes);
  if (number.ok) return { ok: true, value: number.css };
  const length = normaliseDimension(raw);
  if (length.ok) {
    ctx.notes?.push({
      code: 'non_standard_value',
      message: `lineHeight is the length ${quote(length.css)}; DTCG writes it as a number (a multiple of fontSize)`,
    });
    return { ok: true, value: length.css };
  }
  return fail('lineHeight is not a number (a multiple of fontSize) or a length');
}

// --- border (§9.4) ----------------------------------------------------------------------------------------

function normaliseBorder(raw: unknown, ctx: NormaliseContext): CompositeResult<BorderValue> {
  if (!isPlainRecord(raw)) return fail('must be an object with color, width and style');
  const keys = checkKeys(raw, ['color', 'width', 'style'], ['color', 'width', 'style'], 'the border', ctx);
  if (keys) return keys;
  const color = sub('color', raw.color, ctx, 'color');
  if (!color.ok) return color;
  const width = sub('dimension', raw.width, ctx, 'width');
  if (!width.ok) return width;
  const ref = typeof raw.style === 'string' ? parseCurly(raw.style) : null;
  if (ref && 'error' in ref) return fail(`style: ${ref.error}`);
  let style: StrokeStyleValue;
  if (ref) {
    const result = ctx.ref(ref.path, ['strokeStyle'], 'style');
    if (!result.ok) return result;
    style = result.value as StrokeStyleValue;
  } else {
    const result = normaliseStrokeStyle(raw.style, ctx, 'style');
    if (!result.ok) return result;
    style = result.value;
  }
  return { ok: true, value: { color: color.value, width: width.value, style } };
}

// --- strokeStyle (§9.3) -----------------------------------------------------------------------------------

function normaliseStrokeStyle(raw: unknown, ctx: NormaliseContext, what: string): CompositeResult<StrokeStyleValue> {
  if (typeof raw === 'string') {
    if (STROKE_KEYWORDS.has(raw)) return { ok: true, value: raw };
    return fail(
      `${what} ${quote(raw)} is not a stroke style: use one of ${[...STROKE_KEYWORDS].join(', ')}, or {"dashArray": [...], "lineCap": "round"}`,
    );
  }
  if (!isPlainRecord(raw))
    return fail(`${what} must be a keyword such as "dashed" or an object with dashArray and lineCap`);
  const keys = checkKeys(raw, ['dashArray', 'lineCap'], ['dashArray', 'lineCap'], what, ctx);
  if (keys) return keys;
  if (!Array.isArray(raw.dashArray) || raw.dashArray.length === 0 || raw.dashArray.length > 16) {
    return fail(`${what}'s dashArray must be a list of 1 to 16 dimensions`);
  }
  const dashArray: string[] = [];
  for (let i = 0; i < raw.dashArray.length; i++) {
    const dash = sub('dimension', raw.dashArray[i], ctx, `${what}'s dash ${i + 1}`);
    if (!dash.ok) return dash;
    dashArray.push(dash.value);
  }
  if (typeof raw.lineCap !== 'string' || !LINE_CAPS.has(raw.lineCap))
    return fail(`${what}'s lineCap must be "round", "butt" or "square"`);
  return { ok: true, value: { dashArray, lineCap: raw.lineCap as 'round' | 'butt' | 'square' } };
}

// --- transition (§9.5) ------------------------------------------------------------------------------------

function normaliseTransition(raw: unknown, ctx: NormaliseContext): CompositeResult<TransitionValue> {
  if (!isPlainRecord(raw)) return fail('must be an object with duration, delay and timingFunction');
  const parts = COMPOSITE_PARTS.transition;
  const keys = checkKeys(raw, Object.keys(parts), ['duration', 'timingFunction'], 'the transition', ctx);
  if (keys) return keys;
  // DTCG requires a delay; exports often leave it out, and CSS's own default is no delay.
  if (!Object.hasOwn(raw, 'delay'))
    ctx.notes?.push({
      code: 'incomplete_composite',
      message: 'the transition has no delay (DTCG requires it); it is read as 0ms',
    });
  const value: Partial<TransitionValue> = {};
  for (const [part, type] of Object.entries(parts)) {
    const result = sub(type, Object.hasOwn(raw, part) ? raw[part] : { value: 0, unit: 'ms' }, ctx, part);
    if (!result.ok) return result;
    value[part as keyof TransitionValue] = result.value;
  }
  return { ok: true, value: value as TransitionValue };
}

// --- gradient (§9.7): stops, and references to gradient tokens whose stops are spliced in -------------------

function normaliseGradient(raw: unknown, ctx: NormaliseContext): CompositeResult<GradientStop[]> {
  if (!Array.isArray(raw) || raw.length === 0)
    return fail('must be a list of gradient stops ({"color": …, "position": 0–1})');
  const stops: GradientStop[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i];
    const where = `stop ${i + 1}`;
    const ref = typeof item === 'string' ? parseCurly(item) : null;
    if (ref && 'error' in ref) return fail(`${where}: ${ref.error}`);
    if (ref) {
      const result = ctx.ref(ref.path, ['gradient'], where);
      if (!result.ok) return result;
      stops.push(...(result.value as GradientStop[]));
      continue;
    }
    if (!isPlainRecord(item)) return fail(`${where} must be an object with color and position`);
    const keys = checkKeys(item, ['color', 'position'], ['color', 'position'], where, ctx);
    if (keys) return keys;
    const color = sub('color', item.color, ctx, `${where}'s color`);
    if (!color.ok) return color;
    const position = gradientPosition(item.position, ctx, where);
    if (!position.ok) return position;
    stops.push({ color: color.value, position: position.value });
  }
  return { ok: true, value: stops };
}

function gradientPosition(raw: unknown, ctx: NormaliseContext, where: string): { ok: true; value: number } | Failed {
  const ref = typeof raw === 'string' ? parseCurly(raw) : null;
  if (ref && 'error' in ref) return fail(`${where}'s position: ${ref.error}`);
  let position: number | undefined;
  if (ref) {
    const result = ctx.ref(ref.path, ['number'], `${where}'s position`);
    if (!result.ok) return result;
    position = Number(result.value);
  } else {
    position = readNumber(raw, ctx.notes, 'a gradient position');
  }
  if (position === undefined || !Number.isFinite(position))
    return fail(`${where}'s position must be a number from 0 to 1`);
  // §9.7: a position outside [0, 1] is treated as clamped.
  return { ok: true, value: Math.min(1, Math.max(0, position)) };
}

// --- placeholders -----------------------------------------------------------------------------------------

/**
 * A value of `type` that stands in for a reference while a layer is checked before the merge: it lets the shape of
 * a composite be checked without resolving anything. Never emitted.
 */
export function placeholderValue(type: TokenType): TokenValue {
  switch (type) {
    case 'color':
      return '#000000';
    case 'dimension':
      return '0px';
    case 'fontFamily':
      return 'serif';
    case 'fontWeight':
      return '400';
    case 'number':
      return '0';
    case 'duration':
      return '0ms';
    case 'cubicBezier':
      return 'cubic-bezier(0, 0, 1, 1)';
    case 'strokeStyle':
      return 'solid';
    case 'shadow':
      return [{ color: '#000000', offsetX: '0px', offsetY: '0px', blur: '0px', spread: '0px', inset: false }];
    case 'typography':
      return { fontFamily: 'serif', fontSize: '0px' };
    case 'border':
      return { color: '#000000', width: '0px', style: 'solid' };
    case 'transition':
      return { duration: '0ms', delay: '0ms', timingFunction: 'cubic-bezier(0, 0, 1, 1)' };
    case 'gradient':
      return [{ color: '#000000', position: 0 }];
  }
}

/** One sub-value of a normalised composite value, as the policy's ranges see it. */
export interface ValuePart {
  /** The sub-value's DTCG name, e.g. 'color', 'fontSize'. */
  name: string;
  /** Which shadow layer or gradient stop (0-based), for list values. */
  index?: number;
  type: 'color' | 'dimension' | 'number' | 'fontWeight' | 'duration';
  css: string;
}

/** The color, dimension, number, weight and duration parts of a composite value (what ranges can bound). */
export function partsOf(type: TokenType, value: TokenValue): ValuePart[] {
  switch (type) {
    case 'shadow':
      return (value as ShadowLayer[]).flatMap((layer, index) => [
        { name: 'color', index, type: 'color' as const, css: layer.color },
        ...(['offsetX', 'offsetY', 'blur', 'spread'] as const).map((name) => ({
          name,
          index,
          type: 'dimension' as const,
          css: layer[name],
        })),
      ]);
    case 'typography': {
      const t = value as TypographyValue;
      const parts: ValuePart[] = [{ name: 'fontSize', type: 'dimension', css: t.fontSize }];
      if (t.fontWeight !== undefined) parts.push({ name: 'fontWeight', type: 'fontWeight', css: t.fontWeight });
      if (t.letterSpacing !== undefined) parts.push({ name: 'letterSpacing', type: 'dimension', css: t.letterSpacing });
      if (t.lineHeight !== undefined)
        parts.push({
          name: 'lineHeight',
          type: /[a-z%]$/i.test(t.lineHeight) ? 'dimension' : 'number',
          css: t.lineHeight,
        });
      return parts;
    }
    case 'border': {
      const b = value as BorderValue;
      return [
        { name: 'color', type: 'color', css: b.color },
        { name: 'width', type: 'dimension', css: b.width },
      ];
    }
    case 'transition': {
      const t = value as TransitionValue;
      return [
        { name: 'duration', type: 'duration', css: t.duration },
        { name: 'delay', type: 'duration', css: t.delay },
      ];
    }
    case 'gradient':
      return (value as GradientStop[]).map((stop, index) => ({
        name: 'color',
        index,
        type: 'color' as const,
        css: stop.color,
      }));
    default:
      return [];
  }
}
