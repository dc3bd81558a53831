import { describe, expect, it } from 'vitest';
import { toDtcgTree, toFlat } from '../../src/engine/emit/index.ts';
import type { MergedTheme, MergedToken } from '../../src/engine/types.ts';
import { baseSpecs, fixtureBase, theme } from './emit-fixtures.ts';

describe('theme.json: the merged DTCG tree', () => {
  it('nests tokens by path with $type and the $value as written, aliases kept', () => {
    const tree = toDtcgTree(fixtureBase) as any;
    expect(tree.primitive.color.white).toEqual({ $type: 'color', $value: '#ffffff' });
    expect(tree.semantic.dark.background.canvas).toEqual({ $type: 'color', $value: '{primitive.color.neutral.900}' });
    expect(tree.primitive.spacing['0-5']).toEqual({ $type: 'dimension', $value: '0.125rem' });
  });

  it('keeps DTCG object values, $description, $extensions and $deprecated', () => {
    const raw = { colorSpace: 'srgb', components: [1, 0, 0], alpha: 1, hex: '#ff0000' };
    const token: MergedToken = {
      path: 'primitive.color.red', type: 'color', raw, css: '#ff0000', resolved: '#ff0000', source: 't1',
      description: 'Brand red', extensions: { 'com.example': { figma: 'R/500' } }, deprecated: 'use brand.500',
    };
    const tree = toDtcgTree({ tokens: new Map([[token.path, token]]) }) as any;
    expect(tree.primitive.color.red).toEqual({
      $type: 'color', $value: raw, $description: 'Brand red', $extensions: { 'com.example': { figma: 'R/500' } }, $deprecated: 'use brand.500',
    });
  });

  it('stores a "__proto__" name as data, never as a prototype', () => {
    const hostile = theme({ 'primitive.__proto__.polluted': { type: 'color', value: '#000000' } });
    const tree = toDtcgTree(hostile);
    const group = (tree.primitive as Record<string, unknown>);
    expect(Object.getPrototypeOf(group)).toBe(Object.prototype);
    expect(Object.hasOwn(group, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(tree))).toEqual(JSON.parse('{"primitive":{"__proto__":{"polluted":{"$type":"color","$value":"#000000"}}}}'));
  });

  it('keeps a token whose path runs through another token (a "." inside a name) under one key', () => {
    const dotted = theme({ 'primitive.spacing.0': { type: 'dimension', value: '0px' }, 'primitive.spacing.0.5': { type: 'dimension', value: '2px' } });
    expect((toDtcgTree(dotted) as any).primitive.spacing).toEqual({
      0: { $type: 'dimension', $value: '0px' },
      '0.5': { $type: 'dimension', $value: '2px' },
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
    expect(Object.keys(flat.light)).toHaveLength(Object.keys(baseSpecs).filter((p) => !p.startsWith('semantic.dark.')).length);
    expect(Object.keys(flat.dark)).toHaveLength(Object.keys(baseSpecs).filter((p) => !p.startsWith('semantic.light.')).length);
    for (const values of [flat.light, flat.dark]) for (const value of Object.values(values)) expect(value).not.toMatch(/var\(|\{/);
  });

  it('leaves out a token that does not resolve, rather than emitting a dangling value', () => {
    const broken: MergedTheme = theme({ ...baseSpecs, 'semantic.light.text.link': { type: 'color', value: '{primitive.color.missing}' } });
    expect(toFlat(broken).light).not.toHaveProperty('--text-link');
  });
});
