// The engine's vocabulary. Pure types: no I/O, no runtime code.
// Everything the service, the CLI and the tests exchange with the engine is shaped here.

/** DTCG 2025.10 types whose value is one value. */
export type SimpleType = 'color' | 'dimension' | 'fontFamily' | 'fontWeight' | 'number' | 'duration' | 'cubicBezier';

/** DTCG 2025.10 composite types: values made of typed sub-values. */
export type CompositeType = 'shadow' | 'typography' | 'border' | 'transition' | 'gradient' | 'strokeStyle';

/** Every DTCG 2025.10 type. */
export type TokenType = SimpleType | CompositeType;

/** Where a value in a merged theme came from, in cascade order. */
export type LayerSource = 'base' | 'theme' | 't0' | 't1' | 't2';

export type Mode = 'light' | 'dark';

/** Every rule a violation can name (the API's `rule` field). */
export const RULES = [
  'schema',
  'unknown_path',
  'type_mismatch',
  'alias_unresolved',
  'alias_cycle',
  'protected',
  'not_allowed',
  'out_of_range',
  'contrast',
  'name_collision',
  'cvd_distinct',
] as const;

export type Rule = (typeof RULES)[number];

/**
 * A token path: its group and token names joined by '.'. Names are normalised when a tree is parsed (a '.' inside a
 * name becomes '-'), so no segment ever contains '.' and the joined form is exact: `path.split('.')` gives the
 * segments back. DTCG's `$root` token of a group is the segment `$root`.
 */
export type TokenPath = string;

/**
 * One governance problem. `path` is the path of the token (or group) at fault,
 * `message` one human sentence, `fix` a short hint for the human CLI output.
 * Rule-specific details are extra properties (see the API docs): a `contrast`
 * violation carries `pair`, `mode`, `ratio`, `required`, `suggestion`.
 */
export interface Violation {
  path: string;
  rule: Rule;
  message: string;
  fix?: string;
  /** Which layer the offending value came from, when known. */
  source?: LayerSource;
  [detail: string]: unknown;
}

export interface ContrastViolation extends Violation {
  rule: 'contrast';
  pair: [string, string];
  mode: Mode;
  /** WCAG 2.x ratio truncated (not rounded) to 2 decimals, so a failing ratio never prints as passing; null when unresolvable. */
  ratio: number | null;
  required: number;
  /** A color string for the foreground path that passes the pair; null only when the pair cannot be resolved. */
  suggestion: string | null;
}

export interface Warning {
  path: string;
  code: string;
  message: string;
}

// --- values ----------------------------------------------------------------------------------------------
// A normalised value: every leaf is the CSS text of a simple value (e.g. '#0f172a', '16px', '"Inter", sans-serif',
// '600', '1.5', '200ms', 'cubic-bezier(0.2, 0, 0, 1)'), checked safe for a CSS declaration.

export interface ShadowLayer {
  color: string;
  offsetX: string;
  offsetY: string;
  blur: string;
  spread: string;
  inset: boolean;
}

export interface TypographyValue {
  fontFamily: string;
  fontSize: string;
  fontWeight?: string;
  letterSpacing?: string;
  /** A unitless multiplier (DTCG) or a length (seen in real exports). */
  lineHeight?: string;
}

/** A CSS line style keyword, or DTCG's object form (which CSS can only approximate). */
export type StrokeStyleValue = string | { dashArray: string[]; lineCap: 'round' | 'butt' | 'square' };

export interface BorderValue {
  color: string;
  width: string;
  style: StrokeStyleValue;
}

export interface TransitionValue {
  duration: string;
  delay: string;
  timingFunction: string;
}

export interface GradientStop {
  color: string;
  /** 0–1 (values outside are clamped, as DTCG says). */
  position: number;
}

export type TokenValue =
  | string
  | ShadowLayer[]
  | TypographyValue
  | BorderValue
  | TransitionValue
  | GradientStop[]
  | StrokeStyleValue;

/** Why a token has no resolved value. `at` is the token where the problem is (the token itself, or one it goes through). */
export type ResolutionFailure =
  /** `at` refers to `target`, which does not exist. */
  | { kind: 'missing'; at: string; target: string; part?: string }
  /** The references loop; `cycle` lists the loop's members. */
  | { kind: 'cycle'; at: string; cycle: string[] }
  /** `at` refers to `target`, a token of another type than the place needs. */
  | { kind: 'type'; at: string; target: string; expected: TokenType; actual: TokenType; part?: string }
  /** `at`'s value, once its references are filled in, does not fit its type. */
  | { kind: 'value'; at: string; message: string }
  /** References nest too deeply to follow. */
  | { kind: 'depth'; at: string };

/** A token after parsing one DTCG tree (base or a layer). */
export interface ParsedToken {
  path: TokenPath;
  /** `$type` as written or inherited from a group; undefined when the layer relies on the base's type or the alias target's. */
  type?: TokenType;
  /** `$value` as written (references normalised to the tree's names), or `{$ref}` for a token-level JSON pointer. */
  raw: unknown;
  /** Target path when the whole value is an alias (`{a.b}` or a JSON pointer to a whole token). */
  alias?: TokenPath;
  description?: string;
  extensions?: Record<string, unknown>;
  deprecated?: boolean | string;
}

export interface ParseResult {
  tokens: Map<TokenPath, ParsedToken>;
  violations: Violation[];
  warnings: Warning[];
}

/** A token of a merged theme. */
export interface MergedToken {
  path: TokenPath;
  type: TokenType;
  raw: unknown;
  /** The normalised value when the token is a literal (no alias, no references inside). */
  value?: TokenValue;
  /** Canonical text of `value`: the CSS text of a simple value, a stable JSON text of a composite one. */
  css?: string;
  alias?: TokenPath;
  /** The value refers to other tokens inside it (composite sub-values, JSON pointers): resolved after the merge. */
  refs?: true;
  /** The value after following aliases and references; undefined when unresolved. */
  resolvedValue?: TokenValue;
  /** Canonical text of `resolvedValue` (what protection, policy and caches compare). */
  resolved?: string;
  /** Why it did not resolve. */
  failure?: ResolutionFailure;
  /** Tokens whose values this token's resolution read (its alias target, the targets of its references). */
  deps?: readonly TokenPath[];
  description?: string;
  extensions?: Record<string, unknown>;
  deprecated?: boolean | string;
  source: LayerSource;
}

/** A merged, alias-resolved theme. Iteration order is deterministic (base order, then added paths sorted). */
export interface MergedTheme {
  tokens: Map<TokenPath, MergedToken>;
}

/** `{fg, bg}` are paths relative to `semantic.<mode>.`, e.g. `text.primary` on `background.canvas`. */
export interface ContrastPair {
  fg: string;
  bg: string;
  min: number;
  modes: Mode[];
}

/**
 * Governance data owned by T0 (the tokens directory's governance/*.json).
 * Path patterns: dot paths where a `*` segment matches exactly one segment, and a pattern also
 * covers everything below what it matches (`semantic.*.accessibility` covers its whole subtree).
 * Matching is by whole names: `status.error` never matches `status.errorText`.
 */
export interface Governance {
  protected: string[];
  pairs: ContrastPair[];
  /** Paths (patterns allowed) that must exist and resolve in every merged theme. */
  required: string[];
  /** Pairs `cvd_distinct` checks besides the status colors (governance/cvd-pairs.json); absent: none. */
  cvdPairs?: CvdPair[];
  /** How `cvd_distinct` reports (governance/cvd.json); absent: a warning below the default threshold. */
  cvd?: CvdSettings;
  /** Semantic role (or pattern) → CSS system color for theme.css's forced-colors block (governance/forced-colors.json); absent: no block. */
  forcedColors?: ForcedColorsMapping;
}

/** Role below `semantic.<mode>.` (a `*` segment matches one segment) → a CSS system color keyword. */
export type ForcedColorsMapping = Record<string, string>;

/** Two colors that must stay distinguishable under simulated color-vision deficiencies; paths below `semantic.<mode>.`. */
export interface CvdPair {
  a: string;
  b: string;
  modes: Mode[];
}

/** The three dichromacies: no working L (red), M (green) or S (blue) cones. */
export type Deficiency = 'protanopia' | 'deuteranopia' | 'tritanopia';

export interface CvdSettings {
  /** 'warning' (the default) reports without refusing; 'error' makes a pair below the threshold a violation. */
  severity?: 'warning' | 'error';
  /** Minimum OKLab distance (culori differenceEuclidean('oklab')) between the simulated colors. */
  threshold?: number;
}

export interface CvdViolation extends Violation {
  rule: 'cvd_distinct';
  pair: [string, string];
  mode: Mode;
  /** The simulation under which the pair is closest. */
  deficiency: Deficiency;
  /** Their OKLab distance under it, truncated (not rounded) to 3 decimals. */
  distance: number;
  /** The threshold in force. */
  required: number;
}

export interface RangeRule {
  /** Max Euclidean distance in OKLab from the partner's resolved value (culori differenceEuclidean('oklab')). */
  maxDeltaE?: number;
  /** OKLCH lightness bounds, 0–1. */
  lightness?: [number, number];
  /** OKLCH hue bounds in degrees; min > max means the range wraps through 0. */
  hue?: [number, number];
  /** Dimension bounds, e.g. "12px". */
  min?: string;
  max?: string;
}

/** A T1's policy for its T2 customers. Default (no policy): a T2 may change nothing. */
export interface Policy {
  allow: string[];
  ranges: Record<string, RangeRule>;
}

/** A catalog theme from the tokens directory's themes/<name>.json. */
export interface CatalogTheme {
  name: string;
  title: string;
  description: string;
  tokens: unknown;
}

/** One override layer of the cascade, as stored (a DTCG tree). */
export interface Layer {
  source: Exclude<LayerSource, 'base'>;
  tokens: unknown;
}
