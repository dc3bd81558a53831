// The real data in tokens/ through the real engine: the base, every catalog theme and the demo cascades
// must be clean, and alias resolution must agree with Style Dictionary's own.
import { resolveReferences } from 'style-dictionary/utils';
import { describe, expect, it } from 'vitest';
import { composeTheme, normaliseValue, prepareBase } from '../../src/engine/index.ts';
import type { Layer } from '../../src/engine/types.ts';
import { baseTree, catalog, demo, findTheme, governance } from '../../src/tokens.ts';

const base = prepareBase(baseTree, governance);

describe('the real token data', () => {
  it('composes the base alone with zero violations, every rule included', () => {
    const result = composeTheme(base, []);
    expect(result.violations).toEqual([]);
    expect(result.warnings).toEqual([]);
    for (const token of result.theme.tokens.values()) expect(token.resolved, token.path).toBeTypeOf('string');
  });

  it.each(catalog.map((theme) => [theme.name, theme] as const))(
    'accepts the catalog theme %s as a layer',
    (_, theme) => {
      const result = composeTheme(base, [], { theme });
      expect(result.violations).toEqual([]);
      expect(result.theme).not.toBe(base.theme);
    },
  );

  it('accepts every demo partner and customer cascade with its policy', () => {
    const checked: string[] = [];
    for (const partner of demo.partners) {
      const theme = partner.theme ? findTheme(partner.theme) : null;
      const partnerLayers: Layer[] = partner.overrides ? [{ source: 't1', tokens: partner.overrides }] : [];
      expect(composeTheme(base, partnerLayers, { theme }).violations, partner.slug).toEqual([]);
      for (const customer of partner.customers) {
        const layers: Layer[] = customer.overrides
          ? [...partnerLayers, { source: 't2', tokens: customer.overrides }]
          : partnerLayers;
        expect(composeTheme(base, layers, { theme, policy: partner.policy }).violations, customer.slug).toEqual([]);
        checked.push(customer.slug);
      }
    }
    expect(checked.length).toBeGreaterThan(0);
  });

  it('resolves every base alias to what Style Dictionary resolves it to', () => {
    let aliases = 0;
    for (const token of base.theme.tokens.values()) {
      if (token.alias === undefined) continue;
      aliases++;
      // Style Dictionary resolves the alias; references inside a composite's parts are resolved by it too.
      const resolve = (value: unknown): unknown =>
        typeof value === 'string' && /^\{[^{}]+\}$/.test(value)
          ? resolve(resolveReferences(value, baseTree as never, { usesDtcg: true }))
          : Array.isArray(value)
            ? value.map(resolve)
            : value !== null && typeof value === 'object'
              ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]))
              : value;
      const expected = normaliseValue(token.type, resolve(`{${token.alias}}`));
      expect(expected.ok && expected.css, token.path).toBe(token.resolved);
    }
    expect(aliases).toBeGreaterThan(20);
  });

  it('protects the tokens the governance data names, in both modes', () => {
    for (const mode of ['light', 'dark']) {
      for (const path of ['status.error', 'status.success', 'status.warning', 'focus.ring']) {
        expect(base.protectedPaths).toContain(`semantic.${mode}.${path}`);
      }
      expect(base.protectedPaths.some((p) => p.startsWith(`semantic.${mode}.accessibility.`))).toBe(true);
      expect(base.protectedPaths).not.toContain(`semantic.${mode}.status.error-subtle`);
    }
  });
});
