// The contrast and policy rules inside the real engine, on the shipped base tokens: what a partner or a
// customer sees when a change of theirs breaks a rule somewhere down the alias chain.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { composeTheme, prepareBase } from '../../src/engine/compose.ts';
import type { ContrastViolation, Policy } from '../../src/engine/types.ts';
import { baseTree, governance } from '../../src/tokens.ts';

const wcag = createRequire(import.meta.url)('wcag-contrast') as { hex(a: string, b: string): number };
const base = prepareBase(baseTree, governance);

const contrastViolations = (violations: { rule: string }[]) =>
  violations.filter((v) => v.rule === 'contrast') as ContrastViolation[];

describe('contrast in the cascade', () => {
  it('refuses a partner primitive that breaks dark-mode text through an alias, suggesting a passing color', () => {
    // semantic.dark.text.primary aliases primitive.color.neutral.50; a dark neutral.50 breaks it on the dark canvas
    const { ok, violations, theme } = composeTheme(base, [
      { source: 't1', tokens: { primitive: { color: { neutral: { '50': { $value: '#475569' } } } } } },
    ]);
    expect(ok).toBe(false);
    const onCanvas = contrastViolations(violations).find(
      (v) => v.pair[0] === 'semantic.dark.text.primary' && v.pair[1] === 'semantic.dark.background.canvas',
    );
    expect(onCanvas).toMatchObject({ mode: 'dark', required: 4.5 });
    const canvas = theme.tokens.get('semantic.dark.background.canvas')!.resolved!;
    expect(wcag.hex(onCanvas!.suggestion!, canvas)).toBeGreaterThanOrEqual(4.5);
    expect(onCanvas!.ratio!).toBeLessThanOrEqual(wcag.hex('#475569', canvas));
  });

  it('reports every failing pair of one foreground, not just the first (checked against an independent oracle)', () => {
    // A mid grey text fails on several light backgrounds at once; each of those pairs is its own violation.
    const { violations, theme } = composeTheme(base, [
      { source: 't1', tokens: { semantic: { light: { text: { primary: { $type: 'color', $value: '#9ca3af' } } } } } },
    ]);
    const reported = contrastViolations(violations)
      .filter((v) => v.pair[0] === 'semantic.light.text.primary')
      .map((v) => v.pair[1])
      .sort();
    const hex = (path: string) => theme.tokens.get(path)!.resolved!;
    const expected = governance.pairs
      .filter((pair) => pair.fg === 'text.primary' && pair.modes.includes('light'))
      .filter((pair) => wcag.hex('#9ca3af', hex(`semantic.light.${pair.bg}`)) < pair.min)
      .map((pair) => `semantic.light.${pair.bg}`)
      .sort();
    expect(expected.length).toBeGreaterThan(1);
    expect(reported).toEqual(expected);
  });

  it('accepts a partner brand change that keeps every pair', () => {
    const { violations } = composeTheme(base, [
      { source: 't1', tokens: { primitive: { color: { neutral: { '50': { $value: '#f1f5f9' } } } } } },
    ]);
    expect(contrastViolations(violations)).toEqual([]);
  });
});

describe('T2 policy in the cascade', () => {
  const policy: Policy = {
    allow: ['semantic.*.interactive.primary', 'primitive.radius.md'],
    ranges: { 'semantic.*.interactive.primary': { maxDeltaE: 0.1 }, 'primitive.radius.*': { max: '16px' } },
  };

  it("refuses customer changes outside the partner's allow-list and ranges, with the range", () => {
    const { violations } = composeTheme(
      base,
      [
        { source: 't1', tokens: {} },
        {
          source: 't2',
          tokens: {
            semantic: {
              light: { interactive: { primary: { $value: '#16a34a' } }, text: { primary: { $value: '#000000' } } },
            },
            primitive: { radius: { md: { $value: '2rem' } } },
          },
        },
      ],
      { policy },
    );
    const byRule = (rule: string) => violations.filter((v) => v.rule === rule).map((v) => [v.path, v.range]);
    expect(byRule('not_allowed')).toEqual([['semantic.light.text.primary', undefined]]);
    expect(byRule('out_of_range')).toEqual([
      ['primitive.radius.md', { max: '16px' }],
      ['semantic.light.interactive.primary', { maxDeltaE: 0.1 }],
    ]);
  });

  it('accepts a customer change within the policy', () => {
    const { violations } = composeTheme(
      base,
      [
        { source: 't1', tokens: {} },
        { source: 't2', tokens: { primitive: { radius: { md: { $value: '12px' } } } } },
      ],
      { policy },
    );
    expect(violations.filter((v) => v.rule === 'not_allowed' || v.rule === 'out_of_range')).toEqual([]);
  });
});
