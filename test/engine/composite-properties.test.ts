// Properties of composite tokens over generated input (fast-check), on the real base: restating a composite changes
// nothing, and whatever composite a layer writes — accepted or refused — the CSS stays exactly its declarations.
import fc from 'fast-check';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { isComposite } from '../../src/engine/composites.ts';
import { emitOverlay, themeDeclarations, toDtcgTree } from '../../src/engine/emit/light.ts';
import { propertyValues } from '../../src/engine/emit/values.ts';
import { composeTheme, prepareBase } from '../../src/engine/index.ts';
import type { TokenType } from '../../src/engine/types.ts';
import { baseTree, governance } from '../../src/tokens.ts';
import { arbitraryValueOf } from './arbitraries.ts';

const base = prepareBase(baseTree, governance);
const composites = [...base.theme.tokens.values()].filter((t) => isComposite(t.type)).map((t) => t.path);
const pathsByType: Partial<Record<TokenType, string[]>> = {};
for (const [path, token] of base.theme.tokens) (pathsByType[token.type] ??= []).push(path);
const dtcg = toDtcgTree(base.theme);

function tree(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, leaf] of entries) {
    const names = path.split('.');
    let node = out;
    for (const name of names.slice(0, -1)) node = (node[name] ??= {}) as Record<string, unknown>;
    node[names.at(-1)!] = leaf;
  }
  return out;
}
const at = (path: string) =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], dtcg) as Record<
    string,
    unknown
  >;

describe('composite properties', () => {
  it('a layer that sets composites to their current value — as written, or as theme.json writes it — changes nothing', () => {
    expect(composites.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(
        fc.subarray(composites, { minLength: 1 }),
        fc.boolean(),
        fc.constantFrom('theme', 't1') as fc.Arbitrary<'theme' | 't1'>,
        (paths, asWritten, source) => {
          const entries = paths.map((path): [string, unknown] => [
            path,
            { $value: asWritten ? base.theme.tokens.get(path)!.raw : at(path).$value },
          ]);
          const result = composeTheme(base, [{ source, tokens: tree(entries) }]);
          expect(result.violations).toEqual([]);
          // (theme.json writes em lengths as {value, unit}, which Terrazzo and Style Dictionary read but DTCG lists only
          // for px and rem: reading them back is noted, and changes nothing)
          for (const warning of result.warnings)
            expect(['protected_unchanged', 'non_standard_unit']).toContain(warning.code);
          for (const [path, token] of base.theme.tokens)
            expect(result.theme.tokens.get(path)?.resolved, path).toBe(token.resolved);
          expect(emitOverlay(base.theme, result.theme).css).toBe('');
        },
      ),
      { numRuns: 150 },
    );
  });

  const composite = fc
    .constantFrom<TokenType>('shadow', 'typography', 'border', 'transition', 'gradient', 'strokeStyle')
    .chain((type) => arbitraryValueOf(type, pathsByType).map((value) => ({ type, value })));
  // Hostile text where a part's value goes: it must be refused or written inert.
  const hostile = fc.constantFrom(
    ';} body { color: red',
    '</style><script>',
    'red /* x */',
    'url(https://evil.example)',
    '"',
    '0px;--x:1',
    '{primitive.color.white} }',
  );
  const poisoned = composite.chain(({ type, value }) =>
    fc.tuple(hostile, fc.nat()).map(([text, at]) => {
      const copy = structuredClone(value) as Record<string, unknown> | unknown[];
      const target = (Array.isArray(copy) ? copy[0] : copy) as Record<string, unknown> | string;
      if (typeof target === 'object' && target !== null) {
        const keys = Object.keys(target);
        target[keys[at % keys.length]!] = text;
      }
      return { type, value: copy as unknown };
    }),
  );

  it('emitted composite CSS parses, every declaration a custom property with exactly the value meant, nothing escapes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(composite, poisoned), { minLength: 1, maxLength: 4 }), (specs) => {
        const entries = specs.map(({ type, value }, i): [string, unknown] => [
          `primitive.generated.t${i}`,
          { $type: type, $value: value },
        ]);
        const result = composeTheme(base, [{ source: 't1', tokens: tree(entries) }], {
          rules: ['schema', 'type_mismatch', 'alias_unresolved', 'alias_cycle', 'name_collision'],
        });
        const css = emitOverlay(base.theme, result.theme).css;
        const root = postcss.parse(css);
        const stray: string[] = [];
        root.each((node) => {
          if (node.type === 'rule' && [':root', '[data-theme="dark"]'].includes(node.selector)) return;
          if (node.type === 'atrule' && node.name === 'media') return;
          stray.push(node.toString().slice(0, 80));
        });
        expect(stray).toEqual([]);
        const declared = new Map<string, string>();
        root.walkDecls((d) => {
          expect(d.prop.startsWith('--'), d.prop).toBe(true);
          declared.set(d.prop, d.value);
        });
        // every accepted generated token is declared with exactly its properties; a refused one not at all
        const { root: rootDeclarations } = themeDeclarations(result.theme);
        for (const [path] of entries) {
          const token = result.theme.tokens.get(path);
          const mine = [...rootDeclarations.values()].filter((d) => d.path === path);
          if (!token || token.resolvedValue === undefined) {
            expect(mine, path).toEqual([]);
            continue;
          }
          const properties = propertyValues(token.type, token.resolvedValue)!;
          expect(mine.map((d) => d.value).sort(), path).toEqual(properties.map((p) => p.value).sort());
          for (const d of mine) expect(declared.get(d.name), d.name).toBe(d.value);
        }
        for (const value of declared.values()) expect(value).not.toMatch(/[;{}<>]|\/\*|url\(/i);
      }),
      { numRuns: 400 },
    );
  });
});
