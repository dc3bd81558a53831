// Token paths: segments, names, references, the governance pattern language, "did you mean".
//
// A path is the list of group/token names from the root (`["semantic", "light", "text", "primary"]`), carried as
// those names joined by '.' (`semantic.light.text.primary`). The parser guarantees no name contains '.': a name
// written with one (real exports name spacing `0.5` beside `0`) becomes the name with '-' (`0-5`) and a
// `dotted_name` warning. So the joined form is exact — splitting it on '.' gives the segments back — and a
// renamed `0.5` can never be read as the group `0` holding `5`. Patterns (protected paths, policy allow-lists and
// ranges, required paths) are written the same way and match whole segments.

/** The segments of a path. Exact: no segment contains '.'. */
export function segmentsOf(path: string): string[] {
  return path.split('.');
}

/** A path from its segments (each already a normalised name). */
export function pathOf(segments: readonly string[]): string {
  return segments.join('.');
}

/** DTCG's name for a group's own token (`color.accent.$root`). */
export const ROOT_TOKEN = '$root';

/** A name as written → the name Livery uses: '.' becomes '-' (DTCG forbids '.' in names; real exports have it). */
export function normaliseName(name: string): string {
  return name.includes('.') ? name.replaceAll('.', '-') : name;
}

/** The path reported for a problem with the whole tree (not a JSON object, too deep, too many problems). */
export const ROOT_PATH = '(root)';

/** Tokens a layer may add that the base does not have live under this group. */
export const PRIMITIVE_ROOT = 'primitive';

export function isPrimitivePath(path: string): boolean {
  return path.startsWith(`${PRIMITIVE_ROOT}.`) && path.length > PRIMITIVE_ROOT.length + 1;
}

/** A compiled pattern: its segments, `*` standing for exactly one segment. */
export type CompiledPattern = readonly string[];

export function compilePattern(pattern: string): CompiledPattern {
  return pattern.split('.');
}

/**
 * Whether `path` is covered by `pattern`: the pattern's segments match the path's first segments
 * (`*` matches any one segment) and the path may continue below them. Matching is by whole segments,
 * so `status.error` covers `status.error` and `status.error.bg` but never `status.errorText`.
 */
export function matchesPattern(pattern: string | CompiledPattern, path: string): boolean {
  const want = typeof pattern === 'string' ? compilePattern(pattern) : pattern;
  if (want.length === 0) return false;
  let start = 0;
  for (let i = 0; i < want.length; i++) {
    if (start > path.length) return false;
    const dot = path.indexOf('.', start);
    const end = dot === -1 ? path.length : dot;
    const segment = want[i];
    if (segment !== '*') {
      if (end - start !== segment!.length || !path.startsWith(segment!, start)) return false;
    } else if (end === start) {
      return false; // `*` needs a non-empty segment
    }
    start = end + 1;
    if (dot === -1 && i < want.length - 1) return false; // path ran out before the pattern did
  }
  return true;
}

/** A predicate over paths for a list of patterns, compiled once. */
export function patternMatcher(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.map(compilePattern);
  return (path) => compiled.some((pattern) => matchesPattern(pattern, path));
}

/** Every ancestor group path of `path` (`a.b.c` → `a`, `a.b`), shortest first. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  let dot = path.indexOf('.');
  while (dot !== -1) {
    out.push(path.slice(0, dot));
    dot = path.indexOf('.', dot + 1);
  }
  return out;
}

// Suggestions are for typos, so they are computed for short paths only and stop early: a hostile layer with
// thousands of unknown paths must not turn this into seconds of edit-distance work.
const MAX_SUGGESTION_INPUT = 200;

/**
 * The closest candidate to `path` by edit distance, or undefined when none is close enough to be a
 * plausible typo (at most 3 edits, and at most a third of the path's length).
 */
export function didYouMean(path: string, candidates: Iterable<string>): string | undefined {
  if (path.length === 0 || path.length > MAX_SUGGESTION_INPUT) return undefined;
  const limit = Math.min(3, Math.floor(path.length / 3));
  if (limit === 0) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - path.length) >= bestDistance) continue;
    const distance = boundedEditDistance(path, candidate, bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, or `max + 1` as soon as it is known to exceed `max` (one row at a time). */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length]!, max + 1);
}
