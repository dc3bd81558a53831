// Token values: what is safe to put in a CSS declaration, and the normalised CSS text of each type.
// One function per type, shared by the engine (validation, `MergedToken.css`) and the emitter.
//
// Every function takes the `$value` exactly as written (unknown JSON) and returns either the CSS text
// or a one-sentence reason; none throws. Aliases never reach these functions (see dtcg.ts).
import { formatColor, parseColor } from './color.ts';
import { GENERIC_FAMILIES, MAX_VALUE_LENGTH } from './css-text.ts';
import { escapeHidden, quote, unstorableReason } from './text.ts';

export { quote } from './text.ts';
import * as z from 'zod';
import type { SimpleType } from './types.ts';

export type ValueResult = { ok: true; css: string } | { ok: false; message: string };

const ok = (css: string): ValueResult => ({ ok: true, css });
const fail = (message: string): ValueResult => ({ ok: false, message });

// ---------------------------------------------------------------------------------------------------------
// Safety: text that could end a declaration, open a block, reach the network, or hide what it says.

// C0/C1 controls (newlines included), bidi embeddings/overrides/isolates, zero-width and direction marks,
// line/paragraph separators, BOM.
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const FORBIDDEN_CHARACTERS = /[;{}<>\\`!]/;
const FORBIDDEN_SEQUENCES = /url\s*\(|@import|expression\s*\(|\/\*|\*\//i;

/** Why `text` must not be emitted as (part of) a CSS value, or undefined when it is safe. */
export function unsafeCssReason(text: string): string | undefined {
  if (text.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
  const unstorable = unstorableReason(text);
  if (unstorable) return unstorable;
  if (HIDDEN_CHARACTERS.test(text)) return 'contains control, invisible or bidirectional characters';
  const character = FORBIDDEN_CHARACTERS.exec(text);
  if (character) return `contains ${quote(character[0])}, which is not allowed in a token value`;
  const sequence = FORBIDDEN_SEQUENCES.exec(text);
  if (sequence) return `contains ${quote(sequence[0])}, which is not allowed in a token value`;
  if (count(text, '"') % 2 !== 0 || count(text, "'") % 2 !== 0) return 'has a quote that is not closed';
  if (!balanced(text, '(', ')') || !balanced(text, '[', ']')) return 'has brackets that do not pair';
  return undefined;
}

/** Why a `$description` / `$deprecated` text is unsafe (it may end up inside a CSS comment), or undefined. */
export function unsafeTextReason(text: string): string | undefined {
  if (text.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
  const unstorable = unstorableReason(text);
  if (unstorable) return unstorable;
  if (HIDDEN_CHARACTERS.test(text)) return 'contains control, invisible or bidirectional characters';
  if (/\/\*|\*\/|[<>]/.test(text))
    return 'contains "/*", "*/", "<" or ">", which could end the comment it is written into';
  return undefined;
}

function count(text: string, character: string): number {
  let n = 0;
  for (let i = text.indexOf(character); i !== -1; i = text.indexOf(character, i + 1)) n++;
  return n;
}

function balanced(text: string, open: string, close: string): boolean {
  let depth = 0;
  for (const character of text) {
    if (character === open) depth++;
    else if (character === close && --depth < 0) return false;
  }
  return depth === 0;
}

// ---------------------------------------------------------------------------------------------------------
// One normaliser per simple type. Composite types are in ./composites.ts; ./normalise.ts dispatches on the type.

/** Something a normaliser accepted although the file did not say it the DTCG way (a warning; a violation with --strict). */
export interface LenientNote {
  code: 'numeric_string' | 'non_standard_unit' | 'non_standard_value' | 'unknown_property' | 'incomplete_composite';
  message: string;
}

/** Where normalisers report what they were lenient about (nothing is recorded when absent). */
export type Notes = LenientNote[] | undefined;

const NUMERIC_STRING = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A JSON number, or a string that spells one (noted): the number, else undefined. */
export function readNumber(raw: unknown, notes: Notes, what = 'a number'): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && NUMERIC_STRING.test(raw)) {
    const value = Number(raw);
    if (!Number.isFinite(value)) return undefined;
    notes?.push({
      code: 'numeric_string',
      message: `${quote(raw)} is a string; ${what} is written as a JSON number (${value})`,
    });
    return value;
  }
  return undefined;
}

// --- color ---------------------------------------------------------------------------------------------

// Modes culori parses that are real CSS colors; culori also accepts `color(--okhsl …)` and friends,
// which browsers do not.
const CSS_COLOR_MODES = new Set([
  'rgb',
  'hsl',
  'hwb',
  'lab',
  'lch',
  'oklab',
  'oklch',
  'p3',
  'a98',
  'prophoto',
  'rec2020',
  'lrgb',
  'xyz65',
  'xyz50',
]);

const none = z.literal('none');
const unit = z.union([z.number().min(0).max(1), none]);
const hue = z.union([z.number().min(0).lt(360), none]);
const percent = z.union([z.number().min(0).max(100), none]);
const chroma = z.union([z.number().min(0), none]);
const unbounded = z.union([z.number(), none]);
const triple = <A extends z.ZodType, B extends z.ZodType, C extends z.ZodType>(a: A, b: B, c: C) => z.tuple([a, b, c]);

/** DTCG 2025.10 color spaces: their component ranges and the culori mode they map to. */
const COLOR_SPACES = {
  srgb: { mode: 'rgb', keys: ['r', 'g', 'b'], components: triple(unit, unit, unit) },
  'srgb-linear': { mode: 'lrgb', keys: ['r', 'g', 'b'], components: triple(unit, unit, unit) },
  'display-p3': { mode: 'p3', keys: ['r', 'g', 'b'], components: triple(unit, unit, unit) },
  'a98-rgb': { mode: 'a98', keys: ['r', 'g', 'b'], components: triple(unit, unit, unit) },
  'prophoto-rgb': { mode: 'prophoto', keys: ['r', 'g', 'b'], components: triple(unit, unit, unit) },
  rec2020: { mode: 'rec2020', keys: ['r', 'g', 'b'], components: triple(unit, unit, unit) },
  'xyz-d65': { mode: 'xyz65', keys: ['x', 'y', 'z'], components: triple(unit, unit, unit) },
  'xyz-d50': { mode: 'xyz50', keys: ['x', 'y', 'z'], components: triple(unit, unit, unit) },
  // DTCG writes saturation/lightness/whiteness/blackness as 0–100; culori wants 0–1.
  hsl: { mode: 'hsl', keys: ['h', 's', 'l'], components: triple(hue, percent, percent), scale: [1, 0.01, 0.01] },
  hwb: { mode: 'hwb', keys: ['h', 'w', 'b'], components: triple(hue, percent, percent), scale: [1, 0.01, 0.01] },
  lab: { mode: 'lab', keys: ['l', 'a', 'b'], components: triple(percent, unbounded, unbounded) },
  lch: { mode: 'lch', keys: ['l', 'c', 'h'], components: triple(percent, chroma, hue) },
  oklab: { mode: 'oklab', keys: ['l', 'a', 'b'], components: triple(unit, unbounded, unbounded) },
  oklch: { mode: 'oklch', keys: ['l', 'c', 'h'], components: triple(unit, chroma, hue) },
} as const satisfies Record<
  string,
  { mode: string; keys: readonly string[]; components: z.ZodType; scale?: readonly number[] }
>;

type ColorSpace = keyof typeof COLOR_SPACES;

const colorObject = z.strictObject({
  colorSpace: z.enum(Object.keys(COLOR_SPACES) as [ColorSpace, ...ColorSpace[]]),
  components: z.array(z.unknown()),
  alpha: z.number().min(0).max(1).optional(),
  // The Color module's hex fallback is #rrggbb; real exports also write #rgb and #rrggbbaa (noted, never used).
  hex: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/)
    .optional(),
});

/**
 * A color: a CSS color string (kept as written, trimmed; hex lower-cased) or a DTCG color object
 * (→ `#rrggbb` when sRGB and opaque, `rgba(…)` when sRGB and translucent, else the CSS color function).
 */
export function normaliseColor(raw: unknown, notes?: Notes): ValueResult {
  if (typeof raw === 'string') return normaliseColorString(raw);
  const shape = colorObject.safeParse(raw);
  if (!shape.success) return fail(`is not a color: ${describeIssue(shape.error)}`);
  const { colorSpace, components, alpha, hex } = shape.data;
  if (hex !== undefined && hex.length !== 7)
    notes?.push({
      code: 'non_standard_value',
      message: `the hex fallback ${quote(hex)} is not #rrggbb, as the DTCG Color module writes it`,
    });
  const space = COLOR_SPACES[colorSpace];
  const parsedComponents = space.components.safeParse(components);
  if (!parsedComponents.success) {
    return fail(
      `has components that do not fit the ${colorSpace} color space: ${describeIssue(parsedComponents.error)}`,
    );
  }
  const scale: readonly number[] = 'scale' in space ? space.scale : [1, 1, 1];
  const color: Record<string, unknown> = { mode: space.mode };
  (parsedComponents.data as ReadonlyArray<number | 'none'>).forEach((component, i) => {
    // `none` is a missing component: culori leaves it out (hue becomes powerless, others render as 0).
    if (component !== 'none') color[space.keys[i]!] = component * scale[i]!;
  });
  if (alpha !== undefined && alpha < 1) color.alpha = alpha;
  const css = formatColor(color as { mode: string; alpha?: number });
  return css ? ok(css) : fail('is not a color culori can format');
}

const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

function normaliseColorString(raw: string): ValueResult {
  const text = raw.trim();
  if (HEX_COLOR.test(text)) return ok(text.toLowerCase()); // the common case, without a full parse
  const unsafe = unsafeCssReason(text);
  if (unsafe) return fail(unsafe);
  const color = parseColor(text);
  if (!color || !CSS_COLOR_MODES.has(color.mode)) return fail(`${quote(text)} is not a CSS color`);
  return ok(/^#[0-9a-f]+$/i.test(text) ? text.toLowerCase() : text);
}

// --- dimension -----------------------------------------------------------------------------------------

export const DIMENSION_UNITS = [
  'px',
  'rem',
  'em',
  '%',
  'vw',
  'vh',
  'vmin',
  'vmax',
  'svw',
  'svh',
  'lvw',
  'lvh',
  'dvw',
  'dvh',
  'ch',
  'ex',
  'lh',
  'rlh',
  'pt',
] as const;
const NUMBER_TEXT = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const DIMENSION_TEXT = new RegExp(`^(${NUMBER_TEXT})(${DIMENSION_UNITS.join('|')})$`, 'i');

/** The units DTCG 2025.10 defines for a dimension object; others are a Livery leniency (noted). */
export const DTCG_DIMENSION_UNITS: ReadonlySet<string> = new Set(['px', 'rem']);
const UNIT_SET: ReadonlySet<string> = new Set(DIMENSION_UNITS);

/** A dimension `{value, unit}`, parsed from a token value (a CSS string or a DTCG object); undefined when invalid. */
export function parseDimension(raw: unknown, notes?: Notes): { value: number; unit: string } | undefined {
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (/^[+-]?0+(?:\.0*)?$/.test(text)) return { value: 0, unit: 'px' }; // a bare 0 is a length in CSS
    const match = DIMENSION_TEXT.exec(text);
    if (!match) return undefined;
    const value = Number(match[1]);
    return Number.isFinite(value) ? { value: value === 0 ? 0 : value, unit: match[2]!.toLowerCase() } : undefined;
  }
  // Zero is zero in every unit: a bare 0, or {"value": 0} with no unit, is read as 0px (noted; DTCG wants the unit).
  const zero = raw === 0 || (isPlainRecord(raw) && raw.value === 0 && (raw.unit === undefined || raw.unit === ''));
  if (zero) {
    notes?.push({
      code: 'non_standard_value',
      message: 'a zero length is written without a unit; DTCG writes {"value": 0, "unit": "px"}',
    });
    return { value: 0, unit: 'px' };
  }
  if (!isPlainRecord(raw) || Object.keys(raw).some((key) => key !== 'value' && key !== 'unit')) return undefined;
  const value = readNumber(raw.value, notes, "a dimension's value");
  const unit = raw.unit;
  if (value === undefined || typeof unit !== 'string' || !UNIT_SET.has(unit)) return undefined;
  if (!DTCG_DIMENSION_UNITS.has(unit))
    notes?.push({
      code: 'non_standard_unit',
      message: `the unit ${quote(unit)} is not one DTCG defines for dimensions (px, rem)`,
    });
  return { value: value === 0 ? 0 : value, unit };
}

/** A dimension: `"16px"` / `"1.5rem"` / `{value: 16, unit: "px"}` → `16px`. */
export function normaliseDimension(raw: unknown, notes?: Notes): ValueResult {
  if (typeof raw === 'string') {
    const unsafe = unsafeCssReason(raw);
    if (unsafe) return fail(unsafe);
  }
  const dimension = parseDimension(raw, notes);
  if (!dimension) {
    return fail(
      `is not a dimension: expected a number with a unit (${DIMENSION_UNITS.join(', ')}), e.g. "16px" or {"value": 16, "unit": "px"}`,
    );
  }
  return ok(`${dimension.value}${dimension.unit}`);
}

// --- fontFamily ----------------------------------------------------------------------------------------

// Letters of any script, digits, spaces and the punctuation real family names use ("Segoe UI Web (West European)").
const FAMILY_NAME = /^-?[\p{L}\p{N}_][\p{L}\p{N} _.+&()-]*$/u;
const MAX_FAMILIES = 16;

/** A font family: a name, a comma-separated list, or an array → `"Inter", system-ui, sans-serif`. */
export function normaliseFontFamily(raw: unknown, notes?: Notes): ValueResult {
  let names: unknown[];
  if (typeof raw === 'string') names = raw.split(',');
  else if (Array.isArray(raw)) {
    // A list entry holding a whole CSS list (`["'Mona Sans', sans-serif"]`, seen in real exports) is that list:
    // a family name cannot contain a comma.
    names = raw.flatMap((entry) => (typeof entry === 'string' && entry.includes(',') ? entry.split(',') : [entry]));
    if (names.length !== raw.length)
      notes?.push({
        code: 'non_standard_value',
        message: 'a list entry holds several families separated by commas; DTCG lists one family per entry',
      });
  } else return fail('is not a font family: expected a name or an array of names');
  if (names.length === 0) return fail('is an empty font family list');
  if (names.length > MAX_FAMILIES) return fail(`lists more than ${MAX_FAMILIES} font families`);
  const out: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string') return fail('is not a font family: every entry must be a string');
    const unquoted = name
      .trim()
      .replace(/^(["'])(.*)\1$/s, '$2')
      .trim();
    if (
      unquoted.length === 0 ||
      unquoted.length > 100 ||
      !FAMILY_NAME.test(unquoted) ||
      /\s{2,}/.test(unquoted) ||
      !balanced(unquoted, '(', ')')
    ) {
      return fail(
        `has an unsafe or invalid font family name ${quote(name)} (letters, digits, spaces, "-", "_", ".", "+", "&" and paired parentheses only)`,
      );
    }
    out.push(GENERIC_FAMILIES.has(unquoted.toLowerCase()) ? unquoted : `"${unquoted}"`);
  }
  return ok(out.join(', '));
}

// --- fontWeight ----------------------------------------------------------------------------------------

/** DTCG font weight keywords and the numeric weight CSS needs for them. */
export const FONT_WEIGHT_KEYWORDS: Readonly<Record<string, number>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, number>, {
    thin: 100,
    hairline: 100,
    'extra-light': 200,
    'ultra-light': 200,
    light: 300,
    normal: 400,
    regular: 400,
    book: 400,
    medium: 500,
    'semi-bold': 600,
    'demi-bold': 600,
    bold: 700,
    'extra-bold': 800,
    'ultra-bold': 800,
    black: 900,
    heavy: 900,
    'extra-black': 950,
    'ultra-black': 950,
  }),
);

/** A font weight: 1–1000 or a DTCG keyword (`semi-bold` → `600`). */
export function normaliseFontWeight(raw: unknown, notes?: Notes): ValueResult {
  if (typeof raw === 'string' && FONT_WEIGHT_KEYWORDS[raw] !== undefined) return ok(String(FONT_WEIGHT_KEYWORDS[raw]));
  const weight = readNumber(raw, notes, 'a font weight');
  if (weight !== undefined && weight >= 1 && weight <= 1000) return ok(String(weight));
  return fail('is not a font weight: expected a number from 1 to 1000 or a keyword such as "bold" or "semi-bold"');
}

// --- number --------------------------------------------------------------------------------------------

/** A plain number (DTCG `number`: a JSON number, finite; a numeric string is noted). */
export function normaliseNumber(raw: unknown, notes?: Notes): ValueResult {
  const value = readNumber(raw, notes);
  if (value !== undefined) return ok(String(value === 0 ? 0 : value));
  return fail('is not a number: expected a finite JSON number such as 1.5');
}

// --- duration ------------------------------------------------------------------------------------------

/** A duration: `{value: 200, unit: "ms"}` or `"200ms"` / `"0.2s"` → `200ms`. */
export function normaliseDuration(raw: unknown, notes?: Notes): ValueResult {
  if (typeof raw === 'string') {
    const match = /^(\d+(?:\.\d*)?|\.\d+)(ms|s)$/.exec(raw.trim());
    const value = match ? Number(match[1]) : NaN;
    return Number.isFinite(value)
      ? ok(`${value}${match![2]}`)
      : fail('is not a duration: expected e.g. "200ms", "0.2s" or {"value": 200, "unit": "ms"}');
  }
  const value =
    isPlainRecord(raw) && Object.keys(raw).every((key) => key === 'value' || key === 'unit')
      ? readNumber(raw.value, notes, "a duration's value")
      : undefined;
  const unit = isPlainRecord(raw) ? raw.unit : undefined;
  if (value === undefined || value < 0 || (unit !== 'ms' && unit !== 's')) {
    return fail('is not a duration: expected e.g. {"value": 200, "unit": "ms"} (a non-negative number, unit ms or s)');
  }
  return ok(`${value === 0 ? 0 : value}${unit}`);
}

// --- cubicBezier ---------------------------------------------------------------------------------------

const finite = z.number().refine(Number.isFinite);
const controlX = finite.refine((x) => x >= 0 && x <= 1, 'x must be between 0 and 1');
const cubicBezier = z.tuple([controlX, finite, controlX, finite]);

/** A cubic Bézier `[x1, y1, x2, y2]` (x in [0, 1]) → `cubic-bezier(x1, y1, x2, y2)`. */
export function normaliseCubicBezier(raw: unknown, notes?: Notes): ValueResult {
  const numbers = Array.isArray(raw)
    ? raw.map((n) => (typeof n === 'string' ? (readNumber(n, notes, 'a control point') ?? n) : n))
    : raw;
  const shape = cubicBezier.safeParse(numbers);
  if (!shape.success)
    return fail(
      'is not a cubic Bézier: expected an array of four numbers [x1, y1, x2, y2] with x1 and x2 between 0 and 1',
    );
  return ok(`cubic-bezier(${shape.data.join(', ')})`);
}

// ---------------------------------------------------------------------------------------------------------

/** One simple-type value as written → its CSS text (noting what was lenient), or why it is not one. */
export function normaliseSimple(type: SimpleType, raw: unknown, notes?: Notes): ValueResult {
  switch (type) {
    case 'color':
      return normaliseColor(raw, notes);
    case 'dimension':
      return normaliseDimension(raw, notes);
    case 'fontFamily':
      return normaliseFontFamily(raw, notes);
    case 'fontWeight':
      return normaliseFontWeight(raw, notes);
    case 'number':
      return normaliseNumber(raw, notes);
    case 'duration':
      return normaliseDuration(raw, notes);
    case 'cubicBezier':
      return normaliseCubicBezier(raw, notes);
  }
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  // zod quotes offending keys verbatim; they are user input.
  return sanitise(`${where}${issue.message}`);
}

/** Text with hidden and markup characters escaped, cut to a readable length. */
function sanitise(text: string): string {
  return escapeHidden(text.length > 160 ? `${text.slice(0, 157)}...` : text);
}
