// Alias resolution after the merge: every token gets `resolved`, the CSS text at the end of its alias chain.
//
// Iterative and memoised: each chain is walked once and every token on it gets the same answer, so a
// theme resolves in O(tokens) whatever its alias depth, and cycles cannot recurse. A chain fails (resolved
// stays undefined) when it reaches a missing path, loops, or steps onto a token of another type.
// `traceAlias` walks one chain again to explain a failure; the rules call it only for failed tokens.
import type { MergedToken } from './types.ts';

/**
 * A map with `resolved` set on every token. Token objects whose `resolved` does not change are reused
 * (the base's tokens are shared by every compose); the others are copied, never mutated.
 */
export function resolveTokens(tokens: ReadonlyMap<string, MergedToken>): Map<string, MergedToken> {
  const memo = resolveChains(tokens, tokens.keys(), () => false);
  const out = new Map<string, MergedToken>();
  for (const [path, token] of tokens) {
    const resolved = memo.get(path);
    out.set(path, token.resolved === resolved ? token : withResolved(token, resolved));
  }
  return out;
}

/**
 * Walk the alias chain of every `start` once, memoising the answer for every token on each chain. A token for
 * which `settled` is true ends a walk with its current `resolved` (it is known to be right).
 */
function resolveChains(
  tokens: ReadonlyMap<string, MergedToken>,
  starts: Iterable<string>,
  settled: (path: string) => boolean,
): Map<string, string | undefined> {
  const memo = new Map<string, string | undefined>();
  const chain: string[] = [];
  const onChain = new Set<string>();
  for (const start of starts) {
    if (memo.has(start)) continue;
    let result: string | undefined;
    let path = start;
    for (;;) {
      if (memo.has(path)) {
        result = memo.get(path);
        break;
      }
      const token = tokens.get(path);
      if (!token || onChain.has(path)) break; // missing, or a cycle
      if (settled(path)) {
        result = token.resolved;
        break;
      }
      chain.push(path);
      onChain.add(path);
      if (token.alias === undefined) {
        result = token.css;
        break;
      }
      const target = tokens.get(token.alias);
      if (target && target.type !== token.type) break; // an alias across types never resolves
      path = token.alias;
    }
    for (const member of chain) memo.set(member, result);
    chain.length = 0;
    onChain.clear();
  }
  return memo;
}

/** Reverse alias index: for each path, the tokens whose `$value` aliases it directly. */
export function aliasDependents(tokens: ReadonlyMap<string, MergedToken>): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const token of tokens.values()) {
    if (token.alias === undefined) continue;
    const list = dependents.get(token.alias);
    if (list) list.push(token.path);
    else dependents.set(token.alias, [token.path]);
  }
  return dependents;
}

/**
 * Re-resolve, in place, only what a merge can have changed: the `changed` paths and every token whose base
 * alias chain leads to one (found through the base's reverse index `dependents`). Every other token's chain
 * is made of unchanged base tokens, so its `resolved` is still right. This keeps a compose proportional to
 * the layers, not to the base. Token objects are replaced, never mutated (they are shared with the base
 * and between the partner snapshot and the full merge).
 */
export function resolveChanged(tokens: Map<string, MergedToken>, changed: Iterable<string>, dependents: ReadonlyMap<string, readonly string[]>): void {
  const dirty = new Set<string>();
  const pending = [...changed];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (dirty.has(path)) continue;
    dirty.add(path);
    for (const dependent of dependents.get(path) ?? []) pending.push(dependent);
  }
  // A token the layers did not touch (not dirty) still has the right `resolved`.
  const memo = resolveChains(tokens, dirty, (path) => !dirty.has(path));
  for (const path of dirty) {
    const token = tokens.get(path);
    if (!token) continue;
    const resolved = memo.get(path);
    if (token.resolved !== resolved) tokens.set(path, withResolved(token, resolved));
  }
}

function withResolved(token: MergedToken, resolved: string | undefined): MergedToken {
  const copy: MergedToken = { ...token };
  if (resolved === undefined) delete copy.resolved;
  else copy.resolved = resolved;
  return copy;
}

/** How one token's alias chain ends. `chain` starts at the token and lists every path visited, in order. */
export type AliasTrace =
  | { kind: 'value'; chain: string[] }
  /** `at` aliases `target`, which does not exist. */
  | { kind: 'missing'; chain: string[]; at: string; target: string }
  /** The chain loops; `cycle` lists the loop's members, starting where the chain enters it. */
  | { kind: 'cycle'; chain: string[]; cycle: string[] }
  /** `at` aliases `target`, a token of another type. */
  | { kind: 'type'; chain: string[]; at: string; target: string }
  /** The path itself is not a token. */
  | { kind: 'absent'; chain: string[] };

export function traceAlias(tokens: ReadonlyMap<string, MergedToken>, start: string): AliasTrace {
  const chain: string[] = [];
  const position = new Map<string, number>();
  let path = start;
  for (;;) {
    const token = tokens.get(path);
    if (!token) return chain.length === 0 ? { kind: 'absent', chain } : { kind: 'missing', chain, at: chain[chain.length - 1]!, target: path };
    const seenAt = position.get(path);
    if (seenAt !== undefined) return { kind: 'cycle', chain, cycle: chain.slice(seenAt) };
    position.set(path, chain.length);
    chain.push(path);
    if (token.alias === undefined) return { kind: 'value', chain };
    const target = tokens.get(token.alias);
    if (target && target.type !== token.type) return { kind: 'type', chain, at: path, target: token.alias };
    path = token.alias;
  }
}
