import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBaseArtifacts, emitOverlay, toDtcgTree, toFlat } from '../../src/engine/emit/index.ts';
import { composeTheme, prepareBase } from '../../src/engine/index.ts';
import type { MergedTheme } from '../../src/engine/types.ts';
import { baseTree, demo, governance } from '../../src/tokens.ts';
import { baseSpecs, fixtureBase, theme } from './emit-fixtures.ts';

/** The same theme with its tokens inserted in another order (fresh objects: no memo can help). */
function reordered(source: MergedTheme, order: number[]): MergedTheme {
  const tokens = [...source.tokens.values()];
  const permuted = order.map((i) => tokens[i]!).concat(tokens.filter((_, i) => !order.includes(i)));
  return { tokens: new Map(permuted.map((t) => [t.path, structuredClone(t)])) };
}

const permutation = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });

describe('deterministic emission', () => {
  it('writes byte-identical base artifacts for any token insertion order', async () => {
    const reference = await buildBaseArtifacts(fixtureBase);
    await fc.assert(
      fc.asyncProperty(permutation(fixtureBase.tokens.size), async (order) => {
        const shuffled = await buildBaseArtifacts(reordered(fixtureBase, order));
        expect(shuffled.css).toBe(reference.css);
        expect(shuffled.tailwind).toBe(reference.tailwind);
        expect(shuffled.json).toBe(reference.json);
        expect(JSON.stringify(shuffled.flat)).toBe(JSON.stringify(reference.flat));
      }),
      { numRuns: 30 },
    );
  });

  it('writes a byte-identical overlay and JSON for any insertion order of the tenant theme', () => {
    const tenant = theme({
      ...baseSpecs,
      'primitive.color.brand.600': { type: 'color', value: '#123456' },
      'semantic.light.background.canvas': { type: 'color', value: '#fafafa' },
      'primitive.color.ocean.500': { type: 'color', value: '#0ea5e9' },
      'primitive.color.ocean.50': { type: 'color', value: '#f0f9ff' },
    });
    const overlay = emitOverlay(fixtureBase, tenant);
    const json = JSON.stringify(toDtcgTree(tenant));
    const flat = JSON.stringify(toFlat(tenant));
    fc.assert(
      fc.property(permutation(tenant.tokens.size), (order) => {
        const shuffled = reordered(tenant, order);
        expect(emitOverlay(fixtureBase, shuffled)).toEqual(overlay);
        expect(JSON.stringify(toDtcgTree(shuffled))).toBe(json);
        expect(JSON.stringify(toFlat(shuffled))).toBe(flat);
      }),
      { numRuns: 100 },
    );
  });

  it('merges then emits the same bytes on every run, from freshly prepared bases', async () => {
    const partner = demo.partners.find((p) => p.overrides)!;
    const run = async () => {
      const base = prepareBase(structuredClone(baseTree), governance);
      const { theme: merged } = composeTheme(base, [{ source: 't1', tokens: structuredClone(partner.overrides) }]);
      const artifacts = await buildBaseArtifacts(base.theme);
      return [
        artifacts.css,
        artifacts.tailwind,
        emitOverlay(base.theme, merged).css,
        JSON.stringify(toDtcgTree(merged)),
        JSON.stringify(toFlat(merged)),
      ];
    };
    expect(await run()).toEqual(await run());
  });

  it("lets the base keep its name when a layer's token collides with it, whatever the paths", () => {
    const colliding = theme({
      ...baseSpecs,
      'primitive.color.brand-600': { type: 'color', value: '#aa0000', source: 't1' },
    });
    expect(emitOverlay(fixtureBase, colliding).omitted).toEqual([
      {
        path: 'primitive.color.brand-600',
        reason: 'name_collision',
        property: '--primitive-color-brand-600',
        collidesWith: 'primitive.color.brand.600',
      },
    ]);
    expect(toFlat(colliding).light['--primitive-color-brand-600']).toBe(
      toFlat(fixtureBase).light['--primitive-color-brand-600'],
    );
  });

  it('settles a name collision the same way for any insertion order: the smaller path keeps the name', () => {
    const colliding = theme({
      ...baseSpecs,
      'primitive.color.brand-600': { type: 'color', value: '#aa0000' }, // --primitive-color-brand-600, like brand.600
      'semantic.light.primitive.color.white': { type: 'color', value: '#bb0000' }, // a light name equal to a global one
      'semantic.dark.primitive.color.black': { type: 'color', value: '#cc0000' },
    });
    const reference = emitOverlay(fixtureBase, colliding);
    expect(reference.omitted).toEqual([
      {
        path: 'primitive.color.brand.600',
        reason: 'name_collision',
        property: '--primitive-color-brand-600',
        collidesWith: 'primitive.color.brand-600',
      },
      {
        path: 'semantic.dark.primitive.color.black',
        reason: 'name_collision',
        property: '--primitive-color-black',
        collidesWith: 'primitive.color.black',
      },
      {
        path: 'semantic.light.primitive.color.white',
        reason: 'name_collision',
        property: '--primitive-color-white',
        collidesWith: 'primitive.color.white',
      },
    ]);
    expect(toFlat(colliding).light['--primitive-color-brand-600']).toBe('#aa0000');
    fc.assert(
      fc.property(permutation(colliding.tokens.size), (order) => {
        const shuffled = reordered(colliding, order);
        expect(emitOverlay(fixtureBase, shuffled)).toEqual(reference);
        expect(JSON.stringify(toFlat(shuffled))).toBe(JSON.stringify(toFlat(colliding)));
      }),
      { numRuns: 100 },
    );
  });
});
