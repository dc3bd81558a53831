import { describe, expect, it } from 'vitest';
import { compose, layer } from './fixtures.ts';

describe('the unknown_path rule', () => {
  it('rejects a path the base does not have, suggesting the close one', () => {
    const result = compose([layer('t1', { 'semantic.light.text.primray': '#000000' })]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'unknown_path',
        path: 'semantic.light.text.primray',
        source: 't1',
        suggestion: 'semantic.light.text.primary',
      }),
    ]);
    expect(result.violations[0]!.message).toMatch(/did you mean semantic\.light\.text\.primary\?/);
    expect(result.theme.tokens.has('semantic.light.text.primray')).toBe(false);
  });

  it('gives no suggestion when nothing is close', () => {
    const result = compose([layer('t1', { 'brand.colors.hero': '#000000' })]);
    expect(result.violations).toEqual([expect.objectContaining({ rule: 'unknown_path', path: 'brand.colors.hero' })]);
    expect(result.violations[0]).not.toHaveProperty('suggestion');
  });

  it('rejects new semantic tokens: only primitives may be added', () => {
    const result = compose([
      { source: 't1', tokens: { semantic: { light: { text: { brand: { $type: 'color', $value: '#000' } } } } } },
    ]);
    expect(result.violations.map((v) => v.rule)).toEqual(['unknown_path']);
  });

  it('explains a group path set as if it were a token', () => {
    const result = compose([layer('t1', { 'semantic.light.text': '#000000' })]);
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'unknown_path', message: expect.stringMatching(/is a group in the base/) }),
    ]);
  });
});
