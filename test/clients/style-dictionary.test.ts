// Livery's theme.json in the client that consumes it: plain Style Dictionary 5 (DTCG detected from the file, the
// stock `css` transform group, the stock `css/variables` format) builds CSS from a tenant's theme.json, and every
// value it outputs must be the value the tenant's theme.css declares for the same token — compared by meaning
// (colors in sRGB with alpha, lengths in px, durations in ms…), the theme.css side with its var() references
// resolved as a browser would in that block.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { converter, parse } from 'culori';
import postcss from 'postcss';
import StyleDictionary from 'style-dictionary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cssVariable, liveryBuild, type Json, type Tree } from './support.ts';

// A partner's layer with what Style Dictionary has to carry through: a translucent color (a new primitive in CSS
// syntax, reached through an alias) and one as a DTCG color object with alpha, durations in s, ms and as an object.
const T1_LAYER: Tree = {
  primitive: {
    color: { scrim: { $type: 'color', $value: 'rgb(15 23 42 / 0.6)' } },
    duration: { normal: { $value: { value: 0.25, unit: 's' } }, slow: { $value: '350ms' } },
  },
  semantic: {
    light: {
      background: { overlay: { $value: '{primitive.color.scrim}' } },
      interactive: { primary: { $value: '#0f766e' } },
    },
    dark: {
      background: { overlay: { $value: { colorSpace: 'srgb', components: [0.01, 0.02, 0.09], alpha: 0.8 } } },
    },
  },
};
const BUILDS: { name: string; layer: Tree }[] = [
  { name: 'the base theme (an empty layer)', layer: {} },
  { name: 'a T1 layer with translucent colors and durations', layer: T1_LAYER },
];

// ---- theme.css, as the browser reads it -------------------------------------------------------------------

type Block = ':root' | '[data-theme="dark"]' | '@media (prefers-color-scheme: dark) :root:not([data-theme="light"])';
const DARK_BLOCKS: Block[] = [
  '[data-theme="dark"]',
  '@media (prefers-color-scheme: dark) :root:not([data-theme="light"])',
];

const normaliseSelector = (selector: string) => selector.replace(/\s+/g, '').replace(/["']/g, '');

/** The custom properties each block declares; a later block with the same selector (the overlay) wins. */
function readThemeCss(css: string): Record<Block, Map<string, string>> {
  const blocks: Record<Block, Map<string, string>> = {
    ':root': new Map(),
    '[data-theme="dark"]': new Map(),
    [DARK_BLOCKS[1]!]: new Map(),
  } as Record<Block, Map<string, string>>;
  const collect = (rule: postcss.Rule, into: Map<string, string>) =>
    rule.walkDecls((decl) => {
      if (decl.prop.startsWith('--')) into.set(decl.prop, decl.value.trim());
    });
  for (const node of postcss.parse(css).nodes) {
    if (node.type === 'rule' && normaliseSelector(node.selector) === ':root') collect(node, blocks[':root']);
    if (node.type === 'rule' && normaliseSelector(node.selector) === '[data-theme=dark]')
      collect(node, blocks['[data-theme="dark"]']);
    if (
      node.type === 'atrule' &&
      node.name === 'media' &&
      /^\(\s*prefers-color-scheme\s*:\s*dark\s*\)$/.test(node.params.trim())
    ) {
      node.each((inner) => {
        if (inner.type === 'rule' && normaliseSelector(inner.selector) === ':root:not([data-theme=light])')
          collect(inner, blocks[DARK_BLOCKS[1]!]);
      });
    }
  }
  return blocks;
}

/** What an element under `block` sees: the block's declarations over :root's. */
function scopeOf(blocks: Record<Block, Map<string, string>>, block: Block): Map<string, string> {
  return block === ':root' ? blocks[':root'] : new Map([...blocks[':root'], ...blocks[block]]);
}

/** Substitutes every var(--x[, fallback]) from the scope, recursively. */
function resolveVars(value: string, scope: Map<string, string>, seen: string[] = []): string {
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

// ---- comparison by kind -------------------------------------------------------------------------------------

type Kind =
  | 'color'
  | 'dimension'
  | 'duration'
  | 'fontFamily'
  | 'number'
  | 'cubicBezier'
  | 'shadow'
  | 'typography'
  | 'border'
  | 'transition'
  | 'strokeStyle'
  | 'other';
const KINDS: Kind[] = [
  'color',
  'dimension',
  'duration',
  'fontFamily',
  'number',
  'cubicBezier',
  'shadow',
  'typography',
  'border',
  'transition',
  'strokeStyle',
  'other',
];
const COMPOSITES = new Set(['cubicBezier', 'shadow', 'typography', 'border', 'transition', 'strokeStyle']);
const kindOf = (type: string | undefined): Kind =>
  type === 'color' ||
  type === 'dimension' ||
  type === 'duration' ||
  type === 'fontFamily' ||
  (type !== undefined && COMPOSITES.has(type))
    ? (type as Kind)
    : type === 'number' || type === 'fontWeight'
      ? 'number'
      : 'other';

const toRgb = converter('rgb');
const clamp = (x: number) => Math.min(1, Math.max(0, x));
function rgba(text: string): number[] | null {
  const color = parse(text);
  const rgb = color && toRgb(color);
  return rgb ? [clamp(rgb.r), clamp(rgb.g), clamp(rgb.b), rgb.alpha ?? 1] : null;
}
/** A length: px and rem in px (16px root), em kept apart (it depends on the element's font size). */
function px(text: string): number | null {
  const match = /^(-?\d*\.?\d+(?:e[-+]?\d+)?)(px|rem|em)?$/i.exec(text.trim());
  if (!match || (match[2] === undefined && Number(match[1]) !== 0)) return null;
  const unit = match[2]?.toLowerCase();
  // em lengths are compared as em: offset them far from any px value so a px/em mix never compares equal
  return unit === 'em' ? 1e9 + Number(match[1]) : Number(match[1]) * (unit === 'rem' ? 16 : 1);
}

/** Splits at commas outside parentheses and quotes. */
function topLevel(text: string, separator: ',' | ' '): string[] {
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

/** A box-shadow list as [inset, x, y, blur, spread, ...rgba] per layer. */
function shadows(text: string): number[][] | null {
  const layers = topLevel(text, ',').map((layer) => {
    const parts = topLevel(layer, ' ');
    const inset = parts[0] === 'inset' ? 1 : 0;
    const rest = inset ? parts.slice(1) : parts;
    const lengths = rest.slice(0, 4).map(px);
    const color = rgba(rest.slice(4).join(' '));
    return lengths.some((l) => l === null) || !color ? null : [inset, ...(lengths as number[]), ...color];
  });
  return layers.some((l) => l === null) ? null : (layers as number[][]);
}

/** The font shorthand \`[weight ]size[/line-height] family, …\` as [weight, size px, line height] and families. */
function font(text: string): { numbers: number[]; families: string[] } | null {
  const match = /^(?:(\d+)\s+)?(\S+?)(?:\/(\S+))?\s+(.+)$/.exec(text.trim());
  if (!match) return null;
  const size = px(match[2]!);
  return size === null
    ? null
    : { numbers: [Number(match[1] ?? 400), size, Number(match[3] ?? NaN)], families: families(match[4]!) };
}
function ms(text: string): number | null {
  const match = /^(-?\d*\.?\d+(?:e[-+]?\d+)?)(ms|s)$/i.exec(text);
  return match ? Number(match[1]) * (match[2]!.toLowerCase() === 's' ? 1000 : 1) : null;
}
const number = (text: string): number | null => (/^-?\d*\.?\d+(?:e[-+]?\d+)?$/i.test(text) ? Number(text) : null);
/** Font families split at top-level commas, quotes and extra whitespace dropped. */
function families(text: string): string[] {
  return (text.match(/("[^"]*"|'[^']*'|[^,])+/g) ?? []).map((f) =>
    f
      .trim()
      .replace(/^(["'])(.*)\1$/s, '$2')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** null when the two CSS values mean the same; otherwise why not. */
function difference(kind: Kind, ours: string, theirs: string): string | null {
  const pair = <T>(read: (s: string) => T | null, what: string): [T, T] | string => {
    const [a, b] = [read(ours), read(theirs)];
    if (b === null) return `Style Dictionary's value is not a ${what}`;
    if (a === null) return `theme.css's value is not a ${what}`;
    return [a, b];
  };
  switch (kind) {
    case 'color': {
      const values = pair(rgba, 'color');
      if (typeof values === 'string') return values;
      const [a, b] = values;
      const channels = ['r', 'g', 'b', 'alpha'].filter((_, i) => Math.abs(a[i]! - b[i]!) > 1 / 255 + 1e-9);
      return channels.length === 0
        ? null
        : `differs in ${channels.join(', ')} (rgba: theme.css ${a.map((x) => +x.toFixed(3))}, Style Dictionary ${b.map((x) => +x.toFixed(3))})`;
    }
    case 'dimension':
    case 'duration':
    case 'number': {
      const values = pair(
        kind === 'dimension' ? px : kind === 'duration' ? ms : number,
        kind === 'dimension' ? 'px/rem length' : kind,
      );
      if (typeof values === 'string') return values;
      return Math.abs(values[0] - values[1]) < 1e-6
        ? null
        : `${values[0]} vs ${values[1]} ${kind === 'dimension' ? 'px' : kind === 'duration' ? 'ms' : ''}`.trim();
    }
    case 'fontFamily':
      return JSON.stringify(families(ours)) === JSON.stringify(families(theirs)) ? null : 'different font families';
    case 'shadow': {
      const values = pair(shadows, 'box-shadow list');
      if (typeof values === 'string') return values;
      const [a, b] = values;
      const same =
        a.length === b.length &&
        a.every((layer, i) => layer.every((x, j) => Math.abs(x - b[i]![j]!) <= 1 / 255 + 1e-9));
      return same ? null : 'different shadows';
    }
    case 'typography': {
      const values = pair(font, 'font shorthand');
      if (typeof values === 'string') return values;
      const [a, b] = values;
      return JSON.stringify(a) === JSON.stringify(b) ? null : 'different font shorthand';
    }
    case 'border': {
      const read = (text: string) => {
        const [width, style, ...color] = topLevel(text, ' ');
        const w = px(width ?? '');
        const c = rgba(color.join(' '));
        return w === null || !c ? null : [w, style, ...c];
      };
      const values = pair(read, 'border shorthand');
      if (typeof values === 'string') return values;
      const [a, b] = values;
      return a.every((x, i) => (typeof x === 'number' ? Math.abs(x - (b[i] as number)) <= 1 / 255 + 1e-9 : x === b[i]))
        ? null
        : 'different border';
    }
    case 'transition': {
      const read = (text: string) => {
        const parts = topLevel(text, ' ');
        const [duration, delay] = [ms(parts[0] ?? ''), ms(parts.at(-1) ?? '')];
        return duration === null || delay === null
          ? null
          : [duration, parts.slice(1, -1).join(' ').replace(/\s+/g, ''), delay];
      };
      const values = pair(read, 'transition shorthand');
      if (typeof values === 'string') return values;
      return JSON.stringify(values[0]) === JSON.stringify(values[1]) ? null : 'different transition';
    }
    case 'cubicBezier':
    case 'strokeStyle':
      return ours.replace(/\s+/g, '') === theirs.replace(/\s+/g, '') ? null : `different ${kind}`;
    case 'other':
      return ours.trim() === theirs.trim() ? null : 'different text';
  }
}

// ---- the run ------------------------------------------------------------------------------------------------

interface Row {
  path: string;
  kind: Kind;
  /** What Style Dictionary's css/variables output says for the token. */
  theirs: string | undefined;
  block: Block;
  variable: string;
  /** theme.css's declaration, var() resolved in the block; or why it cannot be had. */
  ours: { raw: string; resolved: string } | { missing: string };
}

/** Paths of every token (a node with `$value`) in a DTCG tree. */
function tokenPaths(node: Json, path: string[] = []): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  if ('$value' in node) return [path.join('.')];
  return Object.entries(node).flatMap(([key, child]) => (key.startsWith('$') ? [] : tokenPaths(child, [...path, key])));
}

describe.each(BUILDS)('Style Dictionary 5 on the theme.json of $name', ({ layer }) => {
  let dir: string;
  let sd: StyleDictionary;
  let themeJsonPaths: string[];
  let sdPaths: string[];
  let sdNames: string[];
  let rows: Row[];
  let builtJson: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livery-sd-'));
    const built = await liveryBuild(dir, layer);
    builtJson = built.json;
    themeJsonPaths = tokenPaths(JSON.parse(await readFile(built.json, 'utf8')) as Json);
    const blocks = readThemeCss(await readFile(built.css, 'utf8'));

    // Plain Style Dictionary: no custom transforms, formats or preprocessors; DTCG detected from the file.
    sd = new StyleDictionary({
      source: [built.json],
      platforms: {
        css: {
          transformGroup: 'css',
          buildPath: `${join(dir, 'sd')}/`,
          files: [{ destination: 'variables.css', format: 'css/variables' }],
        },
      },
      log: { verbosity: 'silent' },
    });
    const { allTokens } = await sd.getPlatformTokens('css');
    const [file] = await sd.formatPlatform('css');
    const printed = new Map<string, string>();
    postcss.parse(String(file!.output)).walkDecls((decl) => {
      printed.set(decl.prop, decl.value.trim());
    });

    sdPaths = allTokens.map((t) => t.path.join('.'));
    sdNames = allTokens.map((t) => t.name);
    rows = allTokens.flatMap((token) => {
      const path = token.path.join('.');
      const { mode, name } = cssVariable(token.path);
      const kind = kindOf((token.$type ?? token.type) as string | undefined);
      const theirs = printed.get(`--${token.name}`);
      return (mode === 'dark' ? DARK_BLOCKS : [':root' as const]).map((block): Row => {
        const scope = scopeOf(blocks, block);
        const raw = scope.get(name);
        if (raw === undefined)
          return {
            path,
            kind,
            theirs,
            block,
            variable: name,
            ours: { missing: `theme.css declares no ${name} for ${block}` },
          };
        try {
          return { path, kind, theirs, block, variable: name, ours: { raw, resolved: resolveVars(raw, scope) } };
        } catch (error) {
          return {
            path,
            kind,
            theirs,
            block,
            variable: name,
            ours: { missing: `${name}: ${raw} cannot be resolved (${(error as Error).message})` },
          };
        }
      });
    });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('detects DTCG and reads every token of theme.json, each under its own CSS name', () => {
    expect(sd.usesDtcg).toBe(true);
    expect([...sdPaths].sort()).toEqual([...themeJsonPaths].sort());
    expect(themeJsonPaths.length).toBeGreaterThan(100);
    expect(new Set(sdNames).size).toBe(sdNames.length);
  });

  it('writes each gradient as a DTCG stop list with the colors and positions theme.css declares', async () => {
    const tree = JSON.parse(await readFile(builtJson, 'utf8')) as Json;
    const gradients = rows.filter((r) => r.path.startsWith('primitive.gradient.'));
    expect(gradients.length).toBeGreaterThan(0);
    for (const row of gradients) {
      const stops = row.path.split('.').reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, tree) as {
        $value: { color: { hex: string; alpha?: number }; position: number }[];
      };
      const declared = topLevel((row.ours as { resolved: string }).resolved, ',').map((stop) => {
        const parts = topLevel(stop, ' ');
        return { color: rgba(parts.slice(0, -1).join(' ')), position: Number(parts.at(-1)!.replace('%', '')) / 100 };
      });
      expect(
        stops.$value.map((s) => ({
          color: rgba(s.color.hex)!.map((x, i) => (i === 3 ? (s.color.alpha ?? 1) : x)),
          position: s.position,
        })),
      ).toEqual(declared);
    }
  });

  it('every token Style Dictionary outputs is declared in theme.css under the README name', () => {
    const missing = rows
      .filter((r) => 'missing' in r.ours)
      .map((r) => `${r.path}: ${(r.ours as { missing: string }).missing}`);
    expect(missing).toEqual([]);
    expect(
      rows.filter((r) => r.theirs === undefined).map((r) => r.path),
      'tokens Style Dictionary did not print',
    ).toEqual([]);
  });

  it.each(KINDS)('every %s token Style Dictionary outputs has the value theme.css declares', (kind) => {
    const ofKind = rows.filter((r) => r.kind === kind);
    if (kind === 'other') {
      // Style Dictionary 5.5 has no transform for gradients (it prints the stop objects): the only token type left
      // here. theme.json writes them as DTCG stop lists; the next test checks those against theme.css.
      expect(ofKind.map((r) => r.path).filter((path) => !path.startsWith('primitive.gradient.'))).toEqual([]);
      return;
    }
    expect(ofKind.length, `theme.json has ${kind} tokens`).toBeGreaterThan(0);
    const mismatches = ofKind.flatMap((r) => {
      if ('missing' in r.ours) return [`${r.path}: ${r.ours.missing}`];
      if (r.theirs === undefined) return [`${r.path}: Style Dictionary printed no value`];
      const why = difference(kind, r.ours.resolved, r.theirs);
      const ours = r.ours.raw === r.ours.resolved ? r.ours.raw : `${r.ours.raw} = ${r.ours.resolved}`;
      return why
        ? [
            `${r.path}: Style Dictionary outputs "${r.theirs}", theme.css ${r.block} ${r.variable} is "${ours}" — ${why}`,
          ]
        : [];
    });
    expect(mismatches).toEqual([]);
  });
});
