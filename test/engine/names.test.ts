// Token names as real files write them: dots inside names, spaces, punctuation, other scripts. Paths are lists of
// names (joined by '.', which no name contains once parsed), they survive theme.json and come back the same, and
// every name reaches CSS as one escaped custom property that never breaks its declaration.
import fc from 'fast-check';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { cssVariableName, emitOverlay, toDtcgTree } from '../../src/engine/emit/light.ts';
import { checkTree, composeTheme, parseTree } from '../../src/engine/index.ts';
import { fixtureBase } from './fixtures.ts';

/** What CSS reads an escaped identifier as (CSS Syntax §4.3.7). */
function unescapeIdent(text: string): string {
  return text.replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/gsu, (_, hex: string | undefined, char: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : char!,
  );
}

// Names a design tool may write: letters of any script, digits, spaces, punctuation, and dots.
const name = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._()&+!:;,'/-]{0,10}$/),
    fc.constantFrom(
      '0.5',
      '1.5',
      'Primary Blue',
      'Grün',
      '中文',
      'a;b:c',
      'url(x)',
      'red !important',
      '/* x */',
      "it's",
      'x.y.z',
      '$root',
    ),
  )
  .filter((n) => n.trim() !== '' && n !== '__proto__' && n !== 'constructor' && n !== 'prototype');

describe('token names', () => {
  it('round-trip: parsed, written to theme.json and parsed again, every path comes back the same', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.array(name, { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 6,
          selector: (p) => p.join('\u0000'),
        }),
        (paths) => {
          const tree: Record<string, unknown> = {};
          for (const names of paths) {
            let node = tree;
            for (const n of names.slice(0, -1))
              node = (Object.hasOwn(node, n) && typeof node[n] === 'object' ? node[n] : (node[n] = {})) as Record<
                string,
                unknown
              >;
            const last = names.at(-1)!;
            if (!Object.hasOwn(node, last)) node[last] = { $type: 'number', $value: 1 };
          }
          const first = checkTree(tree);
          const written = toDtcgTree(first.theme);
          const again = parseTree(written);
          expect(again.violations).toEqual([]);
          expect(again.warnings.filter((w) => w.code === 'dotted_name')).toEqual([]); // written names no longer hold '.'
          expect([...again.tokens.keys()].sort()).toEqual([...first.theme.tokens.keys()].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('become one escaped custom property each: theme.css parses to exactly the properties meant', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), (names) => {
        const layer = {
          primitive: { added: Object.fromEntries(names.map((n) => [n, { $type: 'dimension', $value: '3px' }])) },
        };
        const result = composeTheme(fixtureBase, [{ source: 't1', tokens: layer }]);
        const accepted = [...result.theme.tokens.values()].filter((t) => t.path.startsWith('primitive.added.'));
        const css = emitOverlay(fixtureBase.theme, result.theme).css;
        const declared: string[] = [];
        postcss.parse(css).walkDecls((d) => void declared.push(d.prop));
        // every accepted token that was not refused for its CSS name is declared once, under its own name
        const omitted = new Set(result.violations.filter((v) => v.rule === 'name_collision').map((v) => v.path));
        const expected = accepted.filter((t) => !omitted.has(t.path)).map((t) => cssVariableName(t.path).name);
        expect(declared.sort()).toEqual(expected.sort());
        for (const token of accepted) {
          if (omitted.has(token.path)) continue;
          const segments = token.path.split('.');
          if (segments.at(-1) === '$root') segments.pop();
          expect(unescapeIdent(cssVariableName(token.path).name)).toBe(`--${segments.join('-').replace(/\s+/g, '-')}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a name that would emit the property another token emits, naming both', () => {
    const result = composeTheme(fixtureBase, [
      { source: 't1', tokens: { primitive: { a: { $type: 'number', 'b c': { $value: 1 }, 'b-c': { $value: 2 } } } } },
    ]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'name_collision',
        path: 'primitive.a.b-c',
        collidesWith: 'primitive.a.b c',
        property: '--primitive-a-b-c',
      }),
    ]);
  });
});
