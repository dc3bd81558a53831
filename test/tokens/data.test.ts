// Data-level invariants of tokens/: things a careless edit of the JSON would break.
// (Whether every theme and demo chain passes every governance rule is tested with the engine, in test/engine.)
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatHex, parse } from 'culori';
import { baseTree, catalog, demo, governance } from '../../src/tokens.ts';

const tokensDir = fileURLToPath(new URL('../../tokens/', import.meta.url));
const readJson = (relative: string): unknown => JSON.parse(readFileSync(tokensDir + relative, 'utf8'));
const jsonFilesIn = (dir: string) =>
  readdirSync(tokensDir + dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

const SUPPORTED_TYPES = [
  'color',
  'dimension',
  'fontFamily',
  'fontWeight',
  'number',
  'duration',
  'cubicBezier',
  'shadow',
  'typography',
  'border',
  'transition',
  'gradient',
  'strokeStyle',
];

interface FlatToken {
  type: string | undefined;
  value: unknown;
}

/** Dot path → token, with `$type` inherited from groups. */
function flatten(
  tree: unknown,
  prefix = '',
  inherited?: string,
  out = new Map<string, FlatToken>(),
): Map<string, FlatToken> {
  for (const [name, node] of Object.entries(tree as Record<string, Record<string, unknown>>)) {
    if (name.startsWith('$')) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const type = (node.$type as string | undefined) ?? inherited;
    if ('$value' in node) out.set(path, { type, value: node.$value });
    else flatten(node, path, type, out);
  }
  return out;
}

const aliasTarget = (value: unknown) =>
  typeof value === 'string' && /^\{[^{}]+\}$/.test(value) ? value.slice(1, -1) : undefined;

/** Follows aliases to a literal value; undefined when an alias is unresolved or cyclic. */
function resolve(tokens: Map<string, FlatToken>, path: string): unknown {
  const seen = new Set<string>();
  let token = tokens.get(path);
  while (token) {
    const target = aliasTarget(token.value);
    if (target === undefined) return token.value;
    if (seen.has(target)) return undefined;
    seen.add(target);
    token = tokens.get(target);
  }
  return undefined;
}

/** Same semantics as the engine's pattern language: `*` is one segment, a pattern covers its subtree. */
const matches = (pattern: string, path: string) => {
  const want = pattern.split('.');
  const have = path.split('.');
  return have.length >= want.length && want.every((segment, i) => segment === '*' || segment === have[i]);
};

const base = flatten(baseTree);
const paths = [...base.keys()];
const modePaths = (mode: string) =>
  paths.filter((p) => p.startsWith(`semantic.${mode}.`)).map((p) => p.slice(`semantic.${mode}.`.length));

describe('base tokens', () => {
  it('resolves the six protected status colours to exactly the platform values', () => {
    const expected = {
      'semantic.light.status.error': '#dc2626',
      'semantic.light.status.success': '#16a34a',
      'semantic.light.status.warning': '#a16207',
      'semantic.dark.status.error': '#ef4444',
      'semantic.dark.status.success': '#22c55e',
      'semantic.dark.status.warning': '#eab308',
    };
    const actual = Object.fromEntries(
      Object.keys(expected).map((path) => {
        const value = resolve(base, path);
        return [path, typeof value === 'string' ? formatHex(parse(value)) : value];
      }),
    );
    expect(actual).toEqual(expected);
  });

  it('holds between 250 and 350 tokens', () => {
    expect(base.size).toBeGreaterThanOrEqual(250);
    expect(base.size).toBeLessThanOrEqual(350);
  });

  it('has the same semantic paths, in the same order, in light and dark', () => {
    expect(modePaths('light').length).toBeGreaterThan(0);
    expect(modePaths('dark')).toEqual(modePaths('light'));
  });

  it('gives every token a supported $type', () => {
    const untyped = paths.filter((p) => !SUPPORTED_TYPES.includes(base.get(p)!.type ?? ''));
    expect(untyped).toEqual([]);
  });

  it('uses no "." inside token or group names', () => {
    const walk = (node: unknown, path: string[]): string[] =>
      Object.entries(node as Record<string, unknown>).flatMap(([name, child]) =>
        name.startsWith('$')
          ? []
          : [
              ...(name.includes('.') ? [[...path, name].join(' > ')] : []),
              ...(child && typeof child === 'object' && !('$value' in child) ? walk(child, [...path, name]) : []),
            ],
      );
    expect(walk(baseTree, [])).toEqual([]);
  });

  it('resolves every alias to a token of the same type', () => {
    const broken = paths.filter((p) => {
      const target = aliasTarget(base.get(p)!.value);
      return resolve(base, p) === undefined || (target !== undefined && base.get(target)?.type !== base.get(p)!.type);
    });
    expect(broken).toEqual([]);
  });

  it('keeps semantic colours as aliases into primitives, so themes re-point rather than copy values', () => {
    const literalColours = paths.filter(
      (p) =>
        p.startsWith('semantic.') &&
        base.get(p)!.type === 'color' &&
        aliasTarget(base.get(p)!.value) === undefined &&
        !p.endsWith('.background.overlay'),
    );
    expect(literalColours).toEqual([]);
  });

  it('refuses to be mutated, since every tenant shares it', () => {
    expect(() => {
      (baseTree.primitive as Record<string, unknown>).color = {};
    }).toThrow(TypeError);
    expect(() => {
      governance.protected.push('primitive');
    }).toThrow(TypeError);
  });
});

describe('governance data', () => {
  it('protects at least the status, focus ring and accessibility tokens the product promises', () => {
    expect(governance.protected).toEqual(
      expect.arrayContaining([
        'semantic.*.status.error',
        'semantic.*.status.success',
        'semantic.*.status.warning',
        'semantic.*.focus.ring',
        'semantic.*.accessibility',
      ]),
    );
  });

  it('has no protected pattern that matches nothing in the base (a typo would protect nothing)', () => {
    expect(governance.protected.filter((pattern) => !paths.some((p) => matches(pattern, p)))).toEqual([]);
  });

  it('names only existing semantic tokens in contrast pairs, for every mode the pair checks', () => {
    const missing = governance.pairs.flatMap((pair) =>
      pair.modes.flatMap((mode) =>
        [pair.fg, pair.bg].filter((p) => !base.has(`semantic.${mode}.${p}`)).map((p) => `${mode}: ${p}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('requires every token a contrast pair reads, so no pair can become unresolvable', () => {
    const unrequired = governance.pairs.flatMap((pair) =>
      pair.modes.flatMap((mode) =>
        [pair.fg, pair.bg]
          .map((p) => `semantic.${mode}.${p}`)
          .filter((path) => !governance.required.some((pattern) => matches(pattern, path))),
      ),
    );
    expect(unrequired).toEqual([]);
  });

  it('lists required paths that all exist in the base', () => {
    expect(governance.required.filter((pattern) => !paths.some((p) => matches(pattern, p)))).toEqual([]);
  });

  it('maps to system colors only roles the base has, and the roles forced-colors users need', () => {
    const forced = governance.forcedColors ?? {};
    const roles = paths.filter((p) => p.startsWith('semantic.light.')).map((p) => p.slice('semantic.light.'.length));
    expect(Object.keys(forced).filter((role) => !roles.some((r) => matches(role, r)))).toEqual([]);
    // What the background, text, link, button, focus, muted and disabled roles become under forced colors. Muted text
    // is still text the contrast pairs govern: CanvasText, not GrayText (disabled text, 3.9:1 on Chromium's Canvas).
    const forcedOf = (role: string) =>
      Object.hasOwn(forced, role) ? forced[role] : Object.entries(forced).find(([p]) => matches(p, role))?.[1];
    expect(
      Object.fromEntries(
        [
          'background.canvas',
          'text.primary',
          'text.link',
          'interactive.primary',
          'text.inverse',
          'focus.ring',
          'text.muted',
          'text.disabled',
        ].map((role) => [role, forcedOf(role)]),
      ),
    ).toEqual({
      'background.canvas': 'Canvas',
      'text.primary': 'CanvasText',
      'text.link': 'LinkText',
      'interactive.primary': 'ButtonFace',
      'text.inverse': 'ButtonText',
      'focus.ring': 'Highlight',
      'text.muted': 'CanvasText',
      'text.disabled': 'GrayText',
    });
  });
});

describe('theme catalog', () => {
  const listed = (readJson('themes/catalog.json') as { name: string }[]).map((t) => t.name);

  it('has a token file for every listed theme and lists every theme file', () => {
    const files = jsonFilesIn('themes')
      .filter((f) => f !== 'catalog.json')
      .map((f) => f.replace(/\.json$/, ''));
    expect(files).toEqual([...listed].sort());
    expect(listed.length).toBeGreaterThanOrEqual(3);
  });

  it('loads each catalog entry with the tokens of its own file', () => {
    expect(catalog.map((t) => t.name)).toEqual(listed);
    for (const theme of catalog) expect(theme.tokens, theme.name).toEqual(readJson(`themes/${theme.name}.json`));
  });

  it('only sets paths of the base or new primitives', () => {
    for (const theme of catalog) {
      const foreign = [...flatten(theme.tokens).keys()].filter((p) => !base.has(p) && !p.startsWith('primitive.'));
      expect(foreign, theme.name).toEqual([]);
    }
  });
});

describe('demo data', () => {
  const manifest = readJson('demo/demo.json') as {
    partners: {
      theme: string | null;
      overrides: string | null;
      policy: string | null;
      customers: { overrides: string | null }[];
    }[];
  };
  const referenced = manifest.partners
    .flatMap((p) => [p.overrides, p.policy, ...p.customers.map((c) => c.overrides)])
    .filter((f): f is string => f !== null);

  it('references only files that exist, and every file in tokens/demo is referenced', () => {
    expect(jsonFilesIn('demo').filter((f) => f !== 'demo.json')).toEqual([...new Set(referenced)].sort());
  });

  it('selects only catalog themes', () => {
    const names = catalog.map((t) => t.name);
    expect(manifest.partners.map((p) => p.theme).filter((t) => t !== null && !names.includes(t))).toEqual([]);
  });

  it('inlines each partner and customer layer from its file', () => {
    manifest.partners.forEach((partner, i) => {
      const loaded = demo.partners[i]!;
      expect(loaded.overrides).toEqual(partner.overrides === null ? null : readJson(`demo/${partner.overrides}`));
      expect(loaded.policy).toEqual(partner.policy === null ? null : readJson(`demo/${partner.policy}`));
      for (const [j, customer] of partner.customers.entries()) {
        expect(loaded.customers[j]!.overrides).toEqual(
          customer.overrides === null ? null : readJson(`demo/${customer.overrides}`),
        );
      }
    });
  });

  it('has customer layers that touch only paths their partner allows', () => {
    for (const partner of demo.partners) {
      for (const customer of partner.customers) {
        if (customer.overrides === null) continue;
        const allow = partner.policy?.allow ?? [];
        const refused = [...flatten(customer.overrides).keys()].filter(
          (p) => !allow.some((pattern) => matches(pattern, p)),
        );
        expect(refused, `${partner.slug}.${customer.slug}`).toEqual([]);
      }
    }
  });
});
