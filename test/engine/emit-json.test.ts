import { describe, expect, it } from 'vitest';
import { toDtcgTree, toFlat } from '../../src/engine/emit/index.ts';
import type { MergedTheme, MergedToken } from '../../src/engine/types.ts';
import { baseSpecs, fixtureBase, theme } from './emit-fixtures.ts';

describe('theme.json: the merged DTCG tree', () => {
  it('nests tokens by path with $type, aliases kept, other values in DTCG 2025.10 forms', () => {
    const tree = toDtcgTree(fixtureBase) as any;
    expect(tree.primitive.color.white).toEqual({
      $type: 'color',
      $value: { colorSpace: 'srgb', components: [1, 1, 1], hex: '#ffffff' },
    });
    expect(tree.semantic.dark.background.canvas).toEqual({ $type: 'color', $value: '{primitive.color.neutral.900}' });
    expect(tree.primitive.spacing['0-5']).toEqual({ $type: 'dimension', $value: { value: 0.125, unit: 'rem' } });
  });

  it('writes a translucent color with its alpha, and a wide-gamut one in its own space with an sRGB hex fallback', () => {
    const colors = theme({
      'primitive.scrim': { type: 'color', value: 'rgb(15 23 42 / 0.6)' },
      'primitive.vivid': { type: 'color', value: 'oklch(0.7 0.3 145)' },
    });
    const tree = toDtcgTree(colors) as any;
    expect(tree.primitive.scrim.$value).toEqual({
      colorSpace: 'srgb',
      components: [15 / 255, 23 / 255, 42 / 255].map((c) => Math.round(c * 1e6) / 1e6),
      alpha: 0.6,
      hex: '#0f172a',
    });
    expect(tree.primitive.vivid.$value).toMatchObject({
      colorSpace: 'oklch',
      components: [0.7, 0.3, 145],
      hex: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
  });

  it('writes durations as CSS text (the form Style Dictionary 5 reads) and lengths outside px/rem/em as CSS text', () => {
    const tree = toDtcgTree(
      theme({
        'primitive.fast': { type: 'duration', value: '150ms' },
        'primitive.wide': { type: 'dimension', value: '50%' },
        'primitive.ease': { type: 'cubicBezier', value: 'cubic-bezier(0.2, 0, 0, 1)' },
        'primitive.font': { type: 'fontFamily', value: '"Inter", system-ui' },
      }),
    ) as any;
    expect(tree.primitive.fast.$value).toBe('150ms');
    expect(tree.primitive.wide.$value).toBe('50%');
    expect(tree.primitive.ease.$value).toEqual([0.2, 0, 0, 1]);
    expect(tree.primitive.font.$value).toEqual(['Inter', 'system-ui']);
  });

  it('keeps $description, $extensions and $deprecated', () => {
    const token: MergedToken = {
      path: 'primitive.color.red',
      type: 'color',
      raw: '#ff0000',
      css: '#ff0000',
      value: '#ff0000',
      resolved: '#ff0000',
      resolvedValue: '#ff0000',
      source: 't1',
      description: 'Brand red',
      extensions: { 'com.example': { figma: 'R/500' } },
      deprecated: 'use brand.500',
    };
    const tree = toDtcgTree({ tokens: new Map([[token.path, token]]) }) as any;
    expect(tree.primitive.color.red).toMatchObject({
      $type: 'color',
      $description: 'Brand red',
      $extensions: { 'com.example': { figma: 'R/500' } },
      $deprecated: 'use brand.500',
    });
  });

  it('stores a "__proto__" name as data, never as a prototype', () => {
    const hostile = theme({ 'primitive.__proto__.polluted': { type: 'number', value: '1' } });
    const tree = toDtcgTree(hostile);
    const group = tree.primitive as Record<string, unknown>;
    expect(Object.getPrototypeOf(group)).toBe(Object.prototype);
    expect(Object.hasOwn(group, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(tree))).toEqual(
      JSON.parse('{"primitive":{"__proto__":{"polluted":{"$type":"number","$value":1}}}}'),
    );
  });

  it('nests a dotted name read as "0-5" beside a group "0" without mixing them', () => {
    const dotted = theme({
      'primitive.spacing.0': { type: 'dimension', value: '0px' },
      'primitive.spacing.0-5': { type: 'dimension', value: '2px' },
    });
    expect((toDtcgTree(dotted) as any).primitive.spacing).toEqual({
      0: { $type: 'dimension', $value: { value: 0, unit: 'px' } },
      '0-5': { $type: 'dimension', $value: { value: 2, unit: 'px' } },
    });
  });
});

describe('theme.json?format=flat', () => {
  it('holds, per mode, the non-semantic tokens and that mode’s semantic tokens, fully resolved', () => {
    const flat = toFlat(fixtureBase);
    expect(flat.light['--background-canvas']).toBe('#ffffff');
    expect(flat.dark['--background-canvas']).toBe('#0f172a');
    // two hops: hover → interactive.primary → brand primitive
    expect(flat.light['--interactive-primary-hover']).toBe('#4f46e5');
    expect(flat.dark['--interactive-primary-hover']).toBe('#6366f1');
    expect(flat.light['--primitive-spacing-4']).toBe('1rem');
    expect(flat.dark['--primitive-spacing-4']).toBe('1rem');
    expect(Object.keys(flat.light)).toHaveLength(
      Object.keys(baseSpecs).filter((p) => !p.startsWith('semantic.dark.')).length,
    );
    expect(Object.keys(flat.dark)).toHaveLength(
      Object.keys(baseSpecs).filter((p) => !p.startsWith('semantic.light.')).length,
    );
    for (const values of [flat.light, flat.dark])
      for (const value of Object.values(values)) expect(value).not.toMatch(/var\(|\{/);
  });

  it('leaves out a token that does not resolve, rather than emitting a dangling value', () => {
    const broken: MergedTheme = theme({
      ...baseSpecs,
      'semantic.light.text.link': { type: 'color', value: '{primitive.color.missing}' },
    });
    expect(toFlat(broken).light).not.toHaveProperty('--text-link');
  });
});
