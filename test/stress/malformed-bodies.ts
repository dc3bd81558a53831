// Generated bad override bodies and a check that a served stylesheet carries nothing but what the engine produced.
// Shared by test/http/bad-input.test.ts (a few hundred bodies in `npm test`) and test/stress (10 000).
import fc from 'fast-check';
import postcss from 'postcss';
import { expect } from 'vitest';
import type { HttpResponse } from '../support/http.ts';

/** A body as sent on the wire, and which kind of malformation it carries (for failure messages). */
export interface BadBody {
  kind: string;
  body: string;
}

type Tree = Record<string, unknown>;

/** Paths of the base set, by type, that each test tenant may change (the T2 policy allows these for globex's customers). */
export interface WritablePaths {
  color: string[];
  dimension: string[];
  fontFamily: string[];
}

export const RULES = [
  'schema',
  'unknown_path',
  'type_mismatch',
  'alias_unresolved',
  'alias_cycle',
  'protected',
  'not_allowed',
  'out_of_range',
  'contrast',
  'name_collision',
];

/** `a.b.c` + token → { a: { b: { c: token } } } */
export function nest(path: string, token: unknown): Tree {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), token) as Tree;
}

const isGroup = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !('$value' in value);

/** Deep merge where `b` wins wherever the two are not both groups (so a valid change never masks a bad one). */
function merge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] = isGroup(existing) && isGroup(value) ? merge(existing, value) : value;
  }
  return out;
}

// Names that no base path or named color can be: a generated name always starts with `zz`.
const name = fc.stringMatching(/^zz[a-z0-9]{1,8}$/);

const CSS_INJECTIONS = [
  ';}</style><script>alert(1)</script>',
  'url(javascript:alert(1))',
  'url("https://evil.example/x.png")',
  '@import "https://evil.example/x.css"',
  '}body{background:red',
  'expression(alert(1))',
  '/* comment */',
  '\\3b',
  '<!--',
  'red !important',
  '";--x:1;"',
  "'}",
  '#fff;--injected:1',
  'var(--x) ; color: red',
  '\n}\n:root{--x:1',
  'image-set("x.png" 1x)',
];
// Bidirectional controls, zero-width and other invisible characters, C0/C1 controls, line separators.
const HIDDEN = [
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2067',
  '\u2069',
  '\u061c',
  '\u200b',
  '\u200d',
  '\u200f',
  '\u2060',
  '\u2063',
  '\ufeff',
  '\u00ad',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u0085',
  '\u2028',
];
const BAD_COLORS = [
  '#ggg',
  '#12345',
  '#1234567',
  '#',
  'rgb(1,2)',
  'rgb(300 0 0 0 0)',
  'hsl(x y z)',
  'oklch(2 3)',
  'notacolor',
  '',
  ' ',
  'red blue',
  'var(--x)',
  'rgb(',
  'color(nowhere 1 2 3)',
  '0x123456',
  '#fff #000',
  'rgb(0 0 0 / 50% / 1)',
];

/** One clearly malformed fragment for a tenant that may write `paths`. */
function malformedFragment(paths: WritablePaths): fc.Arbitrary<{ kind: string; tree?: Tree; raw?: string }> {
  const anyPath = fc.constantFrom(...paths.color, ...paths.dimension, ...paths.fontFamily);
  const colorPath = fc.constantFrom(...paths.color);
  const tree = (kind: string, arbitrary: fc.Arbitrary<Tree>) => arbitrary.map((t) => ({ kind, tree: t }));

  return fc.oneof(
    tree(
      'wrong type',
      fc.oneof(
        fc
          .tuple(
            colorPath,
            fc.oneof(
              fc.integer(),
              fc.boolean(),
              fc.constant(null),
              fc.array(fc.integer(), { maxLength: 3 }),
              fc.constant({ a: 1 }),
              fc.double(),
            ),
          )
          .map(([p, v]) => nest(p, { $value: v })),
        fc
          .tuple(
            fc.constantFrom(...paths.dimension),
            fc.constantFrom(
              '#fff',
              true,
              null,
              [],
              { value: 'x', unit: 'px' },
              { value: 1, unit: 'parsec' },
              'twelve',
              '12 px px',
            ),
          )
          .map(([p, v]) => nest(p, { $value: v })),
        fc
          .tuple(fc.constantFrom(...paths.fontFamily), fc.constantFrom(12, true, null, {}, [1, 2], [[]], [{ a: 1 }]))
          .map(([p, v]) => nest(p, { $value: v })),
        fc
          .tuple(anyPath, fc.constantFrom('not-a-type', 'shadow', 12, null))
          .map(([p, t]) => nest(p, { $value: '#fff', $type: t })),
        fc.tuple(anyPath, fc.constantFrom('x', 1, [], null)).map(([p, token]) => nest(p, token)),
      ),
    ),
    tree(
      'bad color',
      fc.tuple(colorPath, fc.oneof(fc.constantFrom(...BAD_COLORS), name)).map(([p, v]) => nest(p, { $value: v })),
    ),
    tree(
      'type mismatch',
      fc
        .tuple(
          colorPath,
          fc.constantFrom({ $type: 'dimension', $value: '4px' }, { $type: 'fontFamily', $value: 'Inter' }),
        )
        .map(([p, token]) => nest(p, token)),
    ),
    tree(
      'alias cycle',
      fc.oneof(
        colorPath.map((p) => nest(p, { $value: `{${p}}` })),
        fc
          .tuple(colorPath, colorPath)
          .filter(([a, b]) => a !== b)
          .map(([a, b]) => merge(nest(a, { $value: `{${b}}` }), nest(b, { $value: `{${a}}` }))),
        fc.tuple(name, name, name).map(([a, b, c]) =>
          nest('primitive.color', {
            [a]: { $type: 'color', $value: `{primitive.color.${b}}` },
            [b]: { $type: 'color', $value: `{primitive.color.${c}}` },
            [c]: { $type: 'color', $value: `{primitive.color.${a}}` },
          }),
        ),
      ),
    ),
    tree(
      'unresolved alias',
      fc.tuple(colorPath, name).map(([p, missing]) => nest(p, { $value: `{primitive.color.${missing}.500}` })),
    ),
    tree(
      'huge string',
      fc.tuple(anyPath, fc.integer({ min: 1025, max: 200_000 })).map(([p, n]) => nest(p, { $value: 'a'.repeat(n) })),
    ),
    tree(
      'css injection',
      fc
        .tuple(anyPath, fc.constantFrom(...CSS_INJECTIONS), fc.constantFrom('', '#fff', 'Inter', '4px'), fc.boolean())
        .map(([p, attack, around, before]) =>
          nest(p, { $value: before ? `${attack}${around}` : `${around}${attack}` }),
        ),
    ),
    // Names are escaped where they reach CSS; those with braces, markup, quotes or backslashes are refused outright.
    tree(
      'css injection in a name',
      fc
        .constantFrom(...CSS_INJECTIONS.filter((n) => /[{}<>"\\\n]/.test(n)), '{x}', 'a"b')
        .map((key) => nest('primitive.color', { [key]: { $type: 'color', $value: '#123456' } })),
    ),
    tree(
      'unicode trick',
      fc.oneof(
        fc
          .tuple(anyPath, fc.constantFrom(...HIDDEN), fc.constantFrom('#fff', 'Inter', '4px'), fc.nat())
          .map(([p, hidden, value, at]) => {
            const i = at % (value.length + 1);
            return nest(p, { $value: value.slice(0, i) + hidden + value.slice(i) });
          }),
        fc
          .tuple(fc.constantFrom(...HIDDEN), name)
          .map(([hidden, key]) =>
            nest('primitive.color', { [`${key}${hidden}`]: { $type: 'color', $value: '#123456' } }),
          ),
        // a homoglyph of a real path is an unknown path (Cyrillic е in "text")
        fc.constant(nest('semantic.light.t\u0435xt.primary', { $value: '#111111' })),
      ),
    ),
    tree(
      'unknown path',
      fc
        .tuple(fc.constantFrom('semantic.light', 'semantic.dark', 'semantic', 'semantic.light.text'), name)
        .map(([prefix, key]) => nest(`${prefix}.${key}`, { $value: '#123456' })),
    ),
    tree(
      'protected',
      fc
        .constantFrom(
          'semantic.light.status.error',
          'semantic.dark.focus.ring',
          'semantic.light.accessibility.focus-ring-width',
        )
        .map((p) => nest(p, { $value: p.includes('width') ? '3px' : '#ff0000' })),
    ),
    fc
      .constantFrom<unknown>([], [{}], 'tokens', 12, null, true, false, [
        nest('primitive.radius.md', { $value: '4px' }),
      ])
      .map((root) => ({ kind: 'not an object', raw: JSON.stringify(root) })),
    fc
      .tuple(fc.integer({ min: 64, max: 10_000 }), fc.constantFrom('primitive', 'zz', 'semantic'))
      .map(([depth, top]) => {
        // nested groups with a broken token at the bottom, written as text (JSON.stringify would recurse)
        const leaf = '{"$type":"color","$value":"#zzzzzz"}';
        return { kind: `${depth}-deep nesting`, raw: `{"${top}":${'{"g":'.repeat(depth)}${leaf}${'}'.repeat(depth)}}` };
      }),
    fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.nat({ max: 3 }), colorPath)
      .map(([key, where, p]) => {
        const token = '{"$value":"#123456"}';
        const raw = [
          `{"${key}":${token}}`,
          `{"primitive":{"color":{"${key}":{"polluted":${token}}}}}`,
          `{"${key}":{"polluted":true},"primitive":{"radius":{"md":{"$value":"4px"}}}}`,
          JSON.stringify(nest(p, { $value: '#123456', $extensions: { x: 1 } })).replace(
            '"x":1',
            `"${key}":{"polluted":true}`,
          ),
        ][where]!;
        return { kind: `prototype key ${key}`, raw };
      }),
  );
}

/** What the T1 (acme) and the T2 (store, bound by globex's policy) may write, and a change each could make. */
export const TARGETS: Record<'acme' | 'store', { paths: WritablePaths; valid: Record<string, unknown> }> = {
  acme: {
    paths: {
      color: [
        'primitive.color.brand.500',
        'semantic.light.text.link',
        'semantic.dark.interactive.primary',
        'semantic.light.interactive.primary',
      ],
      dimension: ['primitive.radius.md', 'primitive.spacing.4'],
      fontFamily: ['primitive.font.family.sans'],
    },
    valid: nest('primitive.radius.md', { $value: '5px' }),
  },
  store: {
    paths: {
      color: [
        'semantic.light.text.link',
        'semantic.dark.interactive.primary',
        'semantic.light.interactive.primary-hover',
      ],
      dimension: ['primitive.radius.md'],
      fontFamily: ['primitive.font.family.sans'],
    },
    valid: nest('primitive.font.family.sans', { $value: ['Inter', 'sans-serif'] }),
  },
};

/** A malformed override body, sometimes alongside a change that would be fine on its own (nothing of it may be stored). */
export function badBody(paths: WritablePaths, validChange: Tree): fc.Arbitrary<BadBody> {
  return fc.tuple(malformedFragment(paths), fc.boolean()).map(([fragment, withValid]) => ({
    kind: fragment.kind,
    body: fragment.raw ?? JSON.stringify(withValid ? merge(validChange, fragment.tree!) : fragment.tree),
  }));
}

/** fontFamily lists that mix real names with quotes, punctuation and scripts: some are accepted, some refused. */
export function awkwardFontFamily(): fc.Arbitrary<string | string[]> {
  const piece = fc.constantFrom(
    'Inter',
    'Noto Sans',
    'Font 2',
    'serif',
    'inherit',
    '"',
    "'",
    ',',
    '.',
    '&',
    '+',
    '-',
    '_',
    ' ',
    'é',
    'ü',
    '中文',
    'ß',
    '(',
    ')',
    ':',
    '=',
    '%',
    '$',
    '#',
    '`',
    '"serif"',
    'sans-serif',
  );
  const family = fc.array(piece, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
  return fc.oneof(family, fc.array(family, { minLength: 1, maxLength: 4 }));
}

/** A refusal of a token body: a 4xx, never a 5xx, `invalid_tokens` with at least one violation, each with a path and a known rule. */
export function expectRefusedTokens(response: HttpResponse, what: string): void {
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
  const { error } = response.json();
  expect(error.code, what).toBe('invalid_tokens');
  expect([403, 422], what).toContain(response.status);
  expect(error.violations.length, what).toBeGreaterThan(0);
  for (const violation of error.violations) {
    expect(typeof violation.path, `${what}: ${JSON.stringify(violation)}`).toBe('string');
    expect(RULES, `${what}: ${JSON.stringify(violation)}`).toContain(violation.rule);
    expect(typeof violation.message).toBe('string');
  }
  expect(response.text).not.toMatch(/\n\s+at .+:\d+:\d+/); // never a stack trace
}

export type Flat = Record<'light' | 'dark', Record<string, string>>;

const DARK_SELECTORS = new Set(['[data-theme="dark"]', ':root:not([data-theme="light"])']);
/** The accessibility variants' media blocks and the selectors each may hold. */
const VARIANT_MEDIA = new Map<string, readonly string[]>([
  ['(prefers-contrast: more)', [':root', '[data-theme="dark"]']],
  ['(prefers-contrast: more) and (prefers-color-scheme: dark)', [':root:not([data-theme="light"])']],
  ['(forced-colors: active)', [':root, [data-theme], :root:not([data-theme="light"])']],
]);

/**
 * Everything wrong with a served stylesheet: a rule or at-rule the engine does not write, a declaration of a property
 * the theme does not have, or a value that is neither the engine's value for it (the tenant's, or the base's that the
 * overlay overrides) nor a `var()` of a declared property — and, in any value, something that could end the
 * declaration or load a resource outside a quoted string.
 */
export function cssProblems(css: string, tenant: Flat, base: Flat): string[] {
  const problems: string[] = [];
  let root: postcss.Root;
  try {
    root = postcss.parse(css);
  } catch (error) {
    return [`does not parse: ${String(error)}`];
  }
  const declared = new Set([
    ...Object.keys(tenant.light),
    ...Object.keys(tenant.dark),
    ...Object.keys(base.light),
    ...Object.keys(base.dark),
  ]);
  const effective = new Map<string, string>();
  const checkRule = (rule: postcss.Rule, inMedia: boolean) => {
    const mode = DARK_SELECTORS.has(rule.selector) ? 'dark' : 'light';
    const expected = inMedia ? ':root:not([data-theme="light"])' : undefined;
    if (expected ? rule.selector !== expected : rule.selector !== ':root' && rule.selector !== '[data-theme="dark"]') {
      problems.push(`unexpected rule ${rule.selector}`);
    }
    rule.each((node) => {
      if (node.type === 'comment') return;
      if (node.type !== 'decl') return void problems.push(`unexpected ${node.type} inside ${rule.selector}`);
      if (node.important) problems.push(`${node.prop} is !important`);
      if (!declared.has(node.prop)) problems.push(`${node.prop} is not a property of the theme`);
      const value = node.value;
      const reference = /^var\((--[^)]+)\)$/.exec(value)?.[1];
      if (reference ? !declared.has(reference) : value !== tenant[mode][node.prop] && value !== base[mode][node.prop]) {
        problems.push(`${rule.selector} ${node.prop}: ${JSON.stringify(value)} is not a value the engine produced`);
      }
      const unquoted = value.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
      if (/[;{}<>!@\\]|url\s*\(|expression\s*\(|\/\*/i.test(unquoted) || /[<>]/.test(value)) {
        problems.push(`${node.prop}: ${JSON.stringify(value)} carries markup or syntax outside a string`);
      }
      effective.set(`${inMedia ? 'media ' : ''}${rule.selector} ${node.prop}`, value);
    });
  };
  // The accessibility variants: their values differ from the theme's by design; they must be colors the engine
  // writes (opaque hex, a var() of a theme property, a CSS system color) and stay inside their declarations.
  const checkVariantRule = (rule: postcss.Rule, selectors: readonly string[]) => {
    if (!selectors.includes(rule.selector)) problems.push(`unexpected rule ${rule.selector} in a variant block`);
    rule.each((node) => {
      if (node.type === 'comment') return;
      if (node.type !== 'decl') return void problems.push(`unexpected ${node.type} inside ${rule.selector}`);
      if (node.important) problems.push(`${node.prop} is !important`);
      if (!declared.has(node.prop)) problems.push(`${node.prop} is not a property of the theme`);
      const reference = /^var\((--[^)]+)\)$/.exec(node.value)?.[1];
      const fine = reference ? declared.has(reference) : /^(#[0-9a-f]{6}|[A-Z][A-Za-z]+)$/.test(node.value);
      if (!fine) problems.push(`${rule.selector} ${node.prop}: ${JSON.stringify(node.value)} is not a variant value`);
    });
  };
  root.each((node) => {
    if (node.type === 'comment') return;
    if (node.type === 'rule') return checkRule(node, false);
    if (node.type === 'atrule' && node.name === 'media' && node.params === '(prefers-color-scheme: dark)') {
      return node.each((inner) => {
        if (inner.type === 'rule') checkRule(inner, true);
        else if (inner.type !== 'comment') problems.push(`unexpected ${inner.type} in @media`);
      });
    }
    if (node.type === 'atrule' && node.name === 'media' && VARIANT_MEDIA.has(node.params)) {
      return node.each((inner) => {
        if (inner.type === 'rule') checkVariantRule(inner, VARIANT_MEDIA.get(node.params)!);
        else if (inner.type !== 'comment') problems.push(`unexpected ${inner.type} in @media ${node.params}`);
      });
    }
    problems.push(`unexpected top-level ${node.type === 'atrule' ? `@${node.name} ${node.params}` : node.type}`);
  });
  // What wins in the cascade is the tenant's value (or a reference), never a stale base value.
  for (const [where, value] of effective) {
    const [prop] = where.split(' ').slice(-1);
    const mode = DARK_SELECTORS.has(where.replace(/^media /, '').split(' ')[0]!) ? 'dark' : 'light';
    if (!/^var\(/.test(value) && tenant[mode][prop!] !== undefined && value !== tenant[mode][prop!]) {
      problems.push(
        `${where} ends as ${JSON.stringify(value)}, not the tenant's ${JSON.stringify(tenant[mode][prop!])}`,
      );
    }
  }
  return problems;
}
