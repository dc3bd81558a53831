import { describe, expect, it } from 'vitest';
import { at, compose } from './fixtures.ts';

const rulesOf = (result: ReturnType<typeof compose>) => result.violations.map((v) => [v.rule, v.path]);

describe('the schema rule', () => {
  it('rejects a value that does not fit the base type, keeping the base value', () => {
    const result = compose([{ source: 't1', tokens: at('primitive.spacing.1', { $value: 'wide' }) }]);
    expect(rulesOf(result)).toEqual([['schema', 'primitive.spacing.1']]);
    expect(result.violations[0]).toMatchObject({ source: 't1', fix: expect.stringContaining('16px') });
    expect(result.theme.tokens.get('primitive.spacing.1')?.resolved).toBe('4px');
  });

  it('rejects a CSS injection attempt and never lets it into the theme', () => {
    const result = compose([
      { source: 't2', tokens: at('primitive.color.white', { $value: '#fff;}</style><script>alert(1)</script>' }) },
    ]);
    expect(rulesOf(result)).toEqual([['schema', 'primitive.color.white']]);
    for (const token of result.theme.tokens.values()) expect(token.resolved ?? '').not.toContain('<');
  });

  it("reports the parser's structural problems with the layer as source", () => {
    const result = compose([
      { source: 't1', tokens: { primitive: { color: { white: { $value: '#fff', nested: { $value: '#000' } } } } } },
    ]);
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'schema', path: 'primitive.color.white', source: 't1' }),
    ]);
  });

  it('refuses a composite value that lacks required parts, naming them', () => {
    const result = compose([
      { source: 't1', tokens: at('primitive.shadow.sm', { $type: 'shadow', $value: { offsetX: '1px' } }) },
    ]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'schema',
        path: 'primitive.shadow.sm',
        message: expect.stringMatching(
          /lacks color, offsetY, blur and spread \(the shadow needs color, offsetX, offsetY, blur and spread\)/,
        ),
      }),
    ]);
    expect(result.theme.tokens.has('primitive.shadow.sm')).toBe(false);
  });

  it('requires a $type on a new primitive, own or inherited from its group', () => {
    const untyped = compose([{ source: 't1', tokens: at('primitive.brand.main', { $value: '#123456' }) }]);
    expect(rulesOf(untyped)).toEqual([['schema', 'primitive.brand.main']]);
    expect(untyped.theme.tokens.has('primitive.brand.main')).toBe(false);
    const typedByGroup = compose([
      { source: 't1', tokens: { primitive: { brand: { $type: 'color', main: { $value: '#123456' } } } } },
    ]);
    expect(typedByGroup.ok).toBe(true);
    expect(typedByGroup.theme.tokens.get('primitive.brand.main')?.resolved).toBe('#123456');
  });

  it('refuses a new primitive that would turn a group into a token or sit below a token', () => {
    const asGroup = compose([{ source: 't1', tokens: at('primitive.color.blue', { $type: 'color', $value: '#000' }) }]);
    const belowToken = compose([
      { source: 't1', tokens: at('primitive.color.white.soft', { $type: 'color', $value: '#eee' }) },
    ]);
    expect(rulesOf(asGroup)).toEqual([['schema', 'primitive.color.blue']]);
    expect(rulesOf(belowToken)).toEqual([['schema', 'primitive.color.white.soft']]);
  });

  it('refuses a primitive of one layer that would sit below a primitive another layer added', () => {
    const result = compose([
      { source: 't1', tokens: at('primitive.brand', { $type: 'color', $value: '#000' }) },
      { source: 't2', tokens: at('primitive.brand.light', { $type: 'color', $value: '#fff' }) },
    ]);
    expect(rulesOf(result)).toEqual([['schema', 'primitive.brand.light']]);
  });
});
