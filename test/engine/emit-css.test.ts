import fc from 'fast-check';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import {
  buildBaseArtifacts,
  cssValue,
  cssVariableName,
  emitOverlay,
  joinCss,
  toFlat,
} from '../../src/engine/emit/index.ts';
import type { MergedTheme, SimpleType } from '../../src/engine/types.ts';
import {
  baseSpecs,
  computedProperties,
  expectedMode,
  fixtureBase,
  PAGE_STATES,
  theme,
  type TokenSpec,
} from './emit-fixtures.ts';

interface Parsed {
  /** `selector` or `@media params > selector` → declarations in order. */
  blocks: Map<string, { prop: string; value: string }[]>;
  /** Anything that is neither a rule, a declaration, the dark media block nor a comment. */
  strayNodes: string[];
}

function parseTheme(css: string): Parsed {
  const blocks = new Map<string, { prop: string; value: string }[]>();
  const strayNodes: string[] = [];
  postcss.parse(css).walk((node) => {
    if (node.type === 'rule') {
      const parent =
        node.parent?.type === 'atrule'
          ? `@${(node.parent as postcss.AtRule).name} ${(node.parent as postcss.AtRule).params} > `
          : '';
      const declarations: { prop: string; value: string }[] = [];
      node.each((child) => {
        if (child.type === 'decl') declarations.push({ prop: child.prop, value: child.value });
        else strayNodes.push(child.toString());
      });
      blocks.set(parent + node.selector, declarations);
    } else if (node.type === 'atrule' && !(node.name === 'media' && node.params === '(prefers-color-scheme: dark)')) {
      strayNodes.push(node.toString());
    }
  });
  return { blocks, strayNodes };
}

const ROOT = ':root';
const DARK = '[data-theme="dark"]';
const MEDIA = '@media (prefers-color-scheme: dark) > :root:not([data-theme="light"])';

describe('base theme.css (Style Dictionary build)', () => {
  it('parses with postcss into exactly the three blocks, every declaration a custom property', async () => {
    const { css } = await buildBaseArtifacts(fixtureBase);
    const { blocks, strayNodes } = parseTheme(css);
    expect([...blocks.keys()]).toEqual([ROOT, DARK, MEDIA]);
    expect(strayNodes).toEqual([]);
    for (const declarations of blocks.values()) {
      for (const { prop } of declarations) expect(prop).toMatch(/^--/);
    }
  });

  it('puts non-semantic and light tokens in :root, dark tokens in both dark blocks', async () => {
    const { blocks } = parseTheme((await buildBaseArtifacts(fixtureBase)).css);
    const props = (key: string) => blocks.get(key)!.map((d) => d.prop);
    expect(props(ROOT)).toContain('--primitive-color-white');
    expect(props(ROOT)).toContain('--background-canvas');
    expect(props(DARK)).toContain('--background-canvas');
    expect(props(DARK)).not.toContain('--primitive-color-white');
    expect(blocks.get(MEDIA)).toEqual(blocks.get(DARK));
  });

  it('emits aliases as var() of the target: primitives from either mode, same-mode semantic tokens', async () => {
    const { blocks } = parseTheme((await buildBaseArtifacts(fixtureBase)).css);
    const value = (key: string, prop: string) => blocks.get(key)!.find((d) => d.prop === prop)?.value;
    expect(value(ROOT, '--background-canvas')).toBe('var(--primitive-color-white)');
    expect(value(DARK, '--background-canvas')).toBe('var(--primitive-color-neutral-900)');
    expect(value(ROOT, '--interactive-primary-hover')).toBe('var(--interactive-primary)');
    expect(value(DARK, '--interactive-primary-hover')).toBe('var(--interactive-primary)');
  });

  it('inlines an alias whose target lives in the other mode (a var() there would read the wrong block)', async () => {
    // semantic.dark.accessibility.focus-ring-width aliases the *light* token
    const { blocks } = parseTheme((await buildBaseArtifacts(fixtureBase)).css);
    expect(blocks.get(DARK)!.find((d) => d.prop === '--accessibility-focus-ring-width')?.value).toBe('2px');
  });

  it('quotes font family names and leaves generic families bare', async () => {
    const { blocks } = parseTheme((await buildBaseArtifacts(fixtureBase)).css);
    expect(blocks.get(ROOT)!.find((d) => d.prop === '--primitive-font-family-sans')?.value).toBe(
      '"Inter", system-ui, sans-serif',
    );
  });

  it('never writes a token description into the CSS', async () => {
    const described = theme({
      ...baseSpecs,
      'primitive.color.white': { type: 'color', value: '#fff', description: 'x */ } body { color: red } /*' },
    });
    const { css } = await buildBaseArtifacts(described);
    expect(css).not.toContain('body');
    expect(parseTheme(css).strayNodes).toEqual([]);
  });

  it('is written by Style Dictionary with exactly the declarations the SD-free emitter produces', async () => {
    // the overlay of the base over an empty theme is the whole base, rendered without Style Dictionary
    const { css } = await buildBaseArtifacts(fixtureBase);
    const sdFree = emitOverlay({ tokens: new Map() }, fixtureBase).css;
    expect(css.slice(css.indexOf(':root {'))).toBe(sdFree);
  });

  it('cascades, in every page state, to the flat JSON of that mode', async () => {
    const { css, flat } = await buildBaseArtifacts(fixtureBase);
    for (const state of PAGE_STATES) expect(computedProperties(css, state)).toEqual(flat[expectedMode(state)]);
  });
});

describe('values never escape their declaration', () => {
  const colorText = fc.oneof(
    fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`),
    fc
      .tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([r, g, b, a]) => `rgb(${r} ${g} ${b} / ${a.toFixed(2)})`),
    fc
      .tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.double({ min: 0, max: 359, noNaN: true }),
      )
      .map(([l, c, h]) => `oklch(${(l * 100).toFixed(1)}% ${c.toFixed(3)} ${h.toFixed(1)})`),
    fc.constantFrom('rebeccapurple', 'transparent', 'color(display-p3 1 0.2 0.1)', 'hsl(210deg 40% 50%)'),
  );
  // schema-valid but hostile-looking family names: quotes, punctuation, keywords, other scripts
  const familyName = fc.oneof(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._+-]{0,15}$/),
    fc.constantFrom('inherit', 'serif', 'Noto Sans JP', '游ゴシック', 'Font 2', 'M+ 1p', '-apple-system'),
  );
  const fontFamilyText = fc
    .array(fc.tuple(familyName, fc.constantFrom('', '"', "'")), { minLength: 1, maxLength: 4 })
    .map((names) => names.map(([name, quote]) => `${quote}${name}${quote}`).join(', '));
  const simpleValues: Record<SimpleType, fc.Arbitrary<string>> = {
    color: colorText,
    fontFamily: fontFamilyText,
    dimension: fc
      .tuple(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.constantFrom('px', 'rem', 'em', '%', 'vh'))
      .map(([n, u]) => `${n}${u}`),
    fontWeight: fc.oneof(fc.integer({ min: 1, max: 1000 }).map(String), fc.constantFrom('bold', 'normal')),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    duration: fc.nat(5000).map((n) => `${n}ms`),
    cubicBezier: fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))
      .map(([x, y]) => `cubic-bezier(${x}, ${y}, ${x}, ${y})`),
  };
  const typedValue = fc
    .constantFrom(...(Object.keys(simpleValues) as SimpleType[]))
    .chain((type) => simpleValues[type].map((value) => ({ type, value })));
  // anything at all, including `;}</style>`, comments, newlines, bidi controls and lone surrogates
  const hostileValue = fc.record({
    type: fc.constantFrom<SimpleType>('color', 'fontFamily', 'dimension'),
    value: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        ';}</style><script>',
        'red; } body { x: y',
        'a/* x',
        '"Inter\\"; }',
        'url(https://x)',
        'red !important',
        '\u202eder',
      ),
    ),
  });

  /** Emits `layer` over the fixture base; returns what postcss sees, and what we meant to declare. */
  async function emitAndParse(layer: Record<string, TokenSpec>) {
    const merged = theme({ ...baseSpecs, ...layer });
    const css = joinCss((await buildBaseArtifacts(fixtureBase)).css, emitOverlay(fixtureBase, merged).css);
    return { merged, parsed: parseTheme(css) };
  }

  function expectIntended(merged: MergedTheme, parsed: Parsed, layer: Record<string, TokenSpec>) {
    expect(parsed.strayNodes).toEqual([]);
    expect([...parsed.blocks.keys()].filter((k) => ![ROOT, DARK, MEDIA].includes(k))).toEqual([]);
    // the base blocks, then (when the layer changed anything) the overlay blocks, and nothing else
    const total = [...parsed.blocks.values()].flat();
    for (const { prop } of total) expect(prop).toMatch(/^--/);
    for (const [path, spec] of Object.entries(layer)) {
      const intended = cssValue(spec.type as SimpleType, spec.value);
      const { mode, name } = cssVariableName(path);
      const last = (block: string) =>
        parsed.blocks
          .get(block)
          ?.filter((d) => d.prop === name)
          .at(-1)?.value;
      const emitted = mode === 'dark' ? last(DARK) : last(ROOT);
      if (intended === undefined) {
        // refused: the property keeps the base's value (or is absent when the layer added it)
        expect(emitted).not.toBe(spec.value);
        expect(toFlat(merged)[mode ?? 'light'][name]).toBeUndefined();
      } else expect(emitted).toBe(intended);
    }
  }

  it('emits every schema-valid value exactly as intended, in its own declaration', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), typedValue, { maxKeys: 6 }),
        async (values) => {
          const layer = Object.fromEntries(
            Object.entries(values).map(([key, spec]) => [`primitive.added.${key}`, spec]),
          );
          const { merged, parsed } = await emitAndParse(layer);
          for (const spec of Object.values(layer)) expect(cssValue(spec.type as SimpleType, spec.value)).toBeDefined();
          expectIntended(merged, parsed, layer);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a value that could break out, and adds no rule or declaration for it', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileValue,
        fc.constantFrom('primitive.color.white', 'semantic.dark.background.surface', 'primitive.added.x'),
        async (spec, path) => {
          const layer = { [path]: spec };
          const { merged, parsed } = await emitAndParse(layer);
          expectIntended(merged, parsed, layer);
          const declared = [...parsed.blocks.values()].flat().length;
          const expected = (await buildBaseArtifacts(fixtureBase)).css.match(/^\s+--/gm)!.length;
          // a refused value declares nothing; an accepted one declares its property (plus dark repeats)
          if (cssValue(spec.type as SimpleType, spec.value) === undefined) expect(declared).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses the classic injections', () => {
    for (const value of [
      ';}</style><script>alert(1)</script>',
      'red;background:url(x)',
      'red /* */',
      'expression(alert(1))',
      'red\n}',
      'red !important',
      'var(--secret)',
    ]) {
      expect(cssValue('color', value)).toBeUndefined();
    }
    expect(cssValue('fontFamily', 'Inter", sans-serif; } body { x: "')).toBeUndefined();
    expect(cssValue('fontFamily', "Inter'")).toBeUndefined();
  });
});
