import { describe, expect, it } from 'vitest';
import { compose, layer } from './fixtures.ts';

describe('the alias rules', () => {
  it('reports an alias to a missing token with a suggestion', () => {
    const result = compose([layer('t1', { 'semantic.light.text.primary': '{primitive.color.gray.90}' })]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'alias_unresolved',
        path: 'semantic.light.text.primary',
        target: 'primitive.color.gray.90',
        suggestion: 'primitive.color.gray.900',
      }),
    ]);
  });

  it('reports every token in a cycle, and the tokens that resolve through it', () => {
    const result = compose([
      layer('t1', {
        'primitive.color.white': '{primitive.color.gray.900}',
        'primitive.color.gray.900': '{primitive.color.black}',
        'primitive.color.black': '{primitive.color.white}',
      }),
    ]);
    const cycles = result.violations.filter((v) => v.rule === 'alias_cycle');
    expect(cycles.map((v) => v.path).sort()).toEqual([
      'primitive.color.black',
      'primitive.color.gray.900',
      'primitive.color.white',
    ]);
    expect(cycles.find((v) => v.path === 'primitive.color.white')?.cycle).toEqual([
      'primitive.color.white',
      'primitive.color.gray.900',
      'primitive.color.black',
    ]);
    const through = result.violations
      .filter((v) => v.rule === 'alias_unresolved')
      .map((v) => v.path)
      .sort();
    expect(through).toEqual([
      'semantic.dark.background.canvas',
      'semantic.dark.text.primary',
      'semantic.light.background.canvas',
      'semantic.light.text.primary',
    ]);
    for (const path of [...through, ...cycles.map((v) => v.path)])
      expect(result.theme.tokens.get(path)?.resolved).toBeUndefined();
  });

  it('reports a token aliasing itself as a cycle', () => {
    const result = compose([layer('t1', { 'primitive.spacing.1': '{primitive.spacing.1}' })]);
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'alias_cycle', path: 'primitive.spacing.1', cycle: ['primitive.spacing.1'] }),
    ]);
  });

  it('reports a cycle formed across two layers', () => {
    const result = compose(
      [
        layer('t1', { 'primitive.spacing.1': '{primitive.spacing.2}' }),
        layer('t2', { 'primitive.spacing.2': '{primitive.spacing.1}' }),
      ],
      { rules: ['alias_cycle'] },
    );
    expect(result.violations.map((v) => [v.path, v.source])).toEqual([
      ['primitive.spacing.1', 't1'],
      ['primitive.spacing.2', 't2'],
    ]);
  });

  it('accepts aliases written as JSON pointers', () => {
    const result = compose([
      {
        source: 't1',
        tokens: { semantic: { light: { text: { primary: { $value: { $ref: '#/primitive/color/black' } } } } } },
      },
    ]);
    expect(result.ok).toBe(true);
    expect(result.theme.tokens.get('semantic.light.text.primary')?.resolved).toBe('#000000');
  });
});
