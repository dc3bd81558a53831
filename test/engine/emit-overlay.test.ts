import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { buildBaseArtifacts, emitOverlay, joinCss, toFlat } from '../../src/engine/emit/index.ts';
import type { MergedTheme } from '../../src/engine/types.ts';
import {
  baseSpecs,
  computedProperties,
  expectedMode,
  fixtureBase,
  PAGE_STATES,
  theme,
  type TokenSpec,
} from './emit-fixtures.ts';

type Blocks = Record<'root' | 'dark' | 'media', Map<string, string>>;

/** Declarations per block, from postcss (later declarations of a name replace earlier ones). */
function blocksOf(css: string): Blocks {
  const blocks: Blocks = { root: new Map(), dark: new Map(), media: new Map() };
  postcss.parse(css).walkRules((rule) => {
    const block = rule.parent?.type === 'atrule' ? blocks.media : rule.selector === ':root' ? blocks.root : blocks.dark;
    rule.walkDecls((d) => void block.set(d.prop, d.value));
  });
  return blocks;
}

/** Declarations whose value differs between two full builds. */
function diff(before: Map<string, string>, after: Map<string, string>): Map<string, string> {
  return new Map([...after].filter(([name, value]) => before.get(name) !== value));
}

const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);
const colorPaths = Object.keys(baseSpecs).filter((p) => baseSpecs[p]!.type === 'color');

/** A layer like a T1/T2 would write: new values or re-pointed aliases on base colors, and new brand primitives. */
const layerArbitrary = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom(...colorPaths),
      fc.oneof(
        hex,
        fc.constantFrom(...colorPaths.filter((p) => p.startsWith('primitive.'))).map((p) => `{${p}}`),
      ),
      { maxKeys: 8 },
    ),
    fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), hex, { maxKeys: 3 }),
  )
  .map(([changed, added]) => {
    const layer: Record<string, TokenSpec> = {};
    for (const [path, value] of Object.entries(changed)) layer[path] = { type: 'color', value };
    for (const [name, value] of Object.entries(added))
      layer[`primitive.color.brand-${name}.500`] = { type: 'color', value };
    return layer;
  });

describe('per-tenant overlay', () => {
  it('is empty for a theme equal to the base', () => {
    expect(emitOverlay(fixtureBase, theme(baseSpecs))).toMatchObject({ css: '', tailwind: '' });
  });

  it('declares exactly the properties a full build would change or add, with the full build values', async () => {
    const baseBlocks = blocksOf((await buildBaseArtifacts(fixtureBase)).css);
    await fc.assert(
      fc.asyncProperty(layerArbitrary, async (layer) => {
        const merged = theme({ ...baseSpecs, ...layer });
        const full = blocksOf((await buildBaseArtifacts(merged)).css);
        const overlay = blocksOf(emitOverlay(fixtureBase, merged).css);

        const changedRoot = diff(baseBlocks.root, full.root);
        expect(overlay.root).toEqual(changedRoot);
        // dark: what changed there, plus the dark value of every name re-declared in :root (cascade order)
        const expectedDark = new Map(
          [...full.dark].filter(([name, value]) => baseBlocks.dark.get(name) !== value || changedRoot.has(name)),
        );
        expect(overlay.dark).toEqual(expectedDark);
        expect(overlay.media).toEqual(expectedDark);
      }),
      { numRuns: 150 },
    );
  });

  it('cascades with the base CSS to the values of the merged theme, in every page state', async () => {
    const baseCss = (await buildBaseArtifacts(fixtureBase)).css;
    await fc.assert(
      fc.asyncProperty(layerArbitrary, async (layer) => {
        const merged = theme({ ...baseSpecs, ...layer });
        // a layer that leaves an alias cycle is refused by the engine before emission
        fc.pre([...merged.tokens.values()].every((token) => token.resolved !== undefined));
        const css = joinCss(baseCss, emitOverlay(fixtureBase, merged).css);
        const flat = toFlat(merged);
        for (const state of PAGE_STATES) expect(computedProperties(css, state)).toEqual(flat[expectedMode(state)]);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the dark value on a data-theme="dark" page when only a light value changed', async () => {
    const merged = theme({ ...baseSpecs, 'semantic.light.background.canvas': { type: 'color', value: '#fefefe' } });
    const css = joinCss((await buildBaseArtifacts(fixtureBase)).css, emitOverlay(fixtureBase, merged).css);
    expect(computedProperties(css, { dataTheme: 'dark', prefersDark: false })['--background-canvas']).toBe('#0f172a');
    expect(computedProperties(css, { dataTheme: null, prefersDark: false })['--background-canvas']).toBe('#fefefe');
  });

  it('changes nothing but the primitive when a brand primitive changes (aliases follow through var())', () => {
    const merged = theme({ ...baseSpecs, 'primitive.color.brand.600': { type: 'color', value: '#123456' } });
    const overlay = blocksOf(emitOverlay(fixtureBase, merged).css);
    expect([...overlay.root]).toEqual([['--primitive-color-brand-600', '#123456']]);
    expect(overlay.dark.size).toBe(0);
  });

  it('adds Tailwind entries only for tokens the tenant added', () => {
    const merged = theme({
      ...baseSpecs,
      'primitive.color.brand.600': { type: 'color', value: '#123456' },
      'primitive.color.ocean.500': { type: 'color', value: '#0ea5e9' },
    });
    const declarations: [string, string][] = [];
    postcss
      .parse(emitOverlay(fixtureBase, merged).tailwind)
      .walkDecls((d) => void declarations.push([d.prop, d.value]));
    expect(declarations).toEqual([['--color-ocean-500', 'var(--primitive-color-ocean-500)']]);
  });

  it('reports the tokens it left out instead of emitting them', () => {
    const merged: MergedTheme = theme({
      ...baseSpecs,
      'primitive.color.bad': { type: 'color', value: 'red;}' },
      'primitive.color.lost': { type: 'color', value: '{primitive.nowhere}' },
    });
    expect(emitOverlay(fixtureBase, merged).omitted).toEqual([
      { path: 'primitive.color.bad', reason: 'unsafe_value' },
      { path: 'primitive.color.lost', reason: 'unresolved' },
    ]);
  });

  it('bundles for the Worker without Style Dictionary', async () => {
    const entry = fileURLToPath(new URL('../../src/engine/emit/light.ts', import.meta.url));
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('emit/overlay.ts'))).toBe(true);
    // culori (color math, which the engine needs anyway) is the only package it may pull in
    expect(inputs.filter((path) => path.includes('node_modules') && !path.includes('node_modules/culori/'))).toEqual(
      [],
    );
  });
});
