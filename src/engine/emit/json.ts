// theme.json: the merged DTCG tree, and the flat form (property name → resolved value, per mode).
// SD-free (runs per tenant, in the Worker too).

import type { MergedTheme, MergedToken, Mode } from '../types.ts';
import { themeDeclarations } from './declarations.ts';
import { byKey, naturalCompare, naturalKey } from './naming.ts';

export type FlatTheme = Record<Mode, Record<string, string>>;

/**
 * The merged theme as a DTCG tree: every token with its own `$type` (no group inheritance to
 * reconstruct), `$value` exactly as written (aliases kept), and its `$description`, `$extensions`,
 * `$deprecated`. Keys in natural order. A path whose prefix is itself a token (only possible with
 * a `.` inside a name) keeps the rest of its path as one key under the deepest group.
 */
export function toDtcgTree(theme: MergedTheme): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  const entries: DtcgEntry[] = [];
  for (const token of theme.tokens.values()) entries.push(dtcgEntry(token));
  entries.sort(byKey);
  for (const { segments, leaf } of entries) {
    let group = tree;
    let i = 0;
    for (; i < segments.length - 1; i++) {
      const next = own(group, segments[i]!);
      if (isToken(next)) break;
      if (next === undefined) {
        const created: Record<string, unknown> = {};
        setOwn(group, segments[i]!, created);
        group = created;
      } else group = next as Record<string, unknown>;
    }
    setOwn(group, i === segments.length - 1 ? segments[i]! : segments.slice(i).join('.'), leaf);
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
const dtcgMemo = new WeakMap<MergedToken, DtcgEntry>();

function dtcgEntry(token: MergedToken): DtcgEntry {
  let entry = dtcgMemo.get(token);
  if (!entry) {
    entry = { key: naturalKey(token.path), segments: token.path.split('.'), leaf: dtcgToken(token) };
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
    const next = k >= darks.length || (g < globals.length && naturalCompare(globals[g]!.name, darks[k]!.name) < 0) ? globals[g++]! : darks[k++]!;
    darkValues[next.name] = next.resolved;
  }
  return { light, dark: darkValues };
}

function dtcgToken(token: MergedToken): Record<string, unknown> {
  const out: Record<string, unknown> = { $type: token.type, $value: token.raw };
  if (token.description !== undefined) out.$description = token.description;
  if (token.extensions !== undefined) out.$extensions = token.extensions;
  if (token.deprecated !== undefined) out.$deprecated = token.deprecated;
  return out;
}

function isToken(node: unknown): boolean {
  return typeof node === 'object' && node !== null && Object.hasOwn(node, '$value');
}

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

// A `__proto__` key must become data, never a prototype: define it (assignment would set the prototype).
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
