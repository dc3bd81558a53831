// Hand-built merged themes for the emission tests: the shapes the engine core produces
// (MergedToken with raw / css / alias / resolved), small enough to reason about.

import postcss, { type Rule } from 'postcss';
import type { LayerSource, MergedTheme, MergedToken, Mode, TokenType } from '../../src/engine/types.ts';

export interface TokenSpec {
  type: TokenType;
  /** A CSS value, or `{a.b}` for an alias. */
  value: string;
  description?: string;
  source?: LayerSource;
}

/** Builds a resolved MergedTheme from `path → spec`, following aliases like the engine does. */
export function theme(specs: Record<string, TokenSpec>): MergedTheme {
  const tokens = new Map<string, MergedToken>();
  for (const [path, spec] of Object.entries(specs)) {
    const alias = /^\{([^{}]+)\}$/.exec(spec.value)?.[1];
    const token: MergedToken = { path, type: spec.type, raw: spec.value, source: spec.source ?? 'base' };
    if (alias !== undefined) token.alias = alias;
    else {
      token.css = spec.value;
      token.value = spec.value;
    }
    if (spec.description !== undefined) token.description = spec.description;
    tokens.set(path, token);
  }
  for (const token of tokens.values()) {
    token.resolved = resolve(tokens, token.path, new Set());
    if (token.resolved !== undefined) token.resolvedValue = token.resolved;
  }
  return { tokens };
}

function resolve(tokens: Map<string, MergedToken>, path: string, seen: Set<string>): string | undefined {
  const token = tokens.get(path);
  if (!token || seen.has(path)) return undefined;
  seen.add(path);
  return token.alias === undefined ? token.css : resolve(tokens, token.alias, seen);
}

/** base ← layer: the layer's specs replace or add paths, then everything is re-resolved. */
export function layered(base: Record<string, TokenSpec>, layer: Record<string, TokenSpec>): MergedTheme {
  return theme({ ...base, ...layer });
}

const color = (value: string): TokenSpec => ({ type: 'color', value });

/** A miniature base in the layout of tokens/: primitives, and semantic light/dark aliasing into them. */
export const baseSpecs: Record<string, TokenSpec> = {
  'primitive.color.white': color('#ffffff'),
  'primitive.color.black': color('#000000'),
  'primitive.color.neutral.50': color('#f8fafc'),
  'primitive.color.neutral.100': color('#f1f5f9'),
  'primitive.color.neutral.900': color('#0f172a'),
  'primitive.color.brand.500': color('#6366f1'),
  'primitive.color.brand.600': color('#4f46e5'),
  'primitive.color.red.600': color('#DC2626'),
  'primitive.color.red.500': color('#EF4444'),
  'primitive.spacing.0': { type: 'dimension', value: '0px' },
  'primitive.spacing.4': { type: 'dimension', value: '1rem' },
  'primitive.spacing.0-5': { type: 'dimension', value: '0.125rem' },
  'primitive.radius.md': { type: 'dimension', value: '6px' },
  'primitive.font.family.sans': { type: 'fontFamily', value: '"Inter", system-ui, sans-serif' },
  'primitive.font.size.sm': { type: 'dimension', value: '0.875rem' },
  'primitive.font.weight.bold': { type: 'fontWeight', value: '700' },
  'primitive.font.lineHeight.normal': { type: 'number', value: '1.5' },
  'primitive.duration.fast': { type: 'duration', value: '150ms' },
  'primitive.easing.standard': { type: 'cubicBezier', value: 'cubic-bezier(0.4, 0, 0.2, 1)' },
  'semantic.light.background.canvas': color('{primitive.color.white}'),
  'semantic.light.background.surface': color('{primitive.color.neutral.50}'),
  'semantic.light.text.primary': color('{primitive.color.neutral.900}'),
  'semantic.light.interactive.primary': color('{primitive.color.brand.600}'),
  'semantic.light.interactive.primary-hover': color('{semantic.light.interactive.primary}'),
  'semantic.light.status.error': color('{primitive.color.red.600}'),
  'semantic.light.accessibility.focus-ring-width': { type: 'dimension', value: '2px' },
  'semantic.dark.background.canvas': color('{primitive.color.neutral.900}'),
  'semantic.dark.background.surface': color('#1e293b'),
  'semantic.dark.text.primary': color('{primitive.color.neutral.50}'),
  'semantic.dark.interactive.primary': color('{primitive.color.brand.500}'),
  'semantic.dark.interactive.primary-hover': color('{semantic.dark.interactive.primary}'),
  'semantic.dark.status.error': color('{primitive.color.red.500}'),
  'semantic.dark.accessibility.focus-ring-width': {
    type: 'dimension',
    value: '{semantic.light.accessibility.focus-ring-width}',
  },
};

export const fixtureBase: MergedTheme = theme(baseSpecs);

// ---------------------------------------------------------------------------------------------------
// A tiny CSS cascade over what theme.css can contain, computed from postcss's parse (not from our
// emitter's data structures): which value each custom property has on <html> in a given page state.

export interface PageState {
  /** The `data-theme` attribute on <html>, if any. */
  dataTheme: 'light' | 'dark' | null;
  prefersDark: boolean;
}

export const PAGE_STATES: PageState[] = [
  { dataTheme: null, prefersDark: false },
  { dataTheme: null, prefersDark: true },
  { dataTheme: 'light', prefersDark: false },
  { dataTheme: 'light', prefersDark: true },
  { dataTheme: 'dark', prefersDark: false },
  { dataTheme: 'dark', prefersDark: true },
];

/** The mode a page in `state` should show. */
export function expectedMode(state: PageState): Mode {
  return state.dataTheme ?? (state.prefersDark ? 'dark' : 'light');
}

/** Specificity of the selectors theme.css may use, when they match `state`; throws on anything else. */
function matchSpecificity(rule: Rule, state: PageState): number | null {
  const media = rule.parent?.type === 'atrule' ? (rule.parent as postcss.AtRule) : null;
  if (media && !(media.name === 'media' && media.params === '(prefers-color-scheme: dark)')) {
    throw new Error(`unexpected at-rule @${media.name} ${media.params}`);
  }
  if (media && !state.prefersDark) return null;
  switch (rule.selector) {
    case ':root':
      return media ? null : 10;
    case '[data-theme="dark"]':
      return !media && state.dataTheme === 'dark' ? 10 : null;
    case ':root:not([data-theme="light"])':
      return media && state.dataTheme !== 'light' ? 20 : null;
    default:
      throw new Error(`unexpected selector ${rule.selector}`);
  }
}

/** Every custom property's computed value on <html> for `state`, var() references substituted. */
export function computedProperties(css: string, state: PageState): Record<string, string> {
  const winners = new Map<string, { specificity: number; order: number; value: string }>();
  let order = 0;
  postcss.parse(css).walkRules((rule) => {
    const specificity = matchSpecificity(rule, state);
    rule.each((node) => {
      order++;
      if (specificity === null || node.type !== 'decl') return;
      const current = winners.get(node.prop);
      if (!current || specificity >= current.specificity)
        winners.set(node.prop, { specificity, order, value: node.value });
    });
  });
  const computed: Record<string, string> = {};
  const substitute = (value: string, depth: number): string =>
    value.replace(/var\((--[^)]+)\)/g, (_, name: string) => {
      const target = winners.get(name);
      if (!target || depth > 20) throw new Error(`var(${name}) does not resolve`);
      return substitute(target.value, depth + 1);
    });
  for (const [name, { value }] of winners) computed[name] = substitute(value, 0);
  return computed;
}
