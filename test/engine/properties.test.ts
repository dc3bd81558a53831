// Properties of the engine core over generated input (fast-check), on the real base data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyValues } from '../../src/engine/emit/values.ts';
import {
  composeTheme,
  normaliseValue,
  parseTree,
  prepareBase,
  TOKEN_TYPES,
  unsafeCssReason,
} from '../../src/engine/index.ts';
import { arbitraryValueOf } from './arbitraries.ts';
import type { Layer, MergedTheme, Rule, TokenType } from '../../src/engine/types.ts';
import { baseTree, governance } from '../../src/tokens.ts';

const base = prepareBase(baseTree, governance);
const basePaths = [...base.theme.tokens.keys()];
const RULES: ReadonlySet<Rule> = new Set<Rule>([
  'schema',
  'unknown_path',
  'type_mismatch',
  'alias_unresolved',
  'alias_cycle',
  'protected',
  'not_allowed',
  'out_of_range',
  'contrast',
  'name_collision',
]);
// Lets a T2 set anything, so generated T2 layers are judged by the rules under test, not refused wholesale.
const OPEN_POLICY = { allow: ['primitive', 'semantic'], ranges: {} };
const STRUCTURAL_RULES: Rule[] = [
  'schema',
  'unknown_path',
  'type_mismatch',
  'alias_unresolved',
  'alias_cycle',
  'protected',
  'not_allowed',
];

/** Every path a protected token's alias chain passes through: the paths a bypass would target. */
const protectedChains = [
  ...new Set(
    base.protectedPaths.flatMap((path) => {
      const chain: string[] = [];
      for (let p: string | undefined = path; p !== undefined && !chain.includes(p); p = base.theme.tokens.get(p)?.alias)
        chain.push(p);
      return chain;
    }),
  ),
];

/** Base paths by type: what a generated composite's parts may refer to. */
const pathsByType: Partial<Record<TokenType, string[]>> = {};
for (const [path, token] of base.theme.tokens) (pathsByType[token.type] ??= []).push(path);

/** A change to one base path: a value of its type, or an alias to any base path (possibly of another type). */
const change = fc
  .oneof(fc.constantFrom(...protectedChains), fc.constantFrom(...basePaths))
  .chain((path) =>
    fc.tuple(
      fc.constant(path),
      fc.oneof(
        { weight: 3, arbitrary: arbitraryValueOf(base.theme.tokens.get(path)!.type, pathsByType) },
        { weight: 1, arbitrary: fc.constantFrom(...basePaths).map((p) => `{${p}}`) },
      ),
    ),
  );

function treeOf(changes: [string, unknown][]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const [path, value] of changes) {
    let node = tree;
    const names = path.split('.');
    for (const name of names.slice(0, -1)) node = (node[name] ??= {}) as Record<string, unknown>;
    node[names[names.length - 1]!] = { $value: value };
  }
  return tree;
}

const generatedLayer = fc
  .record({
    source: fc.constantFrom<Layer['source']>('theme', 't1', 't2'),
    changes: fc.array(change, { minLength: 1, maxLength: 4 }),
  })
  .map(({ source, changes }): Layer => ({ source, tokens: treeOf(changes) }));

const snapshot = (theme: MergedTheme) => [...theme.tokens.entries()];

describe('engine properties', () => {
  it('an empty layer changes nothing, however its empty groups nest', () => {
    const emptyGroups = fc.letrec<{ group: Record<string, unknown> }>((tie) => ({
      group: fc.oneof(
        { depthSize: 'small' },
        fc.constant({}),
        fc.constant({ $description: 'Nothing here.' }),
        fc.dictionary(fc.constantFrom('primitive', 'semantic', 'color', 'light', 'x'), tie('group'), { maxKeys: 3 }),
      ),
    })).group;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ source: fc.constantFrom<Layer['source']>('t0', 't1', 't2', 'theme'), tokens: emptyGroups }),
          { maxLength: 4 },
        ),
        (layers) => {
          const result = composeTheme(base, layers, { policy: OPEN_POLICY });
          expect(result.ok).toBe(true);
          expect(snapshot(result.theme)).toEqual(snapshot(base.theme));
        },
      ),
    );
  });

  it("no accepted layer ever changes a protected token's resolved value", () => {
    let accepted = 0;
    let refusedAsProtected = 0;
    fc.assert(
      fc.property(fc.array(generatedLayer, { minLength: 1, maxLength: 3 }), (layers) => {
        const result = composeTheme(base, layers, { policy: OPEN_POLICY, rules: STRUCTURAL_RULES });
        if (result.violations.some((v) => v.rule === 'protected')) refusedAsProtected++;
        if (!result.ok) return;
        accepted++;
        for (const path of base.protectedPaths) {
          expect(result.theme.tokens.get(path)?.resolved, path).toBe(base.theme.tokens.get(path)!.resolved);
        }
      }),
      { numRuns: 400 },
    );
    // Both sides of the property were exercised (typically ~100 and ~30 of 400 runs).
    expect(accepted).toBeGreaterThan(5);
    expect(refusedAsProtected).toBeGreaterThan(5);
  });

  it('merging is deterministic: the same input gives the same theme, in the same order, and the same report', () => {
    fc.assert(
      fc.property(fc.array(generatedLayer, { maxLength: 3 }), (layers) => {
        const first = composeTheme(base, layers, { policy: OPEN_POLICY });
        const second = composeTheme(base, structuredClone(layers), { policy: OPEN_POLICY });
        expect(snapshot(second.theme)).toEqual(snapshot(first.theme));
        expect(second.violations).toEqual(first.violations);
        expect(second.warnings).toEqual(first.warnings);
      }),
      { numRuns: 150 },
    );
  });

  it('hostile trees never throw, never pollute, and every violation has a path', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        '$value',
        '$type',
        '$ref',
        '$extensions',
        'primitive',
        'semantic',
        'color',
      ),
    );
    const anything = fc.anything({
      key,
      maxDepth: 6,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withObjectString: true,
    });
    const tokenish = fc.record(
      {
        $type: fc.oneof(fc.constantFrom('color', 'dimension', 'fontFamily', 'shadow', 'typography'), fc.string()),
        $value: anything,
      },
      { requiredKeys: [] },
    );
    const hostile = fc.oneof(
      anything,
      fc.dictionary(key, fc.oneof(anything, tokenish, fc.dictionary(key, tokenish))),
      fc.constantFrom(...basePaths).chain((path) => tokenish.map((token) => treeOf([[path, token.$value]]))),
      fc
        .jsonValue()
        .map((value) =>
          JSON.parse(
            `{"__proto__": ${JSON.stringify({ polluted: { $value: value } })}, "constructor": {"prototype": {"polluted": true}}}`,
          ),
        ),
      fc.integer({ min: 33, max: 20_000 }).map((depth) => {
        let tree: unknown = { $type: 'color', $value: 'red' };
        for (let i = 0; i < depth; i++) tree = { g: tree };
        return tree;
      }),
    );
    fc.assert(
      fc.property(hostile, fc.constantFrom<Layer['source']>('theme', 't0', 't1', 't2'), (tokens, source) => {
        const parsed = parseTree(tokens);
        const result = composeTheme(base, [{ source, tokens }], { policy: OPEN_POLICY });
        for (const violation of [...parsed.violations, ...result.violations]) {
          expect(violation.path).toBeTypeOf('string');
          expect(violation.path.length).toBeGreaterThan(0);
          expect(RULES.has(violation.rule)).toBe(true);
          expect(violation.message).toBeTypeOf('string');
        }
        // Nothing unsafe reaches the theme, accepted or not.
        for (const token of result.theme.tokens.values()) {
          for (const { value } of propertyValues(token.type, token.resolvedValue) ?? [])
            expect(unsafeCssReason(value), token.path).toBeUndefined();
        }
        expect(Object.prototype).not.toHaveProperty('polluted');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('value normalisers are total: CSS-like garbage never throws, and accepted CSS is always safe', () => {
    // An alphabet close to CSS color and dimension syntax reaches deep into culori's tokenizer.
    const cssish = fc.string({
      unit: fc.constantFrom(...'#/0123456789abcdefABCDEF()%, .-+eEgrlhsnoktpxmwv'),
      maxLength: 24,
    });
    const value = fc.oneof(
      cssish,
      fc.jsonValue(),
      fc.record(
        {
          colorSpace: fc.constantFrom('srgb', 'hsl', 'lab', 'oklch', 'display-p3'),
          components: fc.array(fc.oneof(fc.double(), fc.constant('none')), { maxLength: 4 }),
          alpha: fc.double(),
        },
        { requiredKeys: ['colorSpace'] },
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...(TOKEN_TYPES as Set<TokenType>)), value, (type, raw) => {
        const result = normaliseValue(type, raw);
        if (result.ok) {
          const properties = propertyValues(type, result.value);
          expect(properties, 'an accepted value is always emittable').toBeDefined();
          for (const { value } of properties!) expect(unsafeCssReason(value)).toBeUndefined();
        } else expect('message' in result ? result.message : result.failure).toBeDefined();
      }),
      { numRuns: 20_000 },
    );
  });
});
