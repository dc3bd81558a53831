// The cascade: a layer's tokens written over the current merged map, recording for each token what the
// merge did with it and why (the rules turn those facts into violations and messages).
//
// The map starts as a shallow copy of the base's map (token objects are shared and never mutated) and each
// admitted token replaces one entry, so a compose costs O(base size) for the copy plus O(layer size).
import { ancestorsOf, isPrimitivePath } from './paths.ts';
import { resolveChanged } from './resolve.ts';
import type { Layer, LayerSource, MergedToken, ParsedToken, ParseResult, TokenType } from './types.ts';
import { normaliseValue } from './values.ts';

/** Why a layer token was not merged. One problem per token: the first that applies, in this order. */
export type EntryProblem =
  /** Not a base path and not a new primitive. `group`: the path is a group in the base, not a token. */
  | { kind: 'unknown_path'; group: boolean }
  /** A new primitive whose path collides with a group, or sits below a token. */
  | { kind: 'structure'; message: string }
  /** A new primitive without a `$type` (own or from a group). */
  | { kind: 'missing_type' }
  /** The token's `$type` differs from the type of the token it overrides. */
  | { kind: 'type_mismatch'; expected: TokenType; actual: TokenType }
  /** The value does not fit the type, or is unsafe in CSS. */
  | { kind: 'invalid_value'; message: string };

export interface LayerEntry {
  source: Layer['source'];
  token: ParsedToken;
  /** The token at this path before this layer (the base's, or an earlier layer's), if any. */
  previous?: MergedToken;
  /** The token's own `$type`, else the previous token's. */
  type?: TokenType;
  /** Normalised CSS text of a literal value that fits its type. */
  css?: string;
  problem?: EntryProblem;
  /** The path is protected and this layer is below T0, so the entry is never applied (see rules/protected.ts). */
  protectedPath?: true;
  /** Whether the token was written into the merged map. */
  applied: boolean;
}

/** Sources below T0: they may not change protected tokens. */
export const LOWER_SOURCES: ReadonlySet<LayerSource> = new Set<LayerSource>(['theme', 't1', 't2']);

export interface MergeState {
  /** The merged map so far. Starts as the base's own map and is copied on the first write. */
  tokens: Map<string, MergedToken>;
  /** Whether `tokens` is this state's own copy (false while it is still the base's map). */
  owned: boolean;
  /** Group paths of the base (read-only, shared). */
  readonly baseGroups: ReadonlySet<string>;
  /** Group paths created by primitives the layers added. */
  readonly addedGroups: Set<string>;
  /** Paths the layers added, in the order added. */
  readonly added: string[];
  /** Paths the layers wrote (added or replaced): what resolution has to revisit. */
  readonly changed: Set<string>;
  readonly isProtected: (path: string) => boolean;
}

export function startMerge(base: Map<string, MergedToken>, baseGroups: ReadonlySet<string>, isProtected: (path: string) => boolean): MergeState {
  return { tokens: base, owned: false, baseGroups, addedGroups: new Set(), added: [], changed: new Set(), isProtected };
}

/** Write one parsed layer over the state; returns one entry per parsed token, in document order. */
export function mergeLayer(state: MergeState, source: Layer['source'], parsed: ParseResult): LayerEntry[] {
  const entries: LayerEntry[] = [];
  for (const token of parsed.tokens.values()) {
    const entry = examine(state, source, token);
    if (entry.problem === undefined && !entry.protectedPath) {
      apply(state, entry);
      entry.applied = true;
    }
    entries.push(entry);
  }
  return entries;
}

function examine(state: MergeState, source: Layer['source'], token: ParsedToken): LayerEntry {
  const previous = state.tokens.get(token.path);
  const entry: LayerEntry = { source, token, applied: false };
  if (previous) entry.previous = previous;
  const type = token.type ?? previous?.type;
  if (type) entry.type = type;
  if (LOWER_SOURCES.has(source) && state.isProtected(token.path)) entry.protectedPath = true;

  if (!previous) {
    if (!isPrimitivePath(token.path)) {
      entry.problem = { kind: 'unknown_path', group: state.baseGroups.has(token.path) || state.addedGroups.has(token.path) };
      return entry;
    }
    const collision = structureCollision(state, token.path);
    if (collision) {
      entry.problem = { kind: 'structure', message: collision };
      return entry;
    }
    if (!type) {
      entry.problem = { kind: 'missing_type' };
      return entry;
    }
  } else if (token.type && token.type !== previous.type) {
    entry.problem = { kind: 'type_mismatch', expected: previous.type, actual: token.type };
    return entry;
  }

  if (token.alias === undefined) {
    const value = normaliseValue(type!, token.raw);
    if (!value.ok) entry.problem = { kind: 'invalid_value', message: value.message };
    else entry.css = value.css;
  }
  return entry;
}

/** Why a new path cannot be a token: it is a group, or one of its ancestors is a token. */
function structureCollision(state: MergeState, path: string): string | undefined {
  if (state.baseGroups.has(path) || state.addedGroups.has(path)) return `${path} is a group, so it cannot also be a token`;
  for (const ancestor of ancestorsOf(path)) {
    if (state.tokens.has(ancestor)) return `${path} would sit below the token ${ancestor}; a token cannot have children`;
  }
  return undefined;
}

function apply(state: MergeState, entry: LayerEntry): void {
  const { token, previous } = entry;
  const merged: MergedToken = { path: token.path, type: entry.type!, raw: token.raw, source: entry.source };
  if (token.alias !== undefined) merged.alias = token.alias;
  else merged.css = entry.css!;
  // An override that only changes the value keeps what the base says about the token.
  const description = token.description ?? previous?.description;
  const extensions = token.extensions ?? previous?.extensions;
  const deprecated = token.deprecated ?? previous?.deprecated;
  if (description !== undefined) merged.description = description;
  if (extensions !== undefined) merged.extensions = extensions;
  if (deprecated !== undefined) merged.deprecated = deprecated;
  if (!state.owned) {
    state.tokens = new Map(state.tokens);
    state.owned = true;
  }
  if (!previous) {
    state.added.push(token.path);
    for (const ancestor of ancestorsOf(token.path)) state.addedGroups.add(ancestor);
  }
  state.tokens.set(token.path, merged);
  state.changed.add(token.path);
}

/** Resolve what the layers changed and return the merged map, in order (the state is spent afterwards). */
export function finishMerge(state: MergeState, dependents: ReadonlyMap<string, readonly string[]>): Map<string, MergedToken> {
  if (!state.owned) return state.tokens;
  resolveChanged(state.tokens, state.changed, dependents);
  // Base order first (the copy kept it), then the added paths sorted: re-insert them at the end in order.
  for (const path of [...state.added].sort()) {
    const token = state.tokens.get(path)!;
    state.tokens.delete(path);
    state.tokens.set(path, token);
  }
  return state.tokens;
}

/**
 * The merged map as it was before `undone` were applied (e.g. the partner's theme: the full merge without
 * its t2 layer), resolved. `changed` lists every path written by the layers, undone or not.
 */
export function withoutEntries(
  merged: ReadonlyMap<string, MergedToken>,
  undone: readonly LayerEntry[],
  changed: Iterable<string>,
  dependents: ReadonlyMap<string, readonly string[]>,
): Map<string, MergedToken> {
  const tokens = new Map(merged);
  for (let i = undone.length - 1; i >= 0; i--) {
    const entry = undone[i]!;
    if (!entry.applied) continue;
    if (entry.previous) tokens.set(entry.token.path, entry.previous);
    else tokens.delete(entry.token.path);
  }
  resolveChanged(tokens, changed, dependents);
  return tokens;
}
