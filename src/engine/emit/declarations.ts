// What a theme emits, decided once and shared by every output: for each token, its block, its custom
// property name and the exact declaration value (a var() reference or a safe CSS value). The Style
// Dictionary base build feeds SD only the tokens accepted here and asks it to reference exactly the
// aliases chosen here, so the SD base and the SD-free overlay can never disagree on a declaration.
// No Style Dictionary import: this module runs in the Worker.
//
// This runs for every tenant build, so everything that depends on one token only is computed once
// per token object (a composed theme reuses the base's objects for every token its layers did not
// touch), and sorting uses precomputed keys.

import type { MergedTheme, MergedToken, Mode } from '../types.ts';
import { byKey, cssVariableName, naturalKey } from './naming.ts';
import { tailwindName } from './tailwind.ts';
import { cssValue } from './values.ts';

export interface Declaration {
  path: string;
  /** Custom property name, `--background-canvas`. */
  name: string;
  /** `null` for non-semantic tokens (always in `:root`). */
  mode: Mode | null;
  /** The declaration value as emitted. */
  value: string;
  /** The fully resolved value (what `value` computes to in the browser); the flat JSON's value. */
  resolved: string;
  /** The aliased path when `value` is `var(--…)` of it. */
  reference?: string;
}

export type OmitReason = 'unresolved' | 'unsafe_value' | 'name_collision';

export interface Omission {
  path: string;
  reason: OmitReason;
}

export interface ThemeDeclarations {
  /** `:root`: non-semantic tokens and `semantic.light.*`, sorted by name. */
  root: Map<string, Declaration>;
  /** `[data-theme="dark"]` and the dark media block: `semantic.dark.*`, sorted by name. */
  dark: Map<string, Declaration>;
  /** Tailwind `@theme inline` entries, Tailwind name → `var(--css-name)`, sorted by name. */
  tailwind: Map<string, string>;
  /** Tokens left out of the CSS (and of the flat JSON), sorted by path. */
  omitted: Omission[];
  /** Accepted tokens by path (the set Style Dictionary is given). */
  byPath: Map<string, Declaration>;
}

// Themes are immutable once composed; the base is shared by every tenant, so its declarations are
// computed once per process. Weak maps: nothing outlives the themes and tokens it describes.
const memo = new WeakMap<MergedTheme, ThemeDeclarations>();

export function themeDeclarations(theme: MergedTheme): ThemeDeclarations {
  let result = memo.get(theme);
  if (!result) {
    result = computeDeclarations(theme);
    memo.set(theme, result);
  }
  return result;
}

/** Everything about one token that does not depend on the rest of the theme. */
interface TokenFacts {
  token: MergedToken;
  name: string;
  mode: Mode | null;
  /** naturalKey(name) */
  key: string;
  /** cssValue of the resolved value; undefined when unresolved or unsafe. */
  resolvedValue: string | undefined;
  tailwind: { name: string; key: string } | undefined;
  inline?: Declaration;
  viaReference?: Declaration;
}

const factsMemo = new WeakMap<MergedToken, TokenFacts>();

function factsOf(token: MergedToken): TokenFacts {
  let facts = factsMemo.get(token);
  if (!facts) {
    const { mode, name } = cssVariableName(token.path);
    const tailwind = tailwindName(token);
    facts = {
      token,
      name,
      mode,
      key: naturalKey(name),
      resolvedValue: cssValue(token.type, token.resolved),
      tailwind: tailwind === undefined ? undefined : { name: tailwind, key: naturalKey(tailwind) },
    };
    factsMemo.set(token, facts);
  }
  return facts;
}

/** The declaration of an accepted token: as var() of its alias target, or inline. */
function declarationOf(facts: TokenFacts, target: TokenFacts | undefined): Declaration {
  const { token, name, mode } = facts;
  const resolved = facts.resolvedValue!;
  if (target) {
    return (facts.viaReference ??= { path: token.path, name, mode, value: `var(${target.name})`, resolved, reference: target.token.path });
  }
  return (facts.inline ??= { path: token.path, name, mode, value: resolved, resolved });
}

function computeDeclarations(theme: MergedTheme): ThemeDeclarations {
  const omitted: Omission[] = [];
  const emittable: TokenFacts[] = [];
  for (const token of theme.tokens.values()) {
    const facts = factsOf(token);
    if (facts.resolvedValue !== undefined) emittable.push(facts);
    else omitted.push({ path: token.path, reason: token.resolved === undefined ? 'unresolved' : 'unsafe_value' });
  }
  const accepted = acceptNames(emittable, omitted);
  omitted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const root: Keyed[] = [];
  const dark: Keyed[] = [];
  const tailwind: TailwindEntries = new Map();
  for (const facts of accepted.values()) {
    const target = facts.token.alias === undefined ? undefined : accepted.get(facts.token.alias);
    // var() only where the browser resolves it to the same value: a non-semantic target (global) or a
    // semantic target of the same mode. Anything else (light ← dark, primitive ← semantic) is inlined.
    const referenced = target !== undefined && (target.mode === null || target.mode === facts.mode);
    const declaration = declarationOf(facts, referenced ? target : undefined);
    (facts.mode === 'dark' ? dark : root).push({ key: facts.key, declaration });
    if (facts.tailwind) claimTailwind(tailwind, facts.tailwind, facts.token.path, facts.name);
  }

  const rootByName = sortedByName(root);
  const darkByName = sortedByName(dark);
  let byPath: Map<string, Declaration> | undefined;
  return {
    root: rootByName,
    dark: darkByName,
    tailwind: sortedTailwind(tailwind),
    omitted,
    // only the Style Dictionary build needs it: built on first use
    get byPath() {
      return (byPath ??= new Map([...rootByName.values(), ...darkByName.values()].map((d) => [d.path, d])));
    },
  };
}

type Scope = Mode | 'global';

/**
 * One property per name and block; a global (`:root`) name may not be reused by either mode's block.
 * On a collision the token with the smaller path keeps the name (the others are omitted), whatever the
 * theme's insertion order. Collisions are rare (a `.` inside a name, `a-b` next to `a.b`), so the
 * common case makes one pass and only a theme with a collision is sorted.
 */
function acceptNames(emittable: TokenFacts[], omitted: Omission[]): Map<string, TokenFacts> {
  return claimNames(emittable, null) ?? claimNames([...emittable].sort((a, b) => (a.token.path < b.token.path ? -1 : 1)), omitted)!;
}

/** Claims names in list order; on a collision returns null when `omitted` is null, else omits the later token. */
function claimNames(list: TokenFacts[], omitted: Omission[] | null): Map<string, TokenFacts> | null {
  const owners: Record<Scope, Set<string>> = { global: new Set(), light: new Set(), dark: new Set() };
  const accepted = new Map<string, TokenFacts>();
  for (const facts of list) {
    const scope: Scope = facts.mode ?? 'global';
    const { name } = facts;
    const taken = owners.global.has(name) || (scope === 'global' ? owners.light.has(name) || owners.dark.has(name) : owners[scope].has(name));
    if (taken) {
      if (!omitted) return null;
      omitted.push({ path: facts.token.path, reason: 'name_collision' });
      continue;
    }
    owners[scope].add(name);
    accepted.set(facts.token.path, facts);
  }
  return accepted;
}

type TailwindEntries = Map<string, { key: string; path: string; value: string }>;

/** Light and dark semantic tokens share one Tailwind entry (same var); otherwise the smallest path wins. */
function claimTailwind(entries: TailwindEntries, tailwind: { name: string; key: string }, path: string, cssName: string): void {
  const current = entries.get(tailwind.name);
  if (current && current.path < path) return;
  entries.set(tailwind.name, { key: tailwind.key, path, value: `var(${cssName})` });
}

function sortedTailwind(entries: TailwindEntries): Map<string, string> {
  return new Map([...entries].map(([name, entry]) => ({ name, ...entry })).sort(byKey).map((e) => [e.name, e.value]));
}

interface Keyed {
  key: string;
  declaration: Declaration;
}

function sortedByName(declarations: Keyed[]): Map<string, Declaration> {
  declarations.sort(byKey);
  return new Map(declarations.map(({ declaration }) => [declaration.name, declaration]));
}
