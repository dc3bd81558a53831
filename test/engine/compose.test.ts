import { describe, expect, it } from 'vitest';
import { composeTheme, parseLayer, prepareBase } from '../../src/engine/index.ts';
import type { CatalogTheme } from '../../src/engine/types.ts';
import { at, compose, fixtureBase, fixtureGovernance, fixtureTree, layer, resolvedOf } from './fixtures.ts';

const catalogTheme = (tokens: unknown): CatalogTheme => ({
  name: 'test',
  title: 'Test',
  description: 'A test theme.',
  tokens,
});

describe('the cascade', () => {
  it('lets the deepest layer that sets a path win: base ← theme ← t0 ← t1 ← t2', () => {
    const path = 'primitive.color.blue.700';
    const theme = catalogTheme(layer('theme', { [path]: '#000001' }).tokens);
    const layers = [layer('t0', { [path]: '#000002' }), layer('t1', { [path]: '#000003' })];
    expect(resolvedOf(compose([], { theme }), path)).toBe('#000001');
    expect(resolvedOf(compose(layers.slice(0, 1), { theme }), path)).toBe('#000002');
    expect(resolvedOf(compose(layers, { theme }), path)).toBe('#000003');
    const t2 = composeTheme(fixtureBase, [...layers, layer('t2', { [path]: '#000004' })], {
      theme,
      policy: { allow: ['primitive.color'], ranges: {} },
      rules: ['schema', 'not_allowed'],
    });
    expect(t2.violations).toEqual([]);
    expect(resolvedOf(t2, path)).toBe('#000004');
  });

  it('records which layer set each token', () => {
    const result = compose([layer('t1', { 'primitive.color.blue.700': '#123456' })]);
    expect(result.theme.tokens.get('primitive.color.blue.700')?.source).toBe('t1');
    expect(result.theme.tokens.get('primitive.color.blue.500')?.source).toBe('base');
  });

  it('resolves aliases after merging, so a changed primitive reaches every token that aliases it', () => {
    const result = compose([layer('t1', { 'primitive.color.gray.900': '#0000aa' })]);
    expect(result.ok).toBe(true);
    expect(resolvedOf(result, 'semantic.light.text.primary')).toBe('#0000aa');
    expect(result.theme.tokens.get('semantic.light.text.primary')?.alias).toBe('primitive.color.gray.900');
  });

  it('lets a layer re-point an alias, and the new chain resolves', () => {
    const result = compose([layer('t1', { 'semantic.light.text.primary': '{primitive.color.blue.500}' })]);
    expect(result.ok).toBe(true);
    expect(resolvedOf(result, 'semantic.light.text.primary')).toBe('#3b82f6');
  });

  it('takes the type from the base when the layer gives none, and keeps the base description', () => {
    const result = compose([layer('t1', { 'primitive.color.red.600': { colorSpace: 'srgb', components: [1, 0, 0] } })]);
    const token = result.theme.tokens.get('primitive.color.red.600')!;
    expect(token).toMatchObject({ type: 'color', css: '#ff0000', description: 'Errors.' });
  });

  it('adds new primitives after the base tokens, sorted, and resolves aliases to them', () => {
    const result = compose([
      {
        source: 't1',
        tokens: {
          primitive: { color: { brand: { $type: 'color', z: { $value: '#00aa00' }, a: { $value: '#aa0000' } } } },
          semantic: { light: { text: { primary: { $value: '{primitive.color.brand.a}' } } } },
        },
      },
    ]);
    expect(result.ok).toBe(true);
    const paths = [...result.theme.tokens.keys()];
    expect(paths.slice(-2)).toEqual(['primitive.color.brand.a', 'primitive.color.brand.z']);
    expect(paths.slice(0, -2)).toEqual([...fixtureBase.theme.tokens.keys()]);
    expect(resolvedOf(result, 'semantic.light.text.primary')).toBe('#aa0000');
  });

  it('hands back the base theme itself when no layer changes anything', () => {
    expect(compose([]).theme).toBe(fixtureBase.theme);
    expect(compose([{ source: 't1', tokens: {} }]).theme).toBe(fixtureBase.theme);
  });

  it('never mutates the base, even when a layer changes what base tokens resolve to', () => {
    const before = JSON.stringify([...fixtureBase.theme.tokens]);
    compose([
      layer('t1', { 'primitive.color.gray.900': '#222222', 'primitive.color.white': '{primitive.color.black}' }),
    ]);
    compose([layer('t1', { 'primitive.color.white': '{semantic.light.background.canvas}' })]);
    expect(JSON.stringify([...fixtureBase.theme.tokens])).toBe(before);
  });

  it('gives the same result for a layer parsed ahead of time', () => {
    const t1 = layer('t1', { 'primitive.color.blue.700': '#0000aa', 'semantic.light.text.nope': '#fff' });
    const direct = compose([t1]);
    const parsed = parseLayer(t1);
    expect(compose([parsed as never])).toEqual(direct);
    expect(compose([parsed as never])).toEqual(direct);
  });

  it('measures T2 ranges from the partner theme, not from the base', () => {
    const path = 'primitive.color.blue.700';
    const policy = { allow: [path], ranges: { [path]: { maxDeltaE: 0.05 } } };
    const t1 = layer('t1', { [path]: '#dc2626' }); // the partner made it red
    const nearPartner = composeTheme(fixtureBase, [t1, layer('t2', { [path]: '#d92a2a' })], {
      policy,
      rules: ['out_of_range'],
    });
    const nearBase = composeTheme(fixtureBase, [t1, layer('t2', { [path]: '#1d4ed9' })], {
      policy,
      rules: ['out_of_range'],
    });
    expect(nearPartner.violations).toEqual([]);
    expect(nearBase.violations.map((v) => v.rule)).toEqual(['out_of_range']);
  });

  it('applies the default policy to a T2 without one: nothing may change', () => {
    const result = composeTheme(fixtureBase, [layer('t2', { 'primitive.color.blue.700': '#0000aa' })], {
      rules: ['not_allowed'],
    });
    expect(result.violations.map((v) => v.rule)).toEqual(['not_allowed']);
  });

  it('checks only the rules asked for', () => {
    const bad = layer('t1', { 'semantic.light.nope': '#fff', 'semantic.light.status.error': '#ff0000' });
    expect(compose([bad], { rules: ['unknown_path'] }).violations.map((v) => v.rule)).toEqual(['unknown_path']);
    expect(compose([bad], { rules: ['contrast'] }).ok).toBe(true);
  });

  it('runs the contrast rule on the merged theme by default', () => {
    const result = composeTheme(fixtureBase, [layer('t1', { 'primitive.color.gray.900': '#eeeeee' })]);
    expect(result.violations.map((v) => [v.rule, v.path])).toEqual([['contrast', 'semantic.light.text.primary']]);
  });

  it('reports every problem of a layer, in rule order, with the layer as source', () => {
    const result = compose([
      {
        source: 't1',
        tokens: {
          semantic: {
            light: {
              text: { primry: { $value: '#000' }, primary: { $type: 'dimension', $value: '1px' } },
              status: { error: { $value: '#f00' } },
            },
          },
          primitive: { color: { white: { $value: 'red;' } } },
        },
      },
    ]);
    expect(result.violations.map((v) => [v.rule, v.path, v.source])).toEqual([
      ['schema', 'primitive.color.white', 't1'],
      ['unknown_path', 'semantic.light.text.primry', 't1'],
      ['type_mismatch', 'semantic.light.text.primary', 't1'],
      ['protected', 'semantic.light.status.error', 't1'],
    ]);
  });

  it('refuses a layer of unknown origin as a programming error', () => {
    expect(() => composeTheme(fixtureBase, [{ source: 't3' as never, tokens: {} }])).toThrow(TypeError);
  });
});

describe('preparing the base', () => {
  it('resolves every base token and lists the protected ones', () => {
    expect(resolvedOf({ theme: fixtureBase.theme } as never, 'semantic.dark.focus.ring')).toBe('#3b82f6');
    expect(resolvedOf({ theme: fixtureBase.theme } as never, 'semantic.light.focus.ring')).toBe('#1d4ed8');
    expect(fixtureBase.protectedPaths).toEqual([
      'semantic.light.status.error',
      'semantic.light.focus.ring',
      'semantic.light.accessibility.min-target',
      'semantic.dark.status.error',
      'semantic.dark.focus.ring',
      'semantic.dark.accessibility.min-target',
    ]);
  });

  it('infers the type of an untyped alias from its target, as DTCG says', () => {
    const base = prepareBase(
      { ...fixtureTree, extra: { link: { $value: '{primitive.color.blue.500}' } } },
      fixtureGovernance,
    );
    expect(base.theme.tokens.get('extra.link')).toMatchObject({ type: 'color', resolved: '#3b82f6' });
  });

  it('throws when the base data is broken, naming the problem', () => {
    const broken = structuredClone(fixtureTree) as Record<string, any>;
    broken.semantic.light.text.primary.$value = '{primitive.color.grey.900}';
    expect(() => prepareBase(broken, fixtureGovernance)).toThrow(
      /semantic\.light\.text\.primary refers to primitive\.color\.grey\.900/,
    );
    expect(() => prepareBase(fixtureTree, { ...fixtureGovernance, protected: ['semantic.*.status.eror'] })).toThrow(
      /matches no token/,
    );
    expect(() => prepareBase(fixtureTree, { ...fixtureGovernance, required: ['semantic.*.text.body'] })).toThrow(
      /required token semantic\.\*\.text\.body is missing/,
    );
    expect(() =>
      prepareBase(fixtureTree, {
        ...fixtureGovernance,
        pairs: [{ fg: 'text.nope', bg: 'background.canvas', min: 3, modes: ['light'] }],
      }),
    ).toThrow(/contrast pair/);
  });

  it('accepts a layer that sets a token inside the base tree at its exact path', () => {
    expect(compose([{ source: 't1', tokens: at('primitive.spacing.1', { $value: '6px' }) }]).ok).toBe(true);
  });
});
