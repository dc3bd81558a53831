// References between tokens: DTCG's curly-brace aliases (`{group.token}`, to a whole token) and JSON pointers
// (`{"$ref": "#/group/token/$value/…"}`, to a whole token or into a part of its value).
//
// Parsing turns both into token paths with the tree's normalised names; `lookupReference` then finds the token a
// written path means in a theme, forgiving what real files do: a reference written with the name's own '.'
// (`{spacing.0.5}` for the token named `0.5`, which Livery calls `0-5`), and a reference to a group that has a
// `$root` token (`{color.accent}` for `color.accent.$root`).
import { normaliseName, ROOT_TOKEN } from './paths.ts';
import type { TokenPath } from './types.ts';

/** Names that could reach an object's prototype; never a path segment. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const MAX_PATH_LENGTH = 1024;

/** A JSON pointer into a token: the token's path, and the segments after its `$value` (empty: the whole value). */
export interface Pointer {
  path: TokenPath;
  rest: string[];
}

export type Parsed<T> = T | { error: string };

/** `{a.b}` → `a.b`; null when `text` is not written as an alias at all, an error when it is but is malformed. */
export function parseCurly(text: string): Parsed<{ path: TokenPath }> | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  const inner = trimmed.slice(1, -1).trim();
  if (inner.includes('{') || inner.includes('}')) return null; // several references in one string: not an alias
  const segments = inner.split('.');
  if (!validSegments(segments, true))
    return { error: `${JSON.stringify(trimmed.slice(0, 64))} is not a valid alias: expected {group.token}` };
  return { path: inner };
}

/**
 * An RFC 6901 pointer within the same document (`#/a/b/$value/components/0`). Segments before `$value` name the
 * token (normalised like names); the rest address a part of its value.
 */
export function parsePointer(pointer: string): Parsed<Pointer> {
  if (!pointer.startsWith('#/'))
    return {
      error: `${JSON.stringify(pointer.slice(0, 64))} is not a JSON pointer into this document (expected "#/group/token")`,
    };
  if (pointer.length > MAX_PATH_LENGTH) return { error: 'the JSON pointer is too long' };
  const raw = pointer
    .slice(2)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const valueAt = raw.indexOf('$value');
  const names = (valueAt === -1 ? raw : raw.slice(0, valueAt)).map(normaliseName);
  const rest = valueAt === -1 ? [] : raw.slice(valueAt + 1);
  if (!validSegments(names, true) || rest.some((s) => FORBIDDEN_NAMES.has(s))) {
    return {
      error: `${JSON.stringify(pointer.slice(0, 64))} must point at a token ("#/group/token") or into its value ("#/group/token/$value/…")`,
    };
  }
  return { path: names.join('.'), rest };
}

/** A `{"$ref": "…"}` object (exactly that one key, a string). */
export function isPointerObject(value: unknown): value is { $ref: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$ref' && typeof (value as { $ref: unknown }).$ref === 'string';
}

/**
 * The whole-value alias a `$value` spells: `"{a.b}"`, or a pointer to a whole token (`{"$ref": "#/a/b"}`,
 * `{"$ref": "#/a/b/$value"}`). Null when the value is not an alias (a pointer into a part is not one).
 */
export function wholeValueAlias(raw: unknown): Parsed<{ path: TokenPath }> | null {
  if (typeof raw === 'string') return parseCurly(raw);
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.hasOwn(raw, '$ref')) {
    if (!isPointerObject(raw)) return { error: 'a $ref value must be exactly {"$ref": "#/group/token"}' };
    const pointer = parsePointer(raw.$ref);
    if ('error' in pointer) return pointer;
    return pointer.rest.length === 0 ? { path: pointer.path } : null;
  }
  return null;
}

function validSegments(segments: readonly string[], allowRoot: boolean): boolean {
  if (segments.length === 0 || segments.join('.').length > MAX_PATH_LENGTH) return false;
  return segments.every(
    (s) => s.length > 0 && !FORBIDDEN_NAMES.has(s) && (!s.startsWith('$') || (allowRoot && s === ROOT_TOKEN)),
  );
}

/** What a theme knows about its paths, for `lookupReference`. */
export interface PathIndex {
  /** Whether `path` is a token. */
  isToken(path: string): boolean;
  /** Whether `path` is a token or a group (a prefix of some token's path). */
  exists(path: string): boolean;
}

// Joining names back together is a search over where a written '.' was a name's own; it is bounded so a hostile
// reference with hundreds of dots costs little.
const MAX_LOOKUP_STEPS = 2_000;

/**
 * The token a written reference means: the path itself; else, for a group with a `$root` token, that token; else
 * the path read with some of its '.' as a name's own '.' (now '-'): `spacing.0.5` → `spacing.0-5`. Undefined when
 * nothing matches.
 */
export function lookupReference(index: PathIndex, written: TokenPath): TokenPath | undefined {
  if (index.isToken(written)) return written;
  const rooted = `${written}.${ROOT_TOKEN}`;
  if (index.isToken(rooted)) return rooted;
  if (!written.includes('.')) return undefined;
  const segments = written.split('.');
  let steps = 0;
  // Depth-first over how consecutive segments group into names, pruned by what exists.
  const search = (i: number, prefix: string): string | undefined => {
    if (++steps > MAX_LOOKUP_STEPS) return undefined;
    if (i === segments.length)
      return index.isToken(prefix)
        ? prefix
        : index.isToken(`${prefix}.${ROOT_TOKEN}`)
          ? `${prefix}.${ROOT_TOKEN}`
          : undefined;
    let name = '';
    for (let j = i; j < segments.length; j++) {
      name = j === i ? segments[j]! : `${name}-${segments[j]}`;
      const next = prefix === '' ? name : `${prefix}.${name}`;
      if (!index.exists(next)) continue;
      const found = search(j + 1, next);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const found = search(0, '');
  return found === written ? undefined : found;
}

/** A PathIndex over a map of tokens (groups derived on first use). */
export function pathIndex(tokens: { has(path: string): boolean; keys(): Iterable<string> }): PathIndex {
  let groups: Set<string> | undefined;
  return {
    isToken: (path) => tokens.has(path),
    exists(path) {
      if (tokens.has(path)) return true;
      if (!groups) {
        groups = new Set();
        for (const key of tokens.keys()) {
          for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) groups.add(key.slice(0, dot));
        }
      }
      return groups.has(path);
    },
  };
}
