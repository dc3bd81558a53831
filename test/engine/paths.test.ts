import { describe, expect, it } from 'vitest';
import { boundedEditDistance, didYouMean, isPrimitivePath, matchesPattern } from '../../src/engine/paths.ts';

describe('matchesPattern', () => {
  it('matches a path exactly and everything below it', () => {
    expect(matchesPattern('semantic.light.status.error', 'semantic.light.status.error')).toBe(true);
    expect(matchesPattern('semantic.light.accessibility', 'semantic.light.accessibility.min-target')).toBe(true);
  });

  it('matches at dot boundaries only: status.error never covers status.errorText', () => {
    expect(matchesPattern('semantic.light.status.error', 'semantic.light.status.errorText')).toBe(false);
    expect(matchesPattern('semantic.light.status', 'semantic.light.statusbar')).toBe(false);
  });

  it('lets * stand for exactly one segment', () => {
    expect(matchesPattern('semantic.*.focus.ring', 'semantic.dark.focus.ring')).toBe(true);
    expect(matchesPattern('semantic.*.focus.ring', 'semantic.focus.ring')).toBe(false);
    expect(matchesPattern('semantic.*.ring', 'semantic.dark.focus.ring')).toBe(false);
  });

  it('does not match a path shorter than the pattern', () => {
    expect(matchesPattern('semantic.light.text.primary', 'semantic.light.text')).toBe(false);
    expect(matchesPattern('a.*', 'a')).toBe(false);
  });
});

describe('isPrimitivePath', () => {
  it('accepts paths below primitive only', () => {
    expect(isPrimitivePath('primitive.color.brand.500')).toBe(true);
    expect(isPrimitivePath('primitive')).toBe(false);
    expect(isPrimitivePath('primitives.color')).toBe(false);
    expect(isPrimitivePath('semantic.primitive.x')).toBe(false);
  });
});

describe('didYouMean', () => {
  const paths = ['semantic.light.text.primary', 'semantic.light.text.secondary', 'primitive.color.blue.500'];

  it('suggests the path one typo away', () => {
    expect(didYouMean('semantic.light.text.primry', paths)).toBe('semantic.light.text.primary');
    expect(didYouMean('primitive.color.bleu.500', paths)).toBe('primitive.color.blue.500');
  });

  it('suggests nothing when no path is close', () => {
    expect(didYouMean('colors.brand', paths)).toBeUndefined();
    expect(didYouMean('semantic.dark.border.subtle', paths)).toBeUndefined();
  });

  it('does not suggest for very short or very long input', () => {
    expect(didYouMean('ab', ['ac'])).toBeUndefined();
    expect(didYouMean('x'.repeat(500), ['x'.repeat(499)])).toBeUndefined();
  });
});

describe('boundedEditDistance', () => {
  it('computes Levenshtein distance up to the bound', () => {
    expect(boundedEditDistance('kitten', 'sitting', 5)).toBe(3);
    expect(boundedEditDistance('abc', 'abc', 2)).toBe(0);
    expect(boundedEditDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
