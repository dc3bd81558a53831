import { describe, expect, it } from 'vitest';
import { at, compose, layer } from './fixtures.ts';

describe('the type_mismatch rule', () => {
  it("rejects a layer $type that differs from the base token's", () => {
    const result = compose([{ source: 't1', tokens: at('primitive.spacing.1', { $type: 'number', $value: 4 }) }]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'type_mismatch',
        path: 'primitive.spacing.1',
        expected: 'dimension',
        actual: 'number',
      }),
    ]);
    expect(result.theme.tokens.get('primitive.spacing.1')?.resolved).toBe('4px');
  });

  it("accepts a layer $type equal to the base's, or none at all", () => {
    expect(
      compose([{ source: 't1', tokens: at('primitive.spacing.1', { $type: 'dimension', $value: '6px' }) }]).ok,
    ).toBe(true);
    expect(compose([layer('t1', { 'primitive.spacing.1': '6px' })]).ok).toBe(true);
  });

  it('applies a group $type of the layer to the tokens below it', () => {
    const result = compose([
      { source: 't1', tokens: { primitive: { $type: 'color', spacing: { '1': { $value: '#000' } } } } },
    ]);
    expect(result.violations.map((v) => [v.rule, v.path])).toEqual([['type_mismatch', 'primitive.spacing.1']]);
  });

  it('rejects an alias to a token of another type, and tokens behind it do not resolve', () => {
    const result = compose([layer('t1', { 'primitive.color.gray.900': '{primitive.spacing.2}' })]);
    expect(result.violations.map((v) => [v.rule, v.path])).toEqual([
      ['type_mismatch', 'primitive.color.gray.900'],
      ['alias_unresolved', 'semantic.light.text.primary'],
    ]);
    expect(result.violations[0]).toMatchObject({
      expected: 'color',
      actual: 'dimension',
      target: 'primitive.spacing.2',
    });
    expect(result.theme.tokens.get('semantic.light.text.primary')?.resolved).toBeUndefined();
  });
});
