// The cascade: a layer's tokens written over the current merged map, recording for each token what the
// merge did with it and why (the rules turn those facts into violations and messages).
//
// The map starts as the base's map (token objects are shared and never mutated) and is copied on the first write;
// each admitted token replaces one entry, so a compose costs O(base size) for the copy plus O(layer size). A
// complete tree (the base itself, `livery check`) is merged the same way onto an empty map that takes any path.
import { COMPOSITE_PARTS, placeholderValue, type RefResolver } from './composites.ts';
import { normaliseValue } from './normalise.ts';
import { ancestorsOf, isPrimitivePath } from './paths.ts';
import { isPointerObject, lookupReference, parsePointer, pathIndex } from './references.ts';
import { resolveChanged } from './resolve.ts';
import type { Layer, LayerSource, MergedToken, ParsedToken, ParseResult, TokenType } from './types.ts';
import type { LenientNote } from './values.ts';

/** Why a layer token was not merged. One problem per token: the first that applies, in this order. */
export type EntryProblem =
  /** Not a base path and not a new primitive. `group`: the path is a group in the base, not a token. */
  | { kind: 'unknown_path'; group: boolean }
  /** A new primitive whose path collides with a group, or sits below a token. */
  | { kind: 'structure'; message: string }
  /** A new token without a `$type` (own or from a group) that is not an alias either. */
  | { kind: 'missing_type' }
  /** A typeless alias whose target's type cannot be found (it does not exist, or the aliases loop). */
  | { kind: 'untyped_alias'; target: string }
  /** The token's `$type` differs from the type of the token it overrides. */
  | { kind: 'type_mismatch'; expected: TokenType; actual: TokenType }
  /** The value does not fit the type, or is unsafe in CSS. */
  | { kind: 'invalid_value'; message: string };

export interface LayerEntry {
  source: Layer['source'] | 'base';
  token: ParsedToken;
  /** The token at this path before this layer (the base's, or an earlier layer's), if any. */
  previous?: MergedToken;
  /** The token's own `$type`, else the previous token's, else (for a typeless alias) its target's. */
  type?: TokenType;
  /** Normalised literal value and its canonical text (no alias, no references inside). */
  value?: MergedToken['value'];
  css?: string;
  /** The value refers to other tokens inside it: resolved after the merge. */
  refs?: true;
  /** What the normaliser accepted leniently (numeric strings, non-DTCG units…): warnings, or violations with --strict. */
  notes?: LenientNote[];
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
  /** Group paths created by tokens the layers added. */
  readonly addedGroups: Set<string>;
  /** Paths the layers added, in the order added. */
  readonly added: string[];
  /** Paths the layers wrote (added or replaced): what resolution has to revisit. */
  readonly changed: Set<string>;
  /** Entries applied without a type yet (typeless aliases), by path: typed from their targets in finishMerge. */
  readonly untyped: Map<string, LayerEntry>;
  readonly isProtected: (path: string) => boolean;
  /** A complete tree: any path may be added, and added paths keep document order. */
  readonly complete: boolean;
}

export function startMerge(
  base: Map<string, MergedToken>,
  baseGroups: ReadonlySet<string>,
  isProtected: (path: string) => boolean,
): MergeState {
  return {
    tokens: base,
    owned: false,
    baseGroups,
    addedGroups: new Set(),
    added: [],
    changed: new Set(),
    untyped: new Map(),
    isProtected,
    complete: false,
  };
}

/** A merge of one complete tree on its own (the base, or a design system under `livery check`). */
export function startCompleteMerge(): MergeState {
  return {
    tokens: new Map(),
    owned: true,
    baseGroups: new Set(),
    addedGroups: new Set(),
    added: [],
    changed: new Set(),
    untyped: new Map(),
    isProtected: () => false,
    complete: true,
  };
}

/** Write one parsed layer over the state; returns one entry per parsed token, in document order. */
export function mergeLayer(state: MergeState, source: LayerEntry['source'], parsed: ParseResult): LayerEntry[] {
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

function examine(state: MergeState, source: LayerEntry['source'], token: ParsedToken): LayerEntry {
  const previous = state.tokens.get(token.path);
  const entry: LayerEntry = { source, token, applied: false };
  if (previous) entry.previous = previous;
  // A previous token still waiting for its type (a typeless alias of an earlier layer) has none to give.
  const type = token.type ?? (previous && !state.untyped.has(token.path) ? previous.type : undefined);
  if (type) entry.type = type;
  if (LOWER_SOURCES.has(source) && state.isProtected(token.path)) entry.protectedPath = true;
  const pointer = token.alias === undefined && isPointerObject(token.raw);

  if (!previous) {
    if (!state.complete && !isPrimitivePath(token.path)) {
      entry.problem = {
        kind: 'unknown_path',
        group: state.baseGroups.has(token.path) || state.addedGroups.has(token.path),
      };
      return entry;
    }
    const collision = structureCollision(state, token.path);
    if (collision) {
      entry.problem = { kind: 'structure', message: collision };
      return entry;
    }
    // A typeless alias (or pointer) takes its target's type (DTCG §5.2.2), found once the whole cascade is merged.
    if (!type && token.alias === undefined && !pointer) {
      entry.problem = { kind: 'missing_type' };
      return entry;
    }
  } else if (token.type && token.type !== previous.type) {
    entry.problem = { kind: 'type_mismatch', expected: previous.type, actual: token.type };
    return entry;
  }

  if (token.alias === undefined && type) checkValue(entry, type);
  return entry;
}

/** Normalise a literal value now; a value with references inside is checked with placeholders and resolved later. */
function checkValue(entry: LayerEntry, type: TokenType): void {
  const raw = entry.token.raw;
  if (isPointerObject(raw) || containsPointer(raw)) {
    entry.refs = true; // its shape is known only once the pointers are followed
    return;
  }
  let referenced = false;
  const recording: RefResolver = (_path, expected) => {
    referenced = true;
    return { ok: true, value: placeholderValue(expected[0]!), type: expected[0]! };
  };
  const notes: LenientNote[] = [];
  const value = normaliseValue(type, raw, { ref: recording, notes });
  if (notes.length > 0) entry.notes = notes;
  if (!value.ok) {
    entry.problem = { kind: 'invalid_value', message: 'message' in value ? value.message : 'does not resolve' };
  } else if (referenced) {
    entry.refs = true;
  } else {
    entry.value = value.value;
    entry.css = value.css;
  }
}

function containsPointer(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const stack: unknown[] = [raw];
  let seen = 0;
  while (stack.length > 0 && ++seen < 10_000) {
    const value = stack.pop();
    if (isPointerObject(value)) return true;
    if (typeof value === 'object' && value !== null) for (const child of Object.values(value)) stack.push(child);
  }
  return false;
}

/** Why a new path cannot be a token: it is a group, or one of its ancestors is a token. */
function structureCollision(state: MergeState, path: string): string | undefined {
  if (state.baseGroups.has(path) || state.addedGroups.has(path))
    return `${path} is a group, so it cannot also be a token`;
  for (const ancestor of ancestorsOf(path)) {
    if (state.tokens.has(ancestor))
      return `${path} would sit below the token ${ancestor}; a token cannot have children`;
  }
  return undefined;
}

function apply(state: MergeState, entry: LayerEntry): void {
  const { token, previous } = entry;
  // A typeless alias is written with a provisional type and typed in finishMerge, before anything reads it.
  const merged: MergedToken = { path: token.path, type: entry.type ?? 'color', raw: token.raw, source: entry.source };
  if (token.alias !== undefined) merged.alias = token.alias;
  else if (entry.refs) merged.refs = true;
  else {
    merged.value = entry.value!;
    merged.css = entry.css!;
  }
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
  if (entry.type === undefined) state.untyped.set(token.path, entry);
  else state.untyped.delete(token.path);
  state.tokens.set(token.path, merged);
  state.changed.add(token.path);
}

/** Type the typeless aliases, resolve what the layers changed and return the merged map, in order (the state is spent afterwards). */
export function finishMerge(
  state: MergeState,
  dependents: ReadonlyMap<string, readonly string[]>,
): Map<string, MergedToken> {
  if (!state.owned) return state.tokens;
  typeUntyped(state);
  canonicaliseAliases(state);
  resolveChanged(state.tokens, state.changed, dependents);
  if (!state.complete) {
    // Base order first (the copy kept it), then the added paths sorted: re-insert them at the end in order.
    for (const path of [...state.added].sort()) {
      const token = state.tokens.get(path);
      if (!token) continue;
      state.tokens.delete(path);
      state.tokens.set(path, token);
    }
  }
  return state.tokens;
}

/** Each typeless alias gets its target's type (following further typeless aliases); one whose target has none is dropped. */
function typeUntyped(state: MergeState): void {
  if (state.untyped.size === 0) return;
  const pending = new Set(state.untyped.keys());
  const index = pathIndex(state.tokens);
  const find = (path: string) => (state.tokens.has(path) ? path : lookupReference(index, path));
  for (const [path, entry] of state.untyped) {
    const current = state.tokens.get(path)!;
    if (!pending.has(path)) continue;
    const type = inferType(state, path, pending, find);
    pending.delete(path);
    if (type.ok) {
      entry.type = type.type;
      state.tokens.set(path, { ...current, type: type.type });
      if (current.refs === undefined && current.alias === undefined) checkValue(entry, type.type);
    } else {
      entry.problem = { kind: 'untyped_alias', target: type.target };
      entry.applied = false;
      state.tokens.delete(path);
      state.changed.delete(path);
    }
  }
}

type Inferred = { ok: true; type: TokenType } | { ok: false; target: string };

function inferType(
  state: MergeState,
  start: string,
  pending: ReadonlySet<string>,
  find: (path: string) => string | undefined,
): Inferred {
  const seen = new Set<string>();
  let path = start;
  for (;;) {
    const token = state.tokens.get(path)!;
    seen.add(path);
    if (!pending.has(path) || (path !== start && token.alias === undefined && !isPointerObject(token.raw)))
      return { ok: true, type: token.type };
    let targetWritten: string;
    let rest: string[] = [];
    if (token.alias !== undefined) targetWritten = token.alias;
    else {
      const pointer = parsePointer((token.raw as { $ref: string }).$ref);
      if ('error' in pointer) return { ok: false, target: (token.raw as { $ref: string }).$ref };
      targetWritten = pointer.path;
      rest = pointer.rest;
    }
    const target = find(targetWritten);
    if (target === undefined || seen.has(target)) return { ok: false, target: targetWritten };
    const targetToken = state.tokens.get(target)!;
    if (rest.length > 0) {
      if (pending.has(target)) return { ok: false, target: targetWritten };
      const part = partType(targetToken.type, rest);
      return part ? { ok: true, type: part } : { ok: false, target: targetWritten };
    }
    if (!pending.has(target)) return { ok: true, type: targetToken.type };
    path = target;
  }
}

/** The type of the part of a `type` value that `rest` (pointer segments after `$value`) addresses, when it has one. */
function partType(type: TokenType, rest: readonly string[]): TokenType | undefined {
  // Array indexes (a shadow's layers, a gradient's stops) do not change what a part is.
  const [first] = rest.filter((segment) => !/^\d+$/.test(segment));
  if (first === undefined) return type === 'shadow' || type === 'gradient' ? type : undefined;
  if (type === 'color')
    return first === 'components' || first === 'alpha' ? 'number' : first === 'hex' ? 'color' : undefined;
  if ((type === 'dimension' || type === 'duration') && first === 'value') return 'number';
  if (type === 'border' && first === 'style') return 'strokeStyle';
  if (type === 'strokeStyle' && first === 'dashArray') return 'dimension';
  const parts = (COMPOSITE_PARTS as Record<string, Record<string, TokenType>>)[type];
  return parts?.[first!];
}

/** An alias written with a name's own '.' (or to a group's `$root`) is rewritten to the path it means. */
function canonicaliseAliases(state: MergeState): void {
  let index: ReturnType<typeof pathIndex> | undefined;
  for (const path of state.changed) {
    const token = state.tokens.get(path);
    if (!token || token.alias === undefined || state.tokens.has(token.alias)) continue;
    index ??= pathIndex(state.tokens);
    const target = lookupReference(index, token.alias);
    if (target !== undefined) state.tokens.set(path, { ...token, alias: target, raw: `{${target}}` });
  }
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
