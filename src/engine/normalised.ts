// A layer as Livery stores it: the DTCG tree the merge read, in normalised form — names as parsed (a '.' in a name
// read as '-'), references spelled with those names, a Tokens Studio export converted, `$extends` applied, and
// numbers written as numbers where the file wrote numeric strings. What Livery accepts as its own forms (CSS color
// strings, "16px") stays as written. Storing this, not the request body, means what is served, listed and rolled back
// to never depends on a leniency.
import { COMPOSITE_PARTS, isComposite } from './composites.ts';
import type { LayerEntry } from './merge.ts';
import type { TokenType } from './types.ts';
import { isPlainRecord } from './values.ts';

type Tree = Record<string, unknown>;

/** The normalised DTCG tree of a parsed layer (its entries, in document order). */
export function normalisedTree(entries: readonly LayerEntry[]): Tree {
  const tree: Tree = {};
  for (const { token, type, notes } of entries) {
    const leaf: Tree = {};
    if (token.type !== undefined) leaf.$type = token.type;
    leaf.$value =
      type !== undefined && notes?.some((n) => n.code === 'numeric_string') ? numbersFixed(type, token.raw) : token.raw;
    if (token.description !== undefined) leaf.$description = token.description;
    if (token.extensions !== undefined) leaf.$extensions = token.extensions;
    if (token.deprecated !== undefined) leaf.$deprecated = token.deprecated;
    let group = tree;
    const segments = token.path.split('.');
    for (const segment of segments.slice(0, -1)) {
      const next = Object.hasOwn(group, segment) ? group[segment] : undefined;
      if (isPlainRecord(next)) group = next;
      else {
        const created: Tree = {};
        define(group, segment, created);
        group = created;
      }
    }
    define(group, segments.at(-1)!, leaf);
  }
  return tree;
}

const NUMERIC = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const number = (value: unknown) => (typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value);

/** `raw` with the numeric strings at number places (per `type`) written as numbers; references untouched. */
function numbersFixed(type: TokenType, raw: unknown): unknown {
  switch (type) {
    case 'number':
    case 'fontWeight':
      return number(raw);
    case 'dimension':
    case 'duration':
      return isPlainRecord(raw) && Object.hasOwn(raw, 'value') ? { ...raw, value: number(raw.value) } : raw;
    case 'cubicBezier':
      return Array.isArray(raw) ? raw.map(number) : raw;
    default:
      break;
  }
  if (!isComposite(type)) return raw;
  if (type === 'shadow' || type === 'gradient') {
    const parts = type === 'shadow' ? COMPOSITE_PARTS.shadow : COMPOSITE_PARTS.gradient;
    const fix = (item: unknown) => (isPlainRecord(item) ? partsFixed(item, parts) : item);
    return Array.isArray(raw) ? raw.map(fix) : fix(raw);
  }
  if (type === 'strokeStyle')
    return isPlainRecord(raw) && Array.isArray(raw.dashArray)
      ? { ...raw, dashArray: raw.dashArray.map((d) => numbersFixed('dimension', d)) }
      : raw;
  const parts = (COMPOSITE_PARTS as Record<string, Record<string, TokenType>>)[type];
  return isPlainRecord(raw) && parts ? partsFixed(raw, parts) : raw;
}

function partsFixed(object: Record<string, unknown>, parts: Record<string, TokenType>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object))
    define(out, key, parts[key] ? numbersFixed(parts[key]!, value) : value);
  return out;
}

function define(object: Tree, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
