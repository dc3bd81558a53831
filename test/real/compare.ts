// What the tests on real published token files share: reading a stylesheet's custom properties (var() resolved as a
// browser would), comparing two CSS values by meaning (colors by CIEDE2000, lengths in px at a 16px root, font
// families without their quoting, shorthands part by part), and an oracle of our own that reads DTCG token files
// and resolver documents — independent of Livery's parser — to say what a token's CSS must mean.
// The comparator follows test/clients/style-dictionary.test.ts; colors here are compared by ΔE2000 (< 1, below what
// anyone can see), because the files under test write them in other notations (color(srgb …), hsl(…)) than we do.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { differenceCiede2000, parse } from 'culori';
import postcss from 'postcss';

// ---- stylesheets ----------------------------------------------------------------------------------------------

/**
 * The custom properties of a stylesheet's top-level `:root` rules (not those inside @media or other selectors):
 * with `first`, only the first such rule; otherwise all of them, a later declaration winning.
 */
export function rootProperties(css: string, options: { first?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  let seen = 0;
  for (const node of postcss.parse(css).nodes) {
    if (node.type !== 'rule' || node.selector.trim() !== ':root') continue;
    if (options.first && seen++ > 0) break;
    node.each((decl) => {
      if (decl.type === 'decl' && decl.prop.startsWith('--')) out.set(decl.prop, decl.value.trim());
    });
  }
  return out;
}

/** Substitutes every var(--x[, fallback]) from the scope, recursively. Throws on a cycle or an undeclared name. */
export function resolveVars(value: string, scope: ReadonlyMap<string, string>, seen: string[] = []): string {
  return value.replace(
    /var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)/g,
    (_whole, name: string, fallback: string | undefined) => {
      if (seen.includes(name)) throw new Error(`var() cycle: ${[...seen, name].join(' → ')}`);
      const declared = scope.get(name);
      if (declared === undefined) {
        if (fallback !== undefined) return resolveVars(fallback.trim(), scope, seen);
        throw new Error(`${name} is referenced but not declared`);
      }
      return resolveVars(declared, scope, [...seen, name]);
    },
  );
}

// ---- comparison by kind ---------------------------------------------------------------------------------------

export type Kind =
  | 'color'
  | 'dimension'
  | 'duration'
  | 'number'
  | 'lineHeight'
  | 'fontFamily'
  | 'cubicBezier'
  | 'shadow'
  | 'border'
  | 'transition'
  | 'typography'
  | 'strokeStyle'
  | 'other';

/** How to compare a declaration of a token of DTCG `type`; `suffix` names a typography part (`-font-size`…). */
export function kindOf(type: string, suffix = ''): Kind {
  switch (suffix) {
    case '-font-family':
      return 'fontFamily';
    case '-font-size':
    case '-letter-spacing':
      return 'dimension';
    case '-font-weight':
      return 'number';
    case '-line-height':
      return 'lineHeight';
    case '-dash-array':
    case '-line-cap':
      return 'other';
  }
  switch (type) {
    case 'color':
    case 'dimension':
    case 'duration':
    case 'fontFamily':
    case 'cubicBezier':
    case 'shadow':
    case 'border':
    case 'transition':
    case 'typography':
    case 'strokeStyle':
      return type;
    case 'number':
    case 'fontWeight':
      return 'number';
    default:
      return 'other';
  }
}

const ciede2000 = differenceCiede2000();
const ALPHA_TOLERANCE = 1 / 255 + 1e-9;

interface Rgba {
  color: NonNullable<ReturnType<typeof parse>>;
  alpha: number;
}

function color(text: string): Rgba | null {
  const parsed = parse(text.trim());
  return parsed ? { color: parsed, alpha: parsed.alpha ?? 1 } : null;
}

/** A length as [number, unit]: px and rem in px (16px root), a unitless 0 as 0px, other units kept. */
function length(text: string): [number, string] | null {
  const match = /^(-?\d*\.?\d+(?:e[-+]?\d+)?)([a-z%]*)$/i.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  if (unit === '') return value === 0 ? [0, 'px'] : null;
  if (unit === 'rem') return [value * 16, 'px'];
  return [value, unit];
}
function ms(text: string): number | null {
  const match = /^(-?\d*\.?\d+(?:e[-+]?\d+)?)(ms|s)$/i.exec(text.trim());
  return match ? Number(match[1]) * (match[2]!.toLowerCase() === 's' ? 1000 : 1) : null;
}
const number = (text: string): number | null =>
  /^-?\d*\.?\d+(?:e[-+]?\d+)?$/i.test(text.trim()) ? Number(text) : null;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** Splits at a separator outside parentheses and quotes. */
export function topLevel(text: string, separator: ',' | ' ' | '/'): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === separator && depth === 0) {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Font families split at top-level commas, quotes and extra whitespace dropped. */
export function families(text: string): string[] {
  return topLevel(text, ',').map((f) =>
    f
      .trim()
      .replace(/^(["'])(.*)\1$/s, '$2')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** The result of comparing one declaration: `why` is null when the values mean the same. */
export interface Difference {
  why: string | null;
  /** For colors (and the colors inside shorthands): the largest CIEDE2000 seen. */
  deltaE?: number;
}

function compareColors(a: string, b: string): Difference {
  const [x, y] = [color(a), color(b)];
  if (!x || !y) return { why: `not a color: ${!x ? a : b}` };
  const deltaE = ciede2000({ ...x.color, alpha: 1 }, { ...y.color, alpha: 1 });
  if (deltaE >= 1) return { why: `ΔE2000 ${deltaE.toFixed(3)} ≥ 1`, deltaE };
  if (Math.abs(x.alpha - y.alpha) > ALPHA_TOLERANCE) return { why: `alpha ${x.alpha} vs ${y.alpha}`, deltaE };
  return { why: null, deltaE };
}

function compareLengths(a: string, b: string): string | null {
  const [x, y] = [length(a), length(b)];
  if (!x || !y) return `not a length: ${!x ? a : b}`;
  return x[1] === y[1] && close(x[0], y[0]) ? null : `${x[0]}${x[1]} vs ${y[0]}${y[1]}`;
}

/** Several differences as one: the first reason, the largest ΔE. */
function all(parts: Difference[]): Difference {
  const why = parts.find((p) => p.why !== null)?.why ?? null;
  const deltas = parts.map((p) => p.deltaE).filter((d): d is number => d !== undefined);
  return deltas.length > 0 ? { why, deltaE: Math.max(...deltas) } : { why };
}
const plain = (why: string | null): Difference => ({ why });

/** `[weight ]size[/line-height] family, …` */
function font(text: string): { weight: string; size: string; lineHeight: string | null; families: string[] } | null {
  const match = /^(?:(\d+|normal|bold)\s+)?([^\s/]+)(?:\s*\/\s*(\S+))?\s+(.+)$/.exec(text.trim());
  if (!match) return null;
  const weight = match[1] === undefined || match[1] === 'normal' ? '400' : match[1] === 'bold' ? '700' : match[1];
  return { weight, size: match[2]!, lineHeight: match[3] ?? null, families: families(match[4]!) };
}

function lineHeights(a: string, b: string): string | null {
  const [x, y] = [number(a), number(b)];
  if (x !== null && y !== null) return close(x, y) ? null : `${x} vs ${y}`;
  return compareLengths(a, b);
}

/** `[inset ]x y blur spread color` layers. */
function shadowLayers(text: string): { inset: boolean; lengths: string[]; color: string }[] | null {
  const layers = topLevel(text, ',').map((layer) => {
    const parts = topLevel(layer, ' ');
    const inset = parts[0] === 'inset';
    const rest = inset ? parts.slice(1) : parts;
    const lengths = rest.filter((p) => length(p) !== null);
    const colors = rest.filter((p) => length(p) === null);
    return colors.length === 1 && lengths.length >= 2 && lengths.length <= 4
      ? { inset, lengths: [...lengths, '0px', '0px'].slice(0, 4), color: colors[0]! }
      : null;
  });
  return layers.every((l) => l !== null) ? (layers as { inset: boolean; lengths: string[]; color: string }[]) : null;
}

/** null-safe: why the two CSS values of `kind` differ (why: null when they mean the same). */
export function difference(kind: Kind, ours: string, theirs: string): Difference {
  switch (kind) {
    case 'color':
      return compareColors(ours, theirs);
    case 'dimension':
      return plain(compareLengths(ours, theirs));
    case 'duration': {
      const [x, y] = [ms(ours), ms(theirs)];
      return plain(
        x === null || y === null
          ? `not a duration: ${x === null ? ours : theirs}`
          : close(x, y)
            ? null
            : `${x}ms vs ${y}ms`,
      );
    }
    case 'number': {
      const [x, y] = [number(ours), number(theirs)];
      return plain(
        x === null || y === null ? `not a number: ${x === null ? ours : theirs}` : close(x, y) ? null : `${x} vs ${y}`,
      );
    }
    case 'lineHeight':
      return plain(lineHeights(ours, theirs));
    case 'fontFamily':
      return plain(
        JSON.stringify(families(ours)) === JSON.stringify(families(theirs))
          ? null
          : `families ${JSON.stringify(families(ours))} vs ${JSON.stringify(families(theirs))}`,
      );
    case 'cubicBezier': {
      const read = (t: string) => /^cubic-bezier\((.*)\)$/.exec(t.trim())?.[1]?.split(',').map(Number) ?? null;
      const [x, y] = [read(ours), read(theirs)];
      return plain(
        !x || !y
          ? `not a cubic-bezier(): ${!x ? ours : theirs}`
          : x.length === 4 && y.length === 4 && x.every((v, i) => close(v, y[i]!))
            ? null
            : `${x} vs ${y}`,
      );
    }
    case 'typography': {
      const [x, y] = [font(ours), font(theirs)];
      if (!x || !y) return plain(`not a font shorthand: ${!x ? ours : theirs}`);
      const lh =
        x.lineHeight === null || y.lineHeight === null
          ? x.lineHeight === y.lineHeight
            ? null
            : 'line height on one side only'
          : lineHeights(x.lineHeight, y.lineHeight);
      return plain(
        x.weight !== y.weight
          ? `weight ${x.weight} vs ${y.weight}`
          : (compareLengths(x.size, y.size) ??
              lh ??
              (JSON.stringify(x.families) === JSON.stringify(y.families) ? null : 'different families')),
      );
    }
    case 'shadow': {
      const [x, y] = [shadowLayers(ours), shadowLayers(theirs)];
      if (!x || !y) return plain(`not a box-shadow list: ${!x ? ours : theirs}`);
      if (x.length !== y.length) return plain(`${x.length} vs ${y.length} layers`);
      return all(
        x.flatMap((layer, i) => [
          plain(layer.inset === y[i]!.inset ? null : 'inset differs'),
          ...layer.lengths.map((l, j) => plain(compareLengths(l, y[i]!.lengths[j]!))),
          compareColors(layer.color, y[i]!.color),
        ]),
      );
    }
    case 'border': {
      const read = (t: string) => {
        const [width, style, ...rest] = topLevel(t, ' ');
        return width && style && rest.length > 0 ? { width, style, color: rest.join(' ') } : null;
      };
      const [x, y] = [read(ours), read(theirs)];
      if (!x || !y) return plain(`not a border shorthand: ${!x ? ours : theirs}`);
      return all([
        plain(compareLengths(x.width, y.width)),
        plain(x.style === y.style ? null : `${x.style} vs ${y.style}`),
        compareColors(x.color, y.color),
      ]);
    }
    case 'transition': {
      const read = (t: string) => {
        const parts = topLevel(t, ' ');
        const [duration, delay] = [ms(parts[0] ?? ''), ms(parts.at(-1) ?? '')];
        return duration === null || delay === null || parts.length !== 3
          ? null
          : { duration, timing: parts[1]!, delay };
      };
      const [x, y] = [read(ours), read(theirs)];
      if (!x || !y) return plain(`not a transition shorthand: ${!x ? ours : theirs}`);
      return all([
        plain(close(x.duration, y.duration) && close(x.delay, y.delay) ? null : 'durations differ'),
        difference('cubicBezier', x.timing, y.timing),
      ]);
    }
    case 'strokeStyle':
    case 'other':
      return plain(
        ours.replace(/\s+/g, ' ').trim() === theirs.replace(/\s+/g, ' ').trim() ? null : `"${ours}" vs "${theirs}"`,
      );
  }
}

// ---- an independent reading of DTCG files -------------------------------------------------------------------

export type Node = { [key: string]: unknown };
export const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/**
 * A DTCG resolver document read the way the Resolver Module describes it: each entry of `resolutionOrder` (a set,
 * or a modifier's chosen context — given, else its `default`, else its first), each source a file relative to the
 * resolver, deep-merged in that order with a later token replacing an earlier one.
 */
export function resolverTree(resolverFile: string, contexts: Record<string, string> = {}): Node {
  const document = readJson(resolverFile) as {
    resolutionOrder: { $ref: string }[];
    sets?: Record<string, { sources: { $ref: string }[] }>;
    modifiers?: Record<string, { contexts: Record<string, { $ref: string }[]>; default?: string }>;
  };
  const tree: Node = {};
  for (const { $ref } of document.resolutionOrder) {
    const [, kind, name] = /^#\/(sets|modifiers)\/(.+)$/.exec($ref) ?? [];
    let sources: { $ref: string }[];
    if (kind === 'sets') sources = document.sets![name!]!.sources;
    else if (kind === 'modifiers') {
      const modifier = document.modifiers![name!]!;
      sources = modifier.contexts[contexts[name!] ?? modifier.default ?? Object.keys(modifier.contexts)[0]!]!;
    } else throw new Error(`the oracle reads only #/sets and #/modifiers entries, not ${$ref}`);
    for (const source of sources) mergeInto(tree, readJson(join(dirname(resolverFile), source.$ref)) as Node);
  }
  return tree;
}

function mergeInto(into: Node, from: Node): void {
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    if (isNode(value) && !('$value' in value) && isNode(current) && !('$value' in current)) mergeInto(current, value);
    else into[key] = isNode(value) && !('$value' in value) ? structuredClone(value) : value;
  }
}

export interface SourceToken {
  /** Its own `$type`, or its group's. Undefined for a typeless token (an alias's is its target's). */
  type: string | undefined;
  value: unknown;
  /** The token object as written (for members beside `$value`). */
  node: Node;
}

/** Every token of a DTCG tree by path (`$root` kept as a segment), with the `$type` it has or inherits. */
export function sourceTokens(tree: Node): Map<string, SourceToken> {
  const tokens = new Map<string, SourceToken>();
  const walk = (node: Node, path: string[], inherited: string | undefined) => {
    const type = typeof node.$type === 'string' ? node.$type : inherited;
    if ('$value' in node) {
      tokens.set(path.join('.'), { type, value: node.$value, node });
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if ((key.startsWith('$') && key !== '$root') || !isNode(child)) continue;
      walk(child, [...path, key], type);
    }
  };
  walk(tree, [], undefined);
  return tokens;
}

const ALIAS = /^\{([^{}]+)\}$/;

/** A token's `$type`, following a typeless alias to its target. */
export function sourceType(
  tokens: ReadonlyMap<string, SourceToken>,
  path: string,
  seen: string[] = [],
): string | undefined {
  const token = tokens.get(path);
  if (!token || seen.includes(path)) return undefined;
  if (token.type !== undefined) return token.type;
  const alias = typeof token.value === 'string' ? ALIAS.exec(token.value) : null;
  return alias ? sourceType(tokens, alias[1]!, [...seen, path]) : undefined;
}

/** A token's value with every alias in it followed (the oracle's own resolution). */
export function resolvedValue(tokens: ReadonlyMap<string, SourceToken>, path: string): unknown {
  const token = tokens.get(path);
  if (!token) throw new Error(`the source has no token ${path}`);
  return resolved(tokens, token.value, [path]);
}

/** A value with every whole-value alias (`{a.b}`) replaced by its target's value, at any depth. */
function resolved(tokens: ReadonlyMap<string, SourceToken>, value: unknown, seen: string[] = []): unknown {
  if (typeof value === 'string') {
    const alias = ALIAS.exec(value);
    if (!alias) return value;
    const target = tokens.get(alias[1]!);
    if (!target) throw new Error(`the source has no token ${alias[1]}`);
    if (seen.includes(alias[1]!)) throw new Error(`alias cycle through ${alias[1]}`);
    return resolved(tokens, target.value, [...seen, alias[1]!]);
  }
  if (Array.isArray(value)) return value.map((item) => resolved(tokens, item, seen));
  if (isNode(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(tokens, v, seen)]));
  return value;
}

const WEIGHT_KEYWORDS: Record<string, number> = {
  thin: 100,
  hairline: 100,
  'extra-light': 200,
  'ultra-light': 200,
  light: 300,
  normal: 400,
  regular: 400,
  book: 400,
  medium: 500,
  'semi-bold': 600,
  'demi-bold': 600,
  bold: 700,
  'extra-bold': 800,
  'ultra-bold': 800,
  black: 900,
  heavy: 900,
  'extra-black': 950,
  'ultra-black': 950,
};
const GENERIC = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'math',
  'emoji',
  'fangsong',
]);

/** A DTCG color (a color object or a CSS string) as CSS text, written from its components. */
function colorCss(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!isNode(value) || !Array.isArray(value.components)) throw new Error(`not a color: ${JSON.stringify(value)}`);
  const c = (value.components as (number | string)[]).map(String);
  const alpha = value.alpha === undefined ? '' : ` / ${String(value.alpha)}`;
  switch (value.colorSpace) {
    case 'hsl':
    case 'hwb':
      return `${value.colorSpace}(${c[0]} ${c[1]}% ${c[2]}%${alpha})`;
    case 'lab':
    case 'lch':
    case 'oklab':
    case 'oklch':
      return `${value.colorSpace}(${c.join(' ')}${alpha})`;
    default:
      return `color(${String(value.colorSpace)} ${c.join(' ')}${alpha})`;
  }
}
const lengthCss = (value: unknown): string =>
  isNode(value) ? `${String(value.value)}${String(value.unit)}` : String(value);
/** A family list: a string is CSS text already; an array entry is one family, or (as some exports write) a CSS list. */
const familyCss = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : (value as unknown[])
        .map(String)
        .map((f) => (f.includes(',') || GENERIC.has(f) ? f : `"${f}"`))
        .join(', ');
const weightCss = (value: unknown): string =>
  typeof value === 'string' && value in WEIGHT_KEYWORDS ? String(WEIGHT_KEYWORDS[value]) : String(value);
const bezierCss = (value: unknown): string =>
  Array.isArray(value) ? `cubic-bezier(${value.join(', ')})` : String(value);

/** What a token's CSS declarations must mean, by property suffix, written by this oracle from the source. */
export function expectedCss(
  tokens: ReadonlyMap<string, SourceToken>,
  path: string,
): { type: string; properties: Map<string, string> } {
  const type = sourceType(tokens, path);
  if (type === undefined) throw new Error(`${path} has no $type in the source`);
  const value = resolvedValue(tokens, path);
  const v = value as Node;
  const properties = new Map<string, string>();
  switch (type) {
    case 'color':
      properties.set('', colorCss(value));
      break;
    case 'dimension':
    case 'duration':
      properties.set('', lengthCss(value));
      break;
    case 'number':
      properties.set('', String(value));
      break;
    case 'fontWeight':
      properties.set('', weightCss(value));
      break;
    case 'fontFamily':
      properties.set('', familyCss(value));
      break;
    case 'cubicBezier':
      properties.set('', bezierCss(value));
      break;
    case 'typography': {
      const lineHeight =
        v.lineHeight === undefined ? null : isNode(v.lineHeight) ? lengthCss(v.lineHeight) : String(v.lineHeight);
      const weight = v.fontWeight === undefined ? null : weightCss(v.fontWeight);
      properties.set(
        '',
        `${weight ?? ''} ${lengthCss(v.fontSize)}${lineHeight === null ? '' : `/${lineHeight}`} ${familyCss(v.fontFamily)}`.trim(),
      );
      properties.set('-font-family', familyCss(v.fontFamily));
      properties.set('-font-size', lengthCss(v.fontSize));
      if (weight !== null) properties.set('-font-weight', weight);
      if (lineHeight !== null) properties.set('-line-height', lineHeight);
      if (v.letterSpacing !== undefined) properties.set('-letter-spacing', lengthCss(v.letterSpacing));
      break;
    }
    case 'shadow': {
      const layers = (Array.isArray(value) ? value : [value]).flat() as Node[];
      properties.set(
        '',
        layers
          .map(
            (l) =>
              `${l.inset === true ? 'inset ' : ''}${[l.offsetX, l.offsetY, l.blur, l.spread].map(lengthCss).join(' ')} ${colorCss(l.color)}`,
          )
          .join(', '),
      );
      break;
    }
    case 'border':
      properties.set(
        '',
        `${lengthCss(v.width)} ${typeof v.style === 'string' ? v.style : 'dashed'} ${colorCss(v.color)}`,
      );
      break;
    case 'transition':
      properties.set(
        '',
        `${lengthCss(v.duration)} ${bezierCss(v.timingFunction)} ${v.delay === undefined ? '0ms' : lengthCss(v.delay)}`,
      );
      break;
    default:
      throw new Error(`the oracle does not render ${type} (${path})`);
  }
  return { type, properties };
}

// ---- a whole comparison --------------------------------------------------------------------------------------

export interface Row {
  /** What is compared, for messages (a property name or a token path). */
  name: string;
  kind: Kind;
  ours: string;
  theirs: string;
}

export interface Comparison {
  compared: number;
  matched: number;
  /** One line per row that differs: name, both values, why. */
  mismatches: string[];
  /** The largest CIEDE2000 among the colors compared (0 when none were). */
  maxDeltaE: number;
  /** How many rows held colors. */
  colors: number;
}

export function compareRows(rows: readonly Row[]): Comparison {
  const result: Comparison = { compared: 0, matched: 0, mismatches: [], maxDeltaE: 0, colors: 0 };
  for (const row of rows) {
    result.compared++;
    const diff = difference(row.kind, row.ours, row.theirs);
    if (diff.deltaE !== undefined) {
      result.colors++;
      result.maxDeltaE = Math.max(result.maxDeltaE, diff.deltaE);
    }
    if (diff.why === null) result.matched++;
    else result.mismatches.push(`${row.name} (${row.kind}): ours "${row.ours}", theirs "${row.theirs}" — ${diff.why}`);
  }
  return result;
}
