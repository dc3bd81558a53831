// A small base tree and governance for focused engine tests: every supported type, aliases across groups,
// protected tokens that alias primitives, and a `status.errorText` sibling to catch prefix matching.
// The real base (src/tokens.ts) is exercised in base-data.test.ts and the property tests.
import { composeTheme, prepareBase, type ComposeOptions, type ComposeResult } from '../../src/engine/index.ts';
import type { Governance, Layer, Rule } from '../../src/engine/types.ts';

export const fixtureTree = {
  primitive: {
    color: {
      $type: 'color',
      white: { $value: '#ffffff' },
      black: { $value: { colorSpace: 'srgb', components: [0, 0, 0] } },
      blue: { '500': { $value: '#3b82f6' }, '700': { $value: '#1d4ed8' } },
      red: { '600': { $value: '#dc2626', $description: 'Errors.' } },
      gray: { '900': { $value: '#111827' } },
    },
    spacing: { $type: 'dimension', '1': { $value: '4px' }, '2': { $value: { value: 8, unit: 'px' } } },
    font: {
      family: { $type: 'fontFamily', sans: { $value: ['Inter', 'system-ui', 'sans-serif'] } },
      weight: { $type: 'fontWeight', bold: { $value: 'bold' } },
    },
    motion: {
      duration: { $type: 'duration', fast: { $value: { value: 150, unit: 'ms' } } },
      easing: { $type: 'cubicBezier', standard: { $value: [0.2, 0, 0, 1] } },
    },
    ratio: { $type: 'number', body: { $value: 1.5 } },
  },
  semantic: {
    light: {
      $type: 'color',
      background: { canvas: { $value: '{primitive.color.white}' } },
      text: { primary: { $value: '{primitive.color.gray.900}' }, link: { $value: '{primitive.color.blue.700}' } },
      status: { error: { $value: '{primitive.color.red.600}' }, errorText: { $value: '{primitive.color.red.600}' } },
      focus: { ring: { $value: '{semantic.light.text.link}' } },
      accessibility: { $type: 'dimension', 'min-target': { $value: '44px' } },
    },
    dark: {
      $type: 'color',
      background: { canvas: { $value: '{primitive.color.black}' } },
      text: { primary: { $value: '{primitive.color.white}' }, link: { $value: '{primitive.color.blue.500}' } },
      status: { error: { $value: '{primitive.color.red.600}' }, errorText: { $value: '#f87171' } },
      focus: { ring: { $value: '{primitive.color.blue.500}' } },
      accessibility: { $type: 'dimension', 'min-target': { $value: '44px' } },
    },
  },
};

export const fixtureGovernance: Governance = {
  protected: ['semantic.*.status.error', 'semantic.*.focus.ring', 'semantic.*.accessibility'],
  pairs: [{ fg: 'text.primary', bg: 'background.canvas', min: 4.5, modes: ['light', 'dark'] }],
  required: ['semantic.*.text.primary', 'semantic.*.background.canvas'],
};

export const fixtureBase = prepareBase(fixtureTree, fixtureGovernance);

/** The rules this engineer owns: tests of them are not disturbed by contrast or policy. */
export const CORE_RULES: Rule[] = [
  'schema',
  'unknown_path',
  'type_mismatch',
  'alias_unresolved',
  'alias_cycle',
  'protected',
];

/** Compose over the fixture base, checking the core rules only unless `options.rules` says otherwise. */
export function compose(layers: Layer[], options: ComposeOptions = {}): ComposeResult {
  return composeTheme(fixtureBase, layers, { rules: CORE_RULES, ...options });
}

/** A layer tree setting `path` to `token` (a `{$value, …}` object). */
export function at(path: string, token: Record<string, unknown>): Record<string, unknown> {
  return path.split('.').reduceRight<Record<string, unknown>>((inner, name) => ({ [name]: inner }), token);
}

/** A layer of `source` setting each path to a `$value`. */
export function layer(source: Layer['source'], values: Record<string, unknown>): Layer {
  const tokens: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    let node = tokens;
    const names = path.split('.');
    for (const name of names.slice(0, -1)) node = (node[name] ??= {}) as Record<string, unknown>;
    node[names[names.length - 1]!] = { $value: value };
  }
  return { source, tokens };
}

export function resolvedOf(result: ComposeResult, path: string): string | undefined {
  return result.theme.tokens.get(path)?.resolved;
}
