// Resolution after the merge: every token gets `resolvedValue` (and its canonical text `resolved`) — the value at
// the end of its alias chain, with the references inside a composite value and JSON pointers filled in — or a
// `failure` that says why not.
//
// Whole-value alias chains are walked iteratively and memoised, so a theme resolves in O(tokens) whatever its alias
// depth and a cycle cannot recurse. References inside a value (a shadow's `"color": "{color.shadow}"`, a pointer
// into another token's value) are followed with bounded recursion: they nest only as deep as composites do.
// Each token records what it read (`deps`), so a compose re-resolves only what its layers can have changed.
import { normaliseValue } from './normalise.ts';
import { isPointerObject, lookupReference, parseCurly, parsePointer, pathIndex, type PathIndex } from './references.ts';
import type { MergedToken, ResolutionFailure, TokenValue } from './types.ts';
import { isPlainRecord } from './values.ts';

/** How deep references inside values may nest (each level is a composite or pointer hop, not an alias hop). */
const MAX_REFERENCE_DEPTH = 32;
/** Value nodes visited while following pointers, per token. */
const MAX_POINTER_NODES = 10_000;

interface Outcome {
  value?: TokenValue;
  text?: string;
  failure?: ResolutionFailure;
  deps?: string[];
}

/**
 * A map with every token resolved. Token objects whose resolution does not change are reused (the base's tokens
 * are shared by every compose); the others are copied, never mutated.
 */
export function resolveTokens(tokens: ReadonlyMap<string, MergedToken>): Map<string, MergedToken> {
  const resolver = new Resolver(tokens, () => false);
  const out = new Map<string, MergedToken>();
  for (const [path, token] of tokens) out.set(path, withOutcome(token, resolver.resolve(path, 0)));
  return out;
}

/**
 * Re-resolve, in place, only what a merge can have changed: the `changed` paths and every token whose resolution
 * read one of them (found through the base's reverse index `dependents`). Every other token read only unchanged
 * tokens, so its resolution still holds. This keeps a compose proportional to the layers, not to the base.
 */
export function resolveChanged(
  tokens: Map<string, MergedToken>,
  changed: Iterable<string>,
  dependents: ReadonlyMap<string, readonly string[]>,
): void {
  const dirty = new Set<string>();
  const pending = [...changed];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (dirty.has(path)) continue;
    dirty.add(path);
    for (const dependent of dependents.get(path) ?? []) pending.push(dependent);
  }
  const resolver = new Resolver(tokens, (path) => !dirty.has(path));
  for (const path of dirty) {
    const token = tokens.get(path);
    if (!token) continue;
    const next = withOutcome(token, resolver.resolve(path, 0));
    if (next !== token) tokens.set(path, next);
  }
}

/**
 * What `token` — not in `tokens`, e.g. a protected entry that was never applied — would resolve to against the
 * resolved theme `tokens`.
 */
export function resolveDetached(tokens: ReadonlyMap<string, MergedToken>, token: MergedToken): string | undefined {
  const scratch = new Map(tokens);
  scratch.set(token.path, token);
  return new Resolver(scratch, (path) => path !== token.path).resolve(token.path, 0).text;
}

/** Reverse dependency index: for each path, the tokens whose resolution read it. */
export function dependentsIndex(tokens: ReadonlyMap<string, MergedToken>): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const token of tokens.values()) {
    for (const dep of token.deps ?? (token.alias !== undefined ? [token.alias] : [])) {
      const list = dependents.get(dep);
      if (list) list.push(token.path);
      else dependents.set(dep, [token.path]);
    }
  }
  return dependents;
}

function withOutcome(token: MergedToken, outcome: Outcome): MergedToken {
  if (
    token.resolvedValue === outcome.value &&
    token.resolved === outcome.text &&
    token.failure === outcome.failure &&
    sameList(token.deps, outcome.deps)
  ) {
    return token;
  }
  const copy: MergedToken = { ...token };
  delete copy.resolvedValue;
  delete copy.resolved;
  delete copy.failure;
  delete copy.deps;
  if (outcome.value !== undefined) copy.resolvedValue = outcome.value;
  if (outcome.text !== undefined) copy.resolved = outcome.text;
  if (outcome.failure !== undefined) copy.failure = outcome.failure;
  if (outcome.deps !== undefined && outcome.deps.length > 0) copy.deps = outcome.deps;
  return copy;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((item, i) => item === y[i]);
}

class Resolver {
  private readonly memo = new Map<string, Outcome>();
  /** Tokens whose inner references are being followed: meeting one again is a cycle. */
  private readonly active: string[] = [];
  private index: PathIndex | undefined;
  private readonly tokens: ReadonlyMap<string, MergedToken>;
  /** A settled token's current resolution is known to be right: it ends a walk. */
  private readonly settled: (path: string) => boolean;

  constructor(tokens: ReadonlyMap<string, MergedToken>, settled: (path: string) => boolean) {
    this.tokens = tokens;
    this.settled = settled;
  }

  /** The path a written reference means (see lookupReference), or undefined. */
  private find(path: string): string | undefined {
    if (this.tokens.has(path)) return path;
    this.index ??= pathIndex(this.tokens);
    return lookupReference(this.index, path);
  }

  resolve(start: string, depth: number): Outcome {
    const memoised = this.memo.get(start);
    if (memoised) return memoised;
    const chain: string[] = [];
    const position = new Map<string, number>();
    let current = start;
    let result: Outcome;
    for (;;) {
      const known = this.memo.get(current);
      if (known) {
        result = known;
        break;
      }
      const token = this.tokens.get(current)!;
      const seenAt = position.get(current);
      if (seenAt !== undefined) {
        const cycle = chain.slice(seenAt);
        result = { failure: { kind: 'cycle', at: cycle[0]!, cycle } };
        break;
      }
      if (this.settled(current)) {
        result = { value: token.resolvedValue, text: token.resolved, failure: token.failure };
        break;
      }
      const activeAt = this.active.indexOf(current);
      if (activeAt !== -1) {
        const cycle = [...this.active.slice(activeAt), ...chain];
        result = { failure: { kind: 'cycle', at: current, cycle } };
        break;
      }
      position.set(current, chain.length);
      chain.push(current);
      if (token.alias === undefined) {
        result = this.evaluate(token, depth);
        break;
      }
      const target = this.find(token.alias);
      if (target === undefined) {
        result = { failure: { kind: 'missing', at: current, target: token.alias } };
        break;
      }
      const targetToken = this.tokens.get(target)!;
      if (targetToken.type !== token.type) {
        result = { failure: { kind: 'type', at: current, target, expected: token.type, actual: targetToken.type } };
        break;
      }
      current = target;
    }
    // Every token on the walk shares the answer; each keeps what it read itself.
    for (let i = 0; i < chain.length; i++) {
      const member = chain[i]!;
      const token = this.tokens.get(member)!;
      const deps =
        token.alias !== undefined
          ? i + 1 < chain.length
            ? [chain[i + 1]!]
            : [this.find(token.alias) ?? token.alias]
          : result.deps;
      this.memo.set(member, {
        value: result.value,
        text: result.text,
        failure: result.failure,
        ...(deps ? { deps } : {}),
      });
    }
    return this.memo.get(start) ?? result;
  }

  /** The value of a token that is not an alias: its literal, or its value with the references inside filled in. */
  private evaluate(token: MergedToken, depth: number): Outcome {
    if (token.value !== undefined) return { value: token.value, text: token.css };
    if (!token.refs) return { failure: { kind: 'value', at: token.path, message: 'has no value' } };
    if (depth > MAX_REFERENCE_DEPTH) return { failure: { kind: 'depth', at: token.path } };
    const deps: string[] = [];
    this.active.push(token.path);
    try {
      const filled = this.fillPointers(token, token.raw, deps, depth, { nodes: 0 });
      if ('failure' in filled) return { failure: filled.failure, deps };
      const result = normaliseValue(token.type, filled.raw, {
        ref: (written, expected, part) => {
          const target = this.find(written);
          if (target === undefined)
            return { ok: false, failure: { kind: 'missing', at: token.path, target: written, part } };
          deps.push(target);
          const type = this.tokens.get(target)!.type;
          if (!expected.includes(type))
            return {
              ok: false,
              failure: { kind: 'type', at: token.path, target, expected: expected[0]!, actual: type, part },
            };
          const outcome = this.resolve(target, depth + 1);
          if (outcome.failure || outcome.value === undefined) {
            return { ok: false, failure: outcome.failure ?? { kind: 'value', at: target, message: 'has no value' } };
          }
          return { ok: true, value: outcome.value, type };
        },
      });
      if (result.ok) return { value: result.value, text: result.css, deps };
      if ('failure' in result) return { failure: result.failure, deps };
      return { failure: { kind: 'value', at: token.path, message: result.message }, deps };
    } finally {
      this.active.pop();
    }
  }

  /**
   * `raw` with every JSON pointer replaced by what it points at. A pointer to a whole token becomes a reference to
   * it (`{path}`), typed by the place it is in; a pointer into a value is followed through the target's value as
   * written, through aliases and further pointers on the way.
   */
  private fillPointers(
    token: MergedToken,
    raw: unknown,
    deps: string[],
    depth: number,
    budget: { nodes: number },
  ): { raw: unknown } | { failure: ResolutionFailure } {
    if (++budget.nodes > MAX_POINTER_NODES || depth > MAX_REFERENCE_DEPTH)
      return { failure: { kind: 'depth', at: token.path } };
    if (isPointerObject(raw)) {
      const pointer = parsePointer(raw.$ref);
      if ('error' in pointer) return { failure: { kind: 'value', at: token.path, message: pointer.error } };
      const target = this.find(pointer.path);
      if (target === undefined) return { failure: { kind: 'missing', at: token.path, target: raw.$ref } };
      deps.push(target);
      if (pointer.rest.length === 0) return { raw: `{${target}}` };
      const found = this.follow(token, target, pointer.rest, raw.$ref, deps, depth + 1, budget);
      if ('failure' in found) return found;
      return this.fillPointers(token, found.raw, deps, depth + 1, budget);
    }
    if (Array.isArray(raw)) {
      const out: unknown[] = [];
      for (const item of raw) {
        const filled = this.fillPointers(token, item, deps, depth, budget);
        if ('failure' in filled) return filled;
        out.push(filled.raw);
      }
      return { raw: out };
    }
    if (isPlainRecord(raw)) {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) {
        const filled = this.fillPointers(token, value, deps, depth, budget);
        if ('failure' in filled) return filled;
        Object.defineProperty(out, key, { value: filled.raw, enumerable: true, writable: true, configurable: true });
      }
      return { raw: out };
    }
    return { raw };
  }

  /** The part of `path`'s value that `rest` addresses, as written (aliases and pointers on the way are followed). */
  private follow(
    token: MergedToken,
    path: string,
    rest: readonly string[],
    written: string,
    deps: string[],
    depth: number,
    budget: { nodes: number },
  ): { raw: unknown } | { failure: ResolutionFailure } {
    if (depth > MAX_REFERENCE_DEPTH || ++budget.nodes > MAX_POINTER_NODES)
      return { failure: { kind: 'depth', at: token.path } };
    const target = this.tokens.get(path)!;
    if (this.active.includes(path))
      return { failure: { kind: 'cycle', at: token.path, cycle: [...this.active.slice(this.active.indexOf(path))] } };
    let node: unknown = target.alias !== undefined ? `{${target.alias}}` : target.raw;
    for (let i = 0; i <= rest.length; i++) {
      // An alias or pointer where the path continues: carry on in what it refers to.
      const reference = typeof node === 'string' ? parseCurly(node) : null;
      if ((reference && !('error' in reference)) || isPointerObject(node)) {
        if (i === rest.length) break;
        let next: string | undefined;
        let more: string[] = [];
        if (reference && !('error' in reference)) next = this.find(reference.path);
        else {
          const pointer = parsePointer((node as { $ref: string }).$ref);
          if ('error' in pointer) return { failure: { kind: 'value', at: token.path, message: pointer.error } };
          next = this.find(pointer.path);
          more = pointer.rest;
        }
        if (next === undefined) return { failure: { kind: 'missing', at: token.path, target: written } };
        deps.push(next);
        return this.follow(token, next, [...more, ...rest.slice(i)], written, deps, depth + 1, budget);
      }
      if (i === rest.length) break;
      const segment = rest[i]!;
      if (Array.isArray(node) && /^\d+$/.test(segment) && Number(segment) < node.length) node = node[Number(segment)];
      else if (isPlainRecord(node) && Object.hasOwn(node, segment)) node = node[segment];
      else return { failure: { kind: 'missing', at: token.path, target: written } };
    }
    return { raw: node };
  }
}
