// What a theme emits, decided once and shared by every output: for each token, its block, its custom
// property names and the exact declaration values (a var() reference or a safe CSS value). The Style
// Dictionary base build feeds SD only the declarations accepted here and asks it to reference exactly the
// aliases chosen here, so the SD base and the SD-free overlay can never disagree on a declaration.
// No Style Dictionary import: this module runs in the Worker.
//
// This runs for every tenant build, so everything that depends on one token only is computed once
// per token object (a composed theme reuses the base's objects for every token its layers did not
// touch), and sorting uses precomputed keys.

import type { MergedTheme, MergedToken, Mode } from '../types.ts';
import { byKey, cssVariableName, naturalKey } from './naming.ts';
import { tailwindEntries, type TailwindEntry } from './tailwind.ts';
import { propertyValues } from './values.ts';

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
  /** The companion's suffix ('' for the token's own property, '-font-size' for a typography part). */
  suffix: string;
}

export type OmitReason = 'unresolved' | 'unsafe_value' | 'name_collision';

export interface Omission {
  path: string;
  reason: OmitReason;
  /** For a name collision: the property, and the token that emits it. */
  property?: string;
  collidesWith?: string;
}

export interface ThemeDeclarations {
  /** `:root`: non-semantic tokens and `semantic.light.*`, sorted by name. */
  root: Map<string, Declaration>;
  /** `[data-theme="dark"]` and the dark media block: `semantic.dark.*`, sorted by name. */
  dark: Map<string, Declaration>;
  /** Tailwind `@theme inline` entries, Tailwind name → value, sorted by name. */
  tailwind: Map<string, string>;
  /** Tokens left out of the CSS (and of the flat JSON), sorted by path. */
  omitted: Omission[];
  /** Accepted declarations by token path (a token may have several), for the Style Dictionary build. */
  byPath: Map<string, Declaration[]>;
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

interface Property {
  suffix: string;
  name: string;
  /** naturalKey(name) */
  key: string;
  value: string;
}

/** Everything about one token that does not depend on the rest of the theme. */
interface TokenFacts {
  token: MergedToken;
  mode: Mode | null;
  /** The token's own property name. */
  name: string;
  /** Its properties with inline values; undefined when unresolved or unsafe. */
  properties: Property[] | undefined;
  tailwind: TailwindEntry[];
  inline?: Declaration[];
  viaReference?: Declaration[];
}

const factsMemo = new WeakMap<MergedToken, TokenFacts>();

function factsOf(token: MergedToken): TokenFacts {
  let facts = factsMemo.get(token);
  if (!facts) {
    const { mode, name } = cssVariableName(token.path);
    const values = propertyValues(token.type, token.resolvedValue);
    facts = {
      token,
      mode,
      name,
      properties: values?.map(({ suffix, value }) => ({
        suffix,
        name: `${name}${suffix}`,
        key: naturalKey(`${name}${suffix}`),
        value,
      })),
      tailwind: values ? tailwindEntries(token, name, values) : [],
    };
    factsMemo.set(token, facts);
  }
  return facts;
}

/** The declarations of an accepted token: as var() of its alias target's properties, or inline. */
function declarationsOf(facts: TokenFacts, target: TokenFacts | undefined): Declaration[] {
  const { token, mode } = facts;
  const properties = facts.properties!;
  if (target) {
    return (facts.viaReference ??= properties.map((p) => ({
      path: token.path,
      name: p.name,
      mode,
      suffix: p.suffix,
      value: `var(${target.name}${p.suffix})`,
      resolved: p.value,
      reference: target.token.path,
    })));
  }
  return (facts.inline ??= properties.map((p) => ({
    path: token.path,
    name: p.name,
    mode,
    suffix: p.suffix,
    value: p.value,
    resolved: p.value,
  })));
}

function computeDeclarations(theme: MergedTheme): ThemeDeclarations {
  const omitted: Omission[] = [];
  const emittable: TokenFacts[] = [];
  for (const token of theme.tokens.values()) {
    const facts = factsOf(token);
    if (facts.properties !== undefined) emittable.push(facts);
    else omitted.push({ path: token.path, reason: token.resolved === undefined ? 'unresolved' : 'unsafe_value' });
  }
  const accepted = acceptNames(emittable, omitted);
  omitted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const root: Keyed[] = [];
  const dark: Keyed[] = [];
  const tailwind: TailwindEntries = new Map();
  const byPath = new Map<string, Declaration[]>();
  for (const facts of accepted.values()) {
    const target = facts.token.alias === undefined ? undefined : accepted.get(facts.token.alias);
    // var() only where the browser resolves it to the same value: a non-semantic target (global) or a
    // semantic target of the same mode, with the same properties. Anything else is inlined.
    const referenced =
      target !== undefined && (target.mode === null || target.mode === facts.mode) && sameSuffixes(facts, target);
    const declarations = declarationsOf(facts, referenced ? target : undefined);
    byPath.set(facts.token.path, declarations);
    for (const [i, declaration] of declarations.entries())
      (facts.mode === 'dark' ? dark : root).push({ key: facts.properties![i]!.key, declaration });
    for (const entry of facts.tailwind) claimTailwind(tailwind, entry, facts.token.path);
  }

  return { root: sortedByName(root), dark: sortedByName(dark), tailwind: sortedTailwind(tailwind), omitted, byPath };
}

function sameSuffixes(a: TokenFacts, b: TokenFacts): boolean {
  const x = a.properties!;
  const y = b.properties;
  return y !== undefined && x.length === y.length && x.every((p, i) => p.suffix === y[i]!.suffix);
}

type Scope = Mode | 'global';

/**
 * Every property name once per block; a global (`:root`) name may not be reused by either mode's block. A token
 * claims all its names or none. On a collision the base's token keeps its names, then the token with the smaller
 * path, whatever the theme's insertion order. Collisions are rare, so the common case makes one pass and only a
 * theme with a collision is sorted.
 */
function acceptNames(emittable: TokenFacts[], omitted: Omission[]): Map<string, TokenFacts> {
  const order = (facts: TokenFacts) => `${facts.token.source === 'base' ? 0 : 1}${facts.token.path}`;
  return (
    claimNames(emittable, null) ??
    claimNames(
      [...emittable].sort((a, b) => (order(a) < order(b) ? -1 : 1)),
      omitted,
    )!
  );
}

/** Claims names in list order; on a collision returns null when `omitted` is null, else omits the later token. */
function claimNames(list: TokenFacts[], omitted: Omission[] | null): Map<string, TokenFacts> | null {
  const owners: Record<Scope, Map<string, string>> = { global: new Map(), light: new Map(), dark: new Map() };
  const accepted = new Map<string, TokenFacts>();
  for (const facts of list) {
    const scope: Scope = facts.mode ?? 'global';
    const names = facts.properties!.map((p) => p.name);
    const taken = names
      .map((name) => ({
        name,
        owner:
          owners.global.get(name) ??
          (scope === 'global' ? (owners.light.get(name) ?? owners.dark.get(name)) : owners[scope].get(name)),
      }))
      .find(({ owner }) => owner !== undefined);
    if (taken) {
      if (!omitted) return null;
      omitted.push({
        path: facts.token.path,
        reason: 'name_collision',
        property: taken.name,
        collidesWith: taken.owner!,
      });
      continue;
    }
    for (const name of names) owners[scope].set(name, facts.token.path);
    accepted.set(facts.token.path, facts);
  }
  return accepted;
}

type TailwindEntries = Map<string, { key: string; path: string; value: string }>;

/** Light and dark semantic tokens share one Tailwind entry (same var); otherwise the smallest path wins. */
function claimTailwind(entries: TailwindEntries, entry: TailwindEntry, path: string): void {
  const current = entries.get(entry.name);
  if (current && current.path < path) return;
  entries.set(entry.name, { key: entry.key, path, value: entry.value });
}

function sortedTailwind(entries: TailwindEntries): Map<string, string> {
  return new Map(
    [...entries]
      .map(([name, entry]) => ({ name, ...entry }))
      .sort(byKey)
      .map((e) => [e.name, e.value]),
  );
}

interface Keyed {
  key: string;
  declaration: Declaration;
}

function sortedByName(declarations: Keyed[]): Map<string, Declaration> {
  declarations.sort(byKey);
  return new Map(declarations.map(({ declaration }) => [declaration.name, declaration]));
}
