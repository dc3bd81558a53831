// theme.json: the merged DTCG tree, and the flat form (property name → resolved value, per mode).
// SD-free (runs per tenant, in the Worker too).

import { dtcgValue } from './dtcg-values.ts';
import type { MergedTheme, MergedToken, Mode } from '../types.ts';
import { themeDeclarations } from './declarations.ts';
import { byKey, naturalCompare, naturalKey } from './naming.ts';

export type FlatTheme = Record<Mode, Record<string, string>>;

/**
 * The merged theme as a DTCG tree that Style Dictionary 5 and Terrazzo read as a source and resolve to the values
 * theme.css has: every token with its own `$type` (no group inheritance to reconstruct), its `$description`,
 * `$extensions` and `$deprecated`, keys in natural order. Whole-value aliases stay aliases (`{a.b}`); every other
 * value is written resolved, in DTCG 2025.10 form — colors as color objects (with an sRGB `hex`), dimensions as
 * `{value, unit}` — except durations, which are CSS strings (`"200ms"`): Style Dictionary 5.5 cannot read a
 * duration object (its transition transform prints `[object Object]`).
 */
export function toDtcgTree(theme: MergedTheme): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  const entries: DtcgEntry[] = [];
  for (const token of theme.tokens.values()) {
    const entry = dtcgEntry(token);
    if (entry) entries.push(entry);
  }
  entries.sort(byKey);
  for (const { segments, leaf } of entries) {
    let group = tree;
    for (const segment of segments.slice(0, -1)) {
      const next = own(group, segment);
      if (next === undefined) {
        const created: Record<string, unknown> = {};
        setOwn(group, segment, created);
        group = created;
      } else group = next as Record<string, unknown>;
    }
    setOwn(group, segments.at(-1)!, leaf);
  }
  return tree;
}

interface DtcgEntry {
  /** naturalKey of the path */
  key: string;
  segments: string[];
  /** The token's DTCG object; shared between the trees of every theme holding this token (read-only). */
  leaf: Record<string, unknown>;
}

// Per token object: a composed theme shares the base's token objects, so a tenant's tree only builds
// entries for the tokens its layers changed.
const dtcgMemo = new WeakMap<MergedToken, DtcgEntry | null>();

/** Null for a token that has no value to write (unresolved). */
function dtcgEntry(token: MergedToken): DtcgEntry | null {
  let entry = dtcgMemo.get(token);
  if (entry === undefined) {
    const leaf = dtcgToken(token);
    entry = leaf === null ? null : { key: naturalKey(token.path), segments: token.path.split('.'), leaf };
    dtcgMemo.set(token, entry);
  }
  return entry;
}

/**
 * `{"light": {"--name": "resolved value"}, "dark": {…}}`: each mode holds the non-semantic tokens and
 * that mode's semantic tokens, values fully resolved. Exactly the properties theme.css declares (an
 * omitted token — unresolved, unsafe — is absent from both), so the two never disagree.
 */
export function toFlat(theme: MergedTheme): FlatTheme {
  const { root, dark } = themeDeclarations(theme);
  // plain assignment in sorted order (3× faster than Object.fromEntries here); names start with `--`
  const light: Record<string, string> = {};
  const darkValues: Record<string, string> = {};
  for (const d of root.values()) light[d.name] = d.resolved;
  // merge the (sorted) non-semantic declarations with the (sorted) dark ones
  const globals = [...root.values()].filter((d) => d.mode === null);
  const darks = [...dark.values()];
  let g = 0;
  let k = 0;
  while (g < globals.length || k < darks.length) {
    const next =
      k >= darks.length || (g < globals.length && naturalCompare(globals[g]!.name, darks[k]!.name) < 0)
        ? globals[g++]!
        : darks[k++]!;
    darkValues[next.name] = next.resolved;
  }
  return { light, dark: darkValues };
}

function dtcgToken(token: MergedToken): Record<string, unknown> | null {
  const value =
    token.alias !== undefined
      ? `{${token.alias}}`
      : token.resolvedValue === undefined
        ? undefined
        : dtcgValue(token.type, token.resolvedValue);
  if (value === undefined) return null;
  const out: Record<string, unknown> = { $type: token.type, $value: value };
  if (token.description !== undefined) out.$description = token.description;
  if (token.extensions !== undefined) out.$extensions = token.extensions;
  if (token.deprecated !== undefined) out.$deprecated = token.deprecated;
  return out;
}

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

// A `__proto__` key must become data, never a prototype: define it (assignment would set the prototype).
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
