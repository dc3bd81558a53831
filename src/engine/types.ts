// The engine's vocabulary. Pure types: no I/O, no runtime code.
// Everything the service, the CLI and the tests exchange with the engine is shaped here.

/** DTCG token types Livery accepts. Composite types (shadow, typography, border…) are refused as `schema`. */
export type TokenType =
  | 'color'
  | 'dimension'
  | 'fontFamily'
  | 'fontWeight'
  | 'number'
  | 'duration'
  | 'cubicBezier';

/** Where a value in a merged theme came from, in cascade order. */
export type LayerSource = 'base' | 'theme' | 't0' | 't1' | 't2';

export type Mode = 'light' | 'dark';

export type Rule =
  | 'schema'
  | 'unknown_path'
  | 'type_mismatch'
  | 'alias_unresolved'
  | 'alias_cycle'
  | 'protected'
  | 'not_allowed'
  | 'out_of_range'
  | 'contrast';

/**
 * One governance problem. `path` is the dot path of the token (or group) at fault,
 * `message` one human sentence, `fix` a short hint for the human CLI output.
 * Rule-specific details are extra properties (see CONTRACT.md): a `contrast`
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

/** A token after parsing one DTCG tree (base or a layer). */
export interface ParsedToken {
  /** Dot-joined path. A segment that itself contains '.' is kept as is (with a warning). */
  path: string;
  /** `$type` as written or inherited from a group; undefined in a layer that relies on the base's type. */
  type?: TokenType;
  /** `$value` exactly as written (kept for the DTCG output). */
  raw: unknown;
  /** Target path when the whole value is an alias (`{a.b}` or `{"$ref": "#/a/b"}`). */
  alias?: string;
  description?: string;
  extensions?: Record<string, unknown>;
  deprecated?: boolean | string;
}

export interface ParseResult {
  tokens: Map<string, ParsedToken>;
  violations: Violation[];
  warnings: Warning[];
}

/** A token of a merged theme. */
export interface MergedToken {
  path: string;
  type: TokenType;
  raw: unknown;
  /** Normalised CSS text of the value when it is not an alias (e.g. '#0f172a', '16px', '"Inter", sans-serif'). */
  css?: string;
  alias?: string;
  /** Final CSS text after following aliases; undefined when unresolved or in a cycle. */
  resolved?: string;
  description?: string;
  extensions?: Record<string, unknown>;
  deprecated?: boolean | string;
  source: LayerSource;
}

/** A merged, alias-resolved theme. Iteration order is deterministic (base order, then added paths sorted). */
export interface MergedTheme {
  tokens: Map<string, MergedToken>;
}

/** `{fg, bg}` are paths relative to `semantic.<mode>.`, e.g. `text.primary` on `background.canvas`. */
export interface ContrastPair {
  fg: string;
  bg: string;
  min: number;
  modes: Mode[];
}

/**
 * Governance data owned by T0 (tokens/governance/*.json).
 * Path patterns: dot paths where a `*` segment matches exactly one segment, and a pattern also
 * covers everything below what it matches (`semantic.*.accessibility` covers its whole subtree).
 * Matching is at dot boundaries: `status.error` never matches `status.errorText`.
 */
export interface Governance {
  protected: string[];
  pairs: ContrastPair[];
  /** Paths (patterns allowed) that must exist and resolve in every merged theme. */
  required: string[];
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

/** A catalog theme from tokens/themes/<name>.json. */
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
