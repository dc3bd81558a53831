// The studio's editing model against the server: the browser must judge a draft exactly as PUT /tokens/overrides
// would (src/themes/validate.ts composeChange), group tokens as the editor shows them, bound a customer's inputs by
// its partner's policy, and turn a failing contrast pair into a passing one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChainLayer } from '../../src/db/queries/tokens.ts';
import type { Policy } from '../../src/engine/types.ts';
import type { StudioChainMember, StudioData, StudioPlatform } from '../../src/studio/contract.ts';
import {
  applySuggestion,
  createModel,
  oklchText,
  parseInput,
  removeToken,
  setTokenValue,
  tokenAt,
} from '../../src/studio/client/model.ts';
import { submittedTreeViolations } from '../../src/themes/compile.ts';
import { loadPlatform, type PlatformArtifacts } from '../../src/themes/platform.ts';
import { composeChange } from '../../src/themes/validate.ts';

const platform = loadPlatform();
const artifacts = JSON.parse(
  readFileSync(new URL('../../build/base.artifacts.json', import.meta.url), 'utf8'),
) as PlatformArtifacts;
// What GET /studio/platform.json answers: the same token data the server's platform was prepared from.
const studioPlatform: StudioPlatform = {
  base: artifacts.tokens.base,
  governance: artifacts.tokens.governance,
  catalog: artifacts.tokens.catalog,
};

const demo = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../tokens/demo/${file}`, import.meta.url), 'utf8'));
const semantic = demo('../base/semantic.json') as {
  semantic: { light: { text: { primary: { $value: string } } } };
};

interface Tenant {
  id: string;
  tier: 0 | 1 | 2;
  content: unknown;
  theme?: string | null;
  policy?: Policy | null;
}

const T0: Tenant = { id: 't0', tier: 0, content: null };
const ACME: Tenant = { id: 'acme', tier: 1, content: demo('acme.json'), theme: 'ocean' };
const ACME_POLICY = demo('acme.policy.json') as Policy;
const SHOP: Tenant = { id: 'shop', tier: 2, content: demo('acme.shop.json') };
const GLOBEX: Tenant = { id: 'globex', tier: 1, content: demo('globex.json') };
const GLOBEX_POLICY = demo('globex.policy.json') as Policy;
const STORE: Tenant = { id: 'store', tier: 2, content: demo('globex.store.json') };

function member(t: Tenant, version: number | null): StudioChainMember {
  return { tenantId: t.id, tier: t.tier, version, content: t.content, theme: t.theme ?? null };
}

/** The page data for the last tenant of `chain`, as the server embeds it. */
function studioData(chain: Tenant[], policy: Policy | null): StudioData {
  const self = chain.at(-1)!;
  return {
    tenant: { id: self.id, slug: self.id, name: self.id, tier: self.tier, host: `${self.id}.example` },
    viewer: { level: null, role: null, providers: [] },
    chain: chain.map((t) => member(t, t.content === null ? null : 1)),
    policy: self.tier === 2 ? policy : null,
    platformKey: 'test',
    themeHref: '/theme.css',
  };
}

/** The server's rows for the same chain (livery_chain_layers): the policy on the partner's row. */
function chainLayers(chain: Tenant[], policy: Policy | null): ChainLayer[] {
  return chain.map((t) => ({
    ...member(t, t.content === null ? null : 1),
    status: 'active',
    contentHash: null,
    policy: t.tier === 1 ? policy : null,
    providers: null,
  })) as ChainLayer[];
}

function serverValidation(chain: Tenant[], policy: Policy | null, tree: unknown) {
  const self = chain.at(-1)!;
  // validateLayer's steps before and after its database read.
  const unusable = submittedTreeViolations(self.tier, tree);
  if (unusable.length > 0) return { ok: false, violations: unusable, warnings: [] };
  const { result } = composeChange(platform, chainLayers(chain, policy), { tier: self.tier, content: tree });
  return { ok: result.ok, violations: result.violations, warnings: result.warnings };
}

function browserValidation(chain: Tenant[], policy: Policy | null, tree: unknown) {
  const { ok, violations, warnings } = createModel(studioData(chain, policy), studioPlatform).check(tree);
  return { ok, violations, warnings };
}

const shopChain = [T0, ACME, SHOP];
const storeChain = [T0, GLOBEX, STORE];

describe('validation in the browser', () => {
  const cases: [string, Tenant[], Policy | null, unknown][] = [
    ['a customer republishing its layer', shopChain, ACME_POLICY, SHOP.content],
    [
      'a customer changing a path its policy does not allow',
      shopChain,
      ACME_POLICY,
      setTokenValue(SHOP.content, 'semantic.light.text.primary', '#333333'),
    ],
    [
      'a customer moving a color further than the range allows',
      shopChain,
      ACME_POLICY,
      setTokenValue(SHOP.content, 'semantic.light.interactive.primary', '#ff00aa'),
    ],
    [
      'a customer outside the hue range of a policy without allowing a path',
      storeChain,
      GLOBEX_POLICY,
      setTokenValue(STORE.content, 'semantic.light.interactive.primary', '#1d4ed8'),
    ],
    [
      'a partner breaking contrast',
      [T0, ACME],
      null,
      setTokenValue(ACME.content, 'semantic.light.text.link', '#9ec5fe'),
    ],
    [
      'a partner changing a protected token',
      [T0, ACME],
      null,
      setTokenValue(ACME.content, 'semantic.light.status.error', '#ff0000'),
    ],
    [
      'an unresolvable alias',
      [T0, ACME],
      null,
      setTokenValue(ACME.content, 'semantic.dark.text.primary', '{primitive.color.nope}'),
    ],
    ['a customer without a policy', [T0, GLOBEX, STORE], null, STORE.content],
    ['a null body', shopChain, ACME_POLICY, null],
  ];

  it.each(cases)('agrees with the server: %s', (_, chain, policy, tree) => {
    const server = serverValidation(chain, policy, tree);
    expect(browserValidation(chain, policy, tree)).toEqual(server);
  });

  it('finds what the cases are about (the parity above is not between two empty answers)', () => {
    const rules = cases.map(([, chain, policy, tree]) =>
      browserValidation(chain, policy, tree).violations.map((v) => v.rule),
    );
    expect(rules[0]).toEqual([]);
    expect(rules[1]).toContain('not_allowed');
    expect(rules[2]).toContain('out_of_range');
    expect(rules[3]).toContain('out_of_range');
    expect(rules[4]).toContain('contrast');
    expect(rules[5]).toContain('protected');
    expect(rules[6]).toContain('alias_unresolved');
    expect(rules[7]).toContain('not_allowed');
    expect(rules[8]).toEqual(['schema']);
  });
});

describe('token groups', () => {
  const model = createModel(studioData(shopChain, ACME_POLICY), studioPlatform);
  const checked = model.check(SHOP.content);
  const groups = model.groups(SHOP.content, checked.theme);
  const find = (path: string) => {
    for (const group of groups) {
      const token = group.tokens.find((t) => t.path === path);
      if (token) return { group: group.name, token };
    }
    throw new Error(`${path} is in no group`);
  };

  it('sorts tokens as designers look for them, in a fixed order', () => {
    expect(groups.map((g) => g.name)).toEqual([
      'Brand colors',
      'Surfaces',
      'Text',
      'Interactive',
      'Radius',
      'Spacing',
      'Type',
      'Other',
    ]);
    expect(find('primitive.color.ocean.700').group).toBe('Brand colors');
    expect(find('semantic.dark.background.brand-subtle').group).toBe('Brand colors');
    expect(find('semantic.light.background.canvas').group).toBe('Surfaces');
    expect(find('semantic.dark.border.strong').group).toBe('Surfaces');
    expect(find('semantic.light.text.primary').group).toBe('Text');
    expect(find('semantic.dark.interactive.primary-hover').group).toBe('Interactive');
    expect(find('primitive.radius.md').group).toBe('Radius');
    expect(find('primitive.spacing.4').group).toBe('Spacing');
    expect(find('primitive.font.family.sans').group).toBe('Type');
    expect(find('semantic.light.status.error').group).toBe('Other');
    const all = groups.flatMap((g) => g.tokens.map((t) => t.path));
    expect(new Set(all).size).toBe(all.length);
    // Every token of the merged theme (the base and the ocean catalog theme's palette) is listed once.
    expect(all.length).toBe(checked.theme!.tokens.size);
    expect(all.length).toBeGreaterThan(platform.base.theme.tokens.size);
  });

  it("shows the draft's own value, the inherited one and who refers to a token", () => {
    const primary = find('semantic.light.interactive.primary').token;
    expect(primary).toMatchObject({ own: true, text: '#0b5d8a', current: '#0b5d8a' });
    // Acme's layer points it at the ocean theme's 700.
    expect(primary.inherited).toBe(find('primitive.color.ocean.700').token.current);
    const text = find('semantic.light.text.primary').token;
    expect(text.own).toBe(false);
    expect(text.text).toBe(semantic.semantic.light.text.primary.$value);
    expect(find('primitive.color.neutral.900').token.aliases).toContain('semantic.light.text.primary');
    // A literal set as a DTCG object shows as CSS text.
    expect(find('primitive.radius.md').token).toMatchObject({ own: true, text: '10px' });
  });

  it("lets a customer edit only what its partner's policy allows, within its ranges", () => {
    expect(find('semantic.light.text.primary').token.lock).toMatch(/policy does not allow/);
    expect(find('semantic.light.status.error').token.lock).toMatch(/Protected/);
    expect(find('semantic.dark.interactive.primary').token.lock).toBeNull();
    expect(find('primitive.radius.lg').token).toMatchObject({ lock: null, bounds: ['between 0px and 16px'] });
    const link = find('semantic.light.text.link').token;
    expect(link.bounds).toEqual([`at most ΔE 0.1 from your partner's ${link.inherited}`]);
    const editable = groups.flatMap((g) => g.tokens).filter((t) => t.lock === null);
    // acme.policy.json: 4 semantic patterns × 2 modes + 3 radii.
    expect(editable.map((t) => t.path).sort()).toEqual(
      [
        'primitive.radius.lg',
        'primitive.radius.md',
        'primitive.radius.sm',
        ...['light', 'dark'].flatMap((m) =>
          ['interactive.primary', 'interactive.primary-active', 'interactive.primary-hover', 'text.link'].map(
            (p) => `semantic.${m}.${p}`,
          ),
        ),
      ].sort(),
    );
  });

  it('shows lightness and hue bounds', () => {
    const store = createModel(studioData(storeChain, GLOBEX_POLICY), studioPlatform);
    const token = store
      .groups(STORE.content, null)
      .flatMap((g) => g.tokens)
      .find((t) => t.path === 'semantic.light.interactive.primary')!;
    expect(token.bounds).toEqual(['OKLCH lightness between 0.4 and 0.58', 'OKLCH hue between 330° and 20°']);
  });

  it('locks nothing but protected tokens for a partner', () => {
    const acme = createModel(studioData([T0, ACME], null), studioPlatform);
    const tokens = acme.groups(ACME.content, null).flatMap((g) => g.tokens);
    const locked = tokens.filter((t) => t.lock !== null).map((t) => t.path);
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.every((path) => platform.base.isProtected(path))).toBe(true);
    expect(tokens.find((t) => t.path === 'semantic.light.text.primary')!.lock).toBeNull();
  });
});

describe('contrast', () => {
  it('lists every governed pair in both modes, each measured', () => {
    const model = createModel(studioData([T0, ACME], null), studioPlatform);
    const rows = model.contrast(model.check(ACME.content).theme);
    const pairs = platform.base.governance.pairs;
    expect(rows).toHaveLength(pairs.reduce((n, p) => n + p.modes.length, 0));
    expect(rows.every((r) => r.pass && r.ratio !== null && r.ratio >= r.required && r.suggestion === null)).toBe(true);
  });

  it("applying a partner's suggestion makes the failing pair pass", () => {
    const model = createModel(studioData([T0, ACME], null), studioPlatform);
    const draft = setTokenValue(ACME.content, 'semantic.light.text.link', '#9ec5fe');
    const failing = model.contrast(model.check(draft).theme).filter((r) => !r.pass);
    const row = failing.find((r) => r.fg === 'text.link' && r.bg === 'background.canvas' && r.mode === 'light')!;
    expect(row.suggestion?.path).toBe('semantic.light.text.link');
    const fixed = applySuggestion(draft, row);
    const after = model.check(fixed);
    const again = model.contrast(after.theme).find((r) => r.fg === row.fg && r.bg === row.bg && r.mode === 'light')!;
    expect(again.pass).toBe(true);
    // The dark mode's value is untouched.
    expect(tokenAt(fixed, 'semantic.dark.text.link')).toEqual(tokenAt(draft, 'semantic.dark.text.link'));
  });

  it("moves a customer's background when the foreground is not theirs to change", () => {
    const model = createModel(studioData(shopChain, ACME_POLICY), studioPlatform);
    const draft = setTokenValue(SHOP.content, 'semantic.light.interactive.primary', '#3d9ad1');
    const row = model
      .contrast(model.check(draft).theme)
      .find((r) => r.fg === 'text.inverse' && r.bg === 'interactive.primary' && r.mode === 'light')!;
    expect(row.pass).toBe(false);
    expect(row.suggestion?.path).toBe('semantic.light.interactive.primary');
    const after = model.check(applySuggestion(draft, row));
    expect(after.violations.filter((v) => v.rule === 'not_allowed')).toEqual([]);
    const again = model.contrast(after.theme).find((r) => r.fg === 'text.inverse' && r.bg === 'interactive.primary')!;
    expect(again.pass).toBe(true);
  });
});

describe('draft helpers', () => {
  it('sets and removes a path, keeping the rest of the tree', () => {
    const set = setTokenValue(SHOP.content, 'semantic.light.text.link', '#123456');
    expect(tokenAt(set, 'semantic.light.text.link')).toEqual({ $value: '#123456' });
    expect(tokenAt(set, 'primitive.radius.md')).toEqual({ $value: '10px' });
    expect(removeToken(set, 'semantic.light.text.link')).toEqual(SHOP.content);
    // The last token of a branch takes its now empty groups with it.
    expect(removeToken({ primitive: { radius: { md: { $value: '1px' } } } }, 'primitive.radius.md')).toEqual({});
  });

  it('reads input text as the value its type needs', () => {
    expect(parseInput(' 600 ', 'fontWeight')).toBe(600);
    expect(parseInput('{primitive.color.white}', 'color')).toBe('{primitive.color.white}');
    expect(parseInput('{primitive.shadow.md}', 'shadow')).toBe('{primitive.shadow.md}');
    expect(parseInput('{"color":"#000","width":"1px","style":"solid"}', 'border')).toEqual({
      color: '#000',
      width: '1px',
      style: 'solid',
    });
  });

  it('reads a color out in OKLCH', () => {
    // CSS Color 4: sRGB red is oklch(0.628 0.2577 29.23).
    expect(oklchText('#ff0000')).toBe('oklch(0.63 0.26 29)');
    expect(oklchText('16px')).toBeUndefined();
  });
});
