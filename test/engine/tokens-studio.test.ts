import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertTokensStudio, isTokensStudio, type TokensStudioResult } from '../../src/engine/tokens-studio.ts';

type Tree = Record<string, any>;

const convert = (input: unknown, options?: { sets?: string[] }) => convertTokensStudio(input, options);
const tree = (input: unknown): Tree => {
  const result = convert(input);
  expect(result.violations).toEqual([]);
  return result.tree as Tree;
};
/** The converted token at `name` of a one-token file. */
const one = (token: unknown): Tree => tree({ t: token }).t;
const problems = (result: TokensStudioResult) => result.violations.map((v) => `${v.path} | ${v.message}`);
/** Warnings other than the one `tokens_studio` note. */
const notes = (result: TokensStudioResult) =>
  result.warnings.filter((w) => w.code !== 'tokens_studio').map((w) => `${w.path} | ${w.code}`);
const px = (value: number) => ({ value, unit: 'px' });

describe('recognising a Tokens Studio export', () => {
  it('recognises legacy {value, type} tokens without any DTCG $value', () => {
    expect(isTokensStudio({ color: { primary: { value: '#fff', type: 'color' } } })).toBe(true);
    expect(isTokensStudio({ a: { b: { c: { value: '4', type: 'spacing', description: 'x' } } } })).toBe(true);
  });

  it('recognises a multi-set file by $themes or $metadata.tokenSetOrder, whatever its tokens look like', () => {
    expect(isTokensStudio({ $themes: [], core: { a: { value: '#fff', type: 'color' } } })).toBe(true);
    expect(isTokensStudio({ $metadata: { tokenSetOrder: ['core'] }, core: {} })).toBe(true);
    // Tokens Studio's DTCG-style export: $value keys, still sets and $themes.
    expect(isTokensStudio({ $themes: [], core: { a: { $value: '#fff', $type: 'color' } } })).toBe(true);
  });

  it('does not take a DTCG file for one, even with groups named "value" and "type"', () => {
    expect(isTokensStudio({ color: { $type: 'color', primary: { $value: '#fff' } } })).toBe(false);
    expect(
      isTokensStudio({ size: { $type: 'dimension', value: { $value: '4px' }, type: { small: { $value: '2px' } } } }),
    ).toBe(false);
    expect(isTokensStudio({ a: { value: '#fff', type: 'color' }, b: { $value: '#000', $type: 'color' } })).toBe(false);
    // $metadata that is not Tokens Studio's does not make a DTCG file a multi-set export.
    expect(isTokensStudio({ $metadata: { version: 1 }, a: { $value: 1, $type: 'number' } })).toBe(false);
  });

  it('answers false for things that are not token files', () => {
    for (const input of [
      null,
      undefined,
      42,
      'x',
      [],
      [{ value: 1, type: 'number' }],
      {},
      { a: { value: 1 } },
      { a: { type: 'color' } },
    ]) {
      expect(isTokensStudio(input)).toBe(false);
    }
  });

  it('never throws and does not look below depth 32', () => {
    let deep: Tree = { t: { value: '#fff', type: 'color' } };
    for (let i = 0; i < 10_000; i++) deep = { g: deep };
    expect(isTokensStudio(deep)).toBe(false);
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expect(isTokensStudio(hostile)).toBe(false);
  });
});

describe('sets', () => {
  const file = () => ({
    $themes: [{ name: 'Dark', selectedTokenSets: { 'core/base': 'source', 'theme/dark': 'enabled' } }],
    $metadata: { tokenSetOrder: ['core/base', 'theme/dark'] },
    'theme/dark': { color: { bg: { value: '#000000', type: 'color' } } },
    extra: { color: { fg: { value: '#111111', type: 'color' } } },
    'core/base': { color: { bg: { value: '#ffffff', type: 'color' }, fg: { value: '#eeeeee', type: 'color' } } },
  });

  it('merges sets in tokenSetOrder, then the others in document order, later ones overriding token by token, at the root', () => {
    const result = convert(file());
    expect(result.violations).toEqual([]);
    expect(result.sets).toEqual(['core/base', 'theme/dark', 'extra']);
    expect(result.tree).toEqual({
      color: { bg: { $type: 'color', $value: '#000000' }, fg: { $type: 'color', $value: '#111111' } },
    });
    // An overridden token keeps the place it had.
    expect(Object.keys((result.tree as Tree).color)).toEqual(['bg', 'fg']);
  });

  it('merges only the sets asked for, in the order asked', () => {
    const result = convert(file(), { sets: ['theme/dark', 'core/base'] });
    expect(result.violations).toEqual([]);
    expect(result.sets).toEqual(['theme/dark', 'core/base']);
    expect(result.tree).toEqual({
      color: { bg: { $type: 'color', $value: '#ffffff' }, fg: { $type: 'color', $value: '#eeeeee' } },
    });
  });

  it('refuses a set that is not in the file', () => {
    const result = convert(file(), { sets: ['core/base', 'theme/light'] });
    expect(problems(result)).toEqual(['(root) | There is no set named "theme/light" in the file.']);
    expect(result.sets).toEqual(['core/base']);
  });

  it('says once, at the root, that the file was converted, which sets were merged and that $themes was ignored', () => {
    const result = convert(file());
    const summary = result.warnings.filter((w) => w.code === 'tokens_studio');
    expect(summary).toHaveLength(1);
    expect(summary[0]!.path).toBe('(root)');
    expect(summary[0]!.message).toContain('"core/base", "theme/dark" and "extra"');
    expect(summary[0]!.message).toContain('$themes (1 theme) was ignored');
    expect(result.warnings[0]).toBe(summary[0]);
  });

  it('drops the problems of a token a later set overrides, keeps those of the token that wins', () => {
    const sets = {
      $metadata: { tokenSetOrder: ['a', 'b'] },
      a: { x: { value: 'y', type: 'other' } },
      b: { x: { value: 4, type: 'number' } },
    };
    expect(convert(sets).violations).toEqual([]);
    expect(problems(convert(sets, { sets: ['b', 'a'] }))).toEqual([
      'x | x: the Tokens Studio type "other" has no DTCG equivalent (set "a").',
    ]);
  });

  it("keeps document order: a token after a group comes after the group's tokens", () => {
    const result = convert({
      g: { x: { value: 1, type: 'number' } },
      y: { value: 2, type: 'number' },
      h: { z: { value: 'a', type: 'other' } },
      w: { value: 'b', type: 'other' },
    });
    expect(Object.keys(result.tree)).toEqual(['g', 'y']);
    expect(result.violations.map((v) => v.path)).toEqual(['h.z', 'w']);
  });

  it('converts a single-set file as it is, with no set names', () => {
    const result = convert({ space: { sm: { value: '4px', type: 'spacing' } } });
    expect(result.sets).toEqual([]);
    expect(result.tree).toEqual({ space: { sm: { $type: 'dimension', $value: px(4) } } });
    expect(result.warnings.map((w) => w.code)).toEqual(['tokens_studio']);
  });

  it("reads a file whose $metadata is not Tokens Studio's as a single set", () => {
    const result = convert({ $metadata: { version: 1 }, color: { primary: { value: '#fff', type: 'color' } } });
    expect(result.sets).toEqual([]);
    expect(result.tree).toEqual({ color: { primary: { $type: 'color', $value: '#fff' } } });
  });

  it('reads top-level groups as sets when sets are asked for in a file without $themes or $metadata', () => {
    const result = convert({ Tokens: { space: { sm: { value: '4px', type: 'spacing' } } } }, { sets: ['Tokens'] });
    expect(result.violations).toEqual([]);
    expect(result.sets).toEqual(['Tokens']);
    expect(result.tree).toEqual({ space: { sm: { $type: 'dimension', $value: px(4) } } });
  });

  it('refuses a set that is not an object, and a set named __proto__', () => {
    const input = JSON.parse(
      '{"$themes": [], "a": [1, 2], "__proto__": {"x": {"value": 1, "type": "number"}}, "b": {"y": {"value": 2, "type": "number"}}}',
    );
    const result = convert(input);
    expect(problems(result)).toEqual([
      '(root) | The set "a" must be an object of groups and tokens, not an array.',
      '(root) | "__proto__" is not allowed as a set name.',
    ]);
    expect(result.sets).toEqual(['b']);
    expect(result.tree).toEqual({ y: { $type: 'number', $value: 2 } });
  });

  it('reads DTCG-style $value/$type keys inside a multi-set file', () => {
    const result = convert({ $themes: [], core: { a: { $value: '4', $type: 'spacing', $description: 'Four.' } } });
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({ a: { $type: 'dimension', $value: px(4), $description: 'Four.' } });
  });
});

describe('types', () => {
  it.each([
    ['color', '#ff0000', 'color', '#ff0000'],
    ['sizing', '16px', 'dimension', px(16)],
    ['spacing', '16px', 'dimension', px(16)],
    ['borderRadius', '16px', 'dimension', px(16)],
    ['borderWidth', '16px', 'dimension', px(16)],
    ['dimension', '16px', 'dimension', px(16)],
    ['fontSizes', '16px', 'dimension', px(16)],
    ['letterSpacing', '16px', 'dimension', px(16)],
    ['paragraphSpacing', '16px', 'dimension', px(16)],
    ['fontFamilies', 'Inter', 'fontFamily', 'Inter'],
    ['fontWeights', 700, 'fontWeight', 700],
    ['lineHeights', 1.5, 'number', 1.5],
    ['lineHeights', '24px', 'dimension', px(24)],
    ['opacity', 0.5, 'number', 0.5],
    ['number', 3, 'number', 3],
    ['duration', '200ms', 'duration', { value: 200, unit: 'ms' }],
    [
      'boxShadow',
      { x: '0px', y: '1px', blur: '2px', spread: '0px', color: '#000000', type: 'dropShadow' },
      'shadow',
      { color: '#000000', offsetX: px(0), offsetY: px(1), blur: px(2), spread: px(0), inset: false },
    ],
    ['typography', { fontFamily: 'Inter', fontSize: '16px' }, 'typography', { fontFamily: 'Inter', fontSize: px(16) }],
    [
      'border',
      { color: '#000000', width: '1px', style: 'solid' },
      'border',
      { color: '#000000', width: px(1), style: 'solid' },
    ],
  ])('%s %j becomes DTCG %s', (type, value, dtcgType, dtcgValue) => {
    expect(one({ value, type })).toEqual({ $type: dtcgType, $value: dtcgValue });
  });

  it.each(['text', 'textCase', 'textDecoration', 'asset', 'composition', 'boolean', 'other'])(
    'refuses %s, which has no DTCG equivalent',
    (type) => {
      expect(problems(convert({ g: { t: { value: 'x', type } } }))).toEqual([
        `g.t | g.t: the Tokens Studio type "${type}" has no DTCG equivalent.`,
      ]);
    },
  );

  it('refuses unknown types, including names of Object.prototype members', () => {
    expect(
      problems(
        convert({
          a: { value: 'x', type: 'sparkles' },
          b: { value: 'x', type: 'constructor' },
          c: { value: 'x', type: 'toString' },
        }),
      ),
    ).toEqual([
      'a | a: "sparkles" is not a Tokens Studio type Livery can convert.',
      'b | b: "constructor" is not a Tokens Studio type Livery can convert.',
      'c | c: "toString" is not a Tokens Studio type Livery can convert.',
    ]);
  });

  it("refuses a token with no type, and lets a group's type reach the tokens below it", () => {
    expect(problems(convert({ a: { value: '#fff' } }))).toEqual(['a | a: the token has no type.']);
    expect(
      tree({ colors: { type: 'color', red: { value: '#f00' }, sizes: { type: 'sizing', sm: { value: '2px' } } } }),
    ).toEqual({
      colors: { red: { $type: 'color', $value: '#f00' }, sizes: { sm: { $type: 'dimension', $value: px(2) } } },
    });
  });
});

describe('values: references', () => {
  it('keeps whole references {a.b} as written, in tokens and in composite sub-values', () => {
    expect(one({ value: '{colors.red.500}', type: 'color' })).toEqual({ $type: 'color', $value: '{colors.red.500}' });
    expect(one({ value: '{space.1}', type: 'sizing' })).toEqual({ $type: 'dimension', $value: '{space.1}' });
    expect(
      one({
        value: { fontFamily: '{font.body}', fontSize: '{size.md}', fontWeight: '{weight.bold}' },
        type: 'typography',
      }),
    ).toEqual({
      $type: 'typography',
      $value: { fontFamily: '{font.body}', fontSize: '{size.md}', fontWeight: '{weight.bold}' },
    });
  });

  it('refuses references inside larger values and math', () => {
    const result = convert({
      a: { value: '{space.1} * 2', type: 'spacing' },
      b: { value: 'rgba({colors.black}, 0.5)', type: 'color' },
      c: { value: '8 * 2', type: 'spacing' },
      d: { value: '4 + 4', type: 'number' },
    });
    expect(problems(result)).toEqual([
      'a | a: "{space.1} * 2" has a reference inside a larger value: math/expressions are not supported; export resolved values.',
      'b | b: "rgba({colors.black}, 0.5)" has a reference inside a larger value: math/expressions are not supported; export resolved values.',
      'c | c: "8 * 2": math/expressions are not supported; export resolved values.',
      'd | d: "4 + 4": math/expressions are not supported; export resolved values.',
    ]);
  });

  it('refuses the old $name reference syntax', () => {
    expect(problems(convert({ a: { value: '$colors.red', type: 'color' } }))).toEqual([
      'a | a: "$colors.red" is the old Tokens Studio reference syntax; write it as {name}.',
    ]);
  });
});

describe('values: dimensions', () => {
  it('reads a unitless number as px, warning numeric_string for a string and tokens_studio_value for a number', () => {
    const result = convert({
      a: { value: '4', type: 'spacing' },
      b: { value: 4, type: 'sizing' },
      c: { value: '1.5', type: 'borderWidth' },
      d: { value: '-2', type: 'dimension' },
      e: { value: '0', type: 'spacing' },
    });
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({
      a: { $type: 'dimension', $value: px(4) },
      b: { $type: 'dimension', $value: px(4) },
      c: { $type: 'dimension', $value: px(1.5) },
      d: { $type: 'dimension', $value: px(-2) },
      e: { $type: 'dimension', $value: px(0) },
    });
    expect(notes(result)).toEqual([
      'a | numeric_string',
      'b | tokens_studio_value',
      'c | numeric_string',
      'd | numeric_string',
      'e | numeric_string',
    ]);
    expect(result.warnings[1]!.message).toBe('a: the number written as the string "4" is read as 4px.');
  });

  it('writes px and rem as {value, unit} and keeps em and % as CSS strings', () => {
    const result = convert({
      a: { value: '1rem', type: 'fontSizes' },
      b: { value: '16px', type: 'sizing' },
      c: { value: '0.5em', type: 'spacing' },
      d: { value: '50%', type: 'borderRadius' },
    });
    expect(result.tree).toEqual({
      a: { $type: 'dimension', $value: { value: 1, unit: 'rem' } },
      b: { $type: 'dimension', $value: px(16) },
      c: { $type: 'dimension', $value: '0.5em' },
      d: { $type: 'dimension', $value: '50%' },
    });
    expect(notes(result)).toEqual([]);
  });

  it('refuses what is not one dimension', () => {
    expect(
      problems(
        convert({
          a: { value: 'auto', type: 'sizing' },
          b: { value: '0 4px', type: 'spacing' },
          c: { value: true, type: 'spacing' },
        }),
      ),
    ).toEqual([
      'a | a: "auto" is not one dimension: expected a number with px or rem, or a CSS length such as "0.5em".',
      'b | b: "0 4px" is not one dimension: expected a number with px or rem, or a CSS length such as "0.5em".',
      'c | c: is not a dimension: expected a number with px or rem, found a boolean.',
    ]);
  });

  it('reads a letter spacing percentage as em of the font size', () => {
    const result = convert({
      a: { value: '2%', type: 'letterSpacing' },
      b: { value: '-1.5%', type: 'letterSpacing' },
      c: { value: '-0.5px', type: 'letterSpacing' },
      d: { value: '0.1em', type: 'letterSpacing' },
    });
    expect(result.tree).toEqual({
      a: { $type: 'dimension', $value: '0.02em' },
      b: { $type: 'dimension', $value: '-0.015em' },
      c: { $type: 'dimension', $value: px(-0.5) },
      d: { $type: 'dimension', $value: '0.1em' },
    });
    expect(notes(result)).toEqual(['a | tokens_studio_value', 'b | tokens_studio_value']);
  });
});

describe('values: font weights', () => {
  it.each([
    ['Thin', 100],
    ['ExtraLight', 200],
    ['Extra Light', 200],
    ['UltraLight', 200],
    ['Light', 300],
    ['Regular', 400],
    ['Normal', 400],
    ['Book', 400],
    ['Medium', 500],
    ['SemiBold', 600],
    ['Semi Bold', 600],
    ['Semibold', 600],
    ['DemiBold', 600],
    ['Bold', 700],
    ['ExtraBold', 800],
    ['Extra Bold', 800],
    ['UltraBold', 800],
    ['Black', 900],
    ['Heavy', 900],
    ['BOLD', 700],
    ['extra-light', 200],
  ])('reads the name %s as %d with a tokens_studio_value warning', (name, weight) => {
    const result = convert({ w: { value: name, type: 'fontWeights' } });
    expect(result.tree).toEqual({ w: { $type: 'fontWeight', $value: weight } });
    expect(notes(result)).toEqual(['w | tokens_studio_value']);
  });

  it('reads numbers as they are and numeric strings as numbers', () => {
    const result = convert({ a: { value: 500, type: 'fontWeights' }, b: { value: '600', type: 'fontWeights' } });
    expect(result.tree).toEqual({ a: { $type: 'fontWeight', $value: 500 }, b: { $type: 'fontWeight', $value: 600 } });
    expect(notes(result)).toEqual(['b | numeric_string']);
  });

  it('reads an italic variant as its weight and warns that the style was dropped', () => {
    const result = convert({
      a: { value: 'Bold Italic', type: 'fontWeights' },
      b: { value: 'Italic', type: 'fontWeights' },
      c: { value: 'LightItalic', type: 'fontWeights' },
    });
    expect(result.tree).toEqual({
      a: { $type: 'fontWeight', $value: 700 },
      b: { $type: 'fontWeight', $value: 400 },
      c: { $type: 'fontWeight', $value: 300 },
    });
    expect(result.warnings[1]).toEqual({
      path: 'a',
      code: 'tokens_studio_value',
      message:
        'a: the font weight "Bold Italic" is read as 700; the italic style is dropped (a DTCG font weight has no style).',
    });
  });

  it('refuses unknown names and weights outside 1–1000', () => {
    expect(
      problems(convert({ a: { value: 'Fancy', type: 'fontWeights' }, b: { value: 1200, type: 'fontWeights' } })),
    ).toEqual([
      'a | a: "Fancy" is not a font weight name Livery knows (Thin, ExtraLight, Light, Regular, Medium, SemiBold, Bold, ExtraBold, Black, or a number).',
      'b | b: is not a font weight: DTCG weights are from 1 to 1000.',
    ]);
  });
});

describe('values: line heights, opacity, numbers, durations, font families, colors', () => {
  it('reads a unitless or percentage line height as a number and one with a length unit as a dimension', () => {
    const result = convert({
      a: { value: '150%', type: 'lineHeights' },
      b: { value: '1.5', type: 'lineHeights' },
      c: { value: 1.2, type: 'lineHeights' },
      d: { value: '24px', type: 'lineHeights' },
      e: { value: '1.5em', type: 'lineHeights' },
    });
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({
      a: { $type: 'number', $value: 1.5 },
      b: { $type: 'number', $value: 1.5 },
      c: { $type: 'number', $value: 1.2 },
      d: { $type: 'dimension', $value: px(24) },
      e: { $type: 'dimension', $value: '1.5em' },
    });
    expect(notes(result)).toEqual(['a | tokens_studio_value', 'b | numeric_string', 'c | tokens_studio_value']);
  });

  it('refuses AUTO line heights', () => {
    expect(problems(convert({ a: { value: 'AUTO', type: 'lineHeights' } }))).toEqual([
      'a | a: the line height "AUTO" (the font\'s own) has no DTCG equivalent; give a number, a percentage or a length.',
    ]);
  });

  it("gives a line height written as a reference its target's type, following references", () => {
    const result = convert({
      lh: { normal: { value: '150%', type: 'lineHeights' }, fixed: { value: '24px', type: 'lineHeights' } },
      a: { value: '{lh.normal}', type: 'lineHeights' },
      b: { value: '{lh.fixed}', type: 'lineHeights' },
      c: { value: '{a}', type: 'lineHeights' },
    });
    expect(result.violations).toEqual([]);
    expect(result.tree.a).toEqual({ $type: 'number', $value: '{lh.normal}' });
    expect(result.tree.b).toEqual({ $type: 'dimension', $value: '{lh.fixed}' });
    expect(result.tree.c).toEqual({ $type: 'number', $value: '{a}' });
  });

  it('refuses a line height reference whose type cannot be known', () => {
    const result = convert({
      red: { value: '#f00', type: 'color' },
      a: { value: '{nowhere}', type: 'lineHeights' },
      b: { value: '{red}', type: 'lineHeights' },
      c: { value: '{d}', type: 'lineHeights' },
      d: { value: '{c}', type: 'lineHeights' },
      e: { value: '{a}', type: 'lineHeights' },
    });
    expect(problems(result)).toEqual([
      'a | a: the line height refers to {nowhere}, which is not a token of the converted sets, so whether it is a number or a dimension is unknown.',
      'b | b: the line height refers to {red}, a color token; a line height must be a number or a dimension.',
      'c | c: the line height is part of a reference cycle.',
      'd | d: the line height is part of a reference cycle.',
      'e | e: the line height refers to {a}, which leads to {nowhere}, which is not a token of the converted sets, so whether it is a number or a dimension is unknown.',
    ]);
    expect(result.tree).toEqual({ red: { $type: 'color', $value: '#f00' } });
  });

  it('reads opacity as a number from 0 to 1 and refuses anything else', () => {
    const result = convert({
      a: { value: '50%', type: 'opacity' },
      b: { value: 0.4, type: 'opacity' },
      c: { value: '0.25', type: 'opacity' },
    });
    expect(result.tree).toEqual({
      a: { $type: 'number', $value: 0.5 },
      b: { $type: 'number', $value: 0.4 },
      c: { $type: 'number', $value: 0.25 },
    });
    expect(notes(result)).toEqual(['a | tokens_studio_value', 'c | numeric_string']);
    expect(problems(convert({ a: { value: 50, type: 'opacity' } }))).toEqual([
      'a | a: 50 is out of range: an opacity must be from 0 to 1 (or 0% to 100%).',
    ]);
  });

  it('reads numbers, and numeric strings with a warning', () => {
    const result = convert({ a: { value: '4', type: 'number' }, b: { value: 2.5, type: 'number' } });
    expect(result.tree).toEqual({ a: { $type: 'number', $value: 4 }, b: { $type: 'number', $value: 2.5 } });
    expect(notes(result)).toEqual(['a | numeric_string']);
    expect(problems(convert({ a: { value: 'abc', type: 'number' } }))).toEqual(['a | a: "abc" is not a number.']);
  });

  it('reads durations with a unit and refuses a bare number', () => {
    expect(tree({ a: { value: '200ms', type: 'duration' }, b: { value: '0.2s', type: 'duration' } })).toEqual({
      a: { $type: 'duration', $value: { value: 200, unit: 'ms' } },
      b: { $type: 'duration', $value: { value: 0.2, unit: 's' } },
    });
    expect(problems(convert({ a: { value: 200, type: 'duration' } }))).toEqual([
      'a | a: 200 has no unit: write the duration as e.g. "200ms" or "0.2s".',
    ]);
  });

  it('keeps a font name, turns a CSS font list into a DTCG list, copies a list', () => {
    const result = convert({
      a: { value: 'SB Sans Interface', type: 'fontFamilies' },
      b: { value: "'Noto Sans', sans-serif", type: 'fontFamilies' },
      c: { value: ['Inter', 'system-ui'], type: 'fontFamilies' },
      d: { value: "'gcds-icons'", type: 'fontFamilies' },
    });
    expect(result.tree).toEqual({
      a: { $type: 'fontFamily', $value: 'SB Sans Interface' },
      b: { $type: 'fontFamily', $value: ['Noto Sans', 'sans-serif'] },
      c: { $type: 'fontFamily', $value: ['Inter', 'system-ui'] },
      d: { $type: 'fontFamily', $value: 'gcds-icons' },
    });
    expect(notes(result)).toEqual(['b | tokens_studio_value', 'd | tokens_studio_value']);
  });

  it('keeps color strings exactly as written and refuses gradients and empty colors', () => {
    expect(one({ value: 'rgba(0, 0, 0, 0.5)', type: 'color' })).toEqual({
      $type: 'color',
      $value: 'rgba(0, 0, 0, 0.5)',
    });
    expect(one({ value: '#0000001A', type: 'color' })).toEqual({ $type: 'color', $value: '#0000001A' });
    expect(
      problems(
        convert({
          a: { value: 'linear-gradient(90deg, #fff 0%, #000 100%)', type: 'color' },
          b: { value: '', type: 'color' },
        }),
      ),
    ).toEqual([
      'a | a: "linear-gradient(90deg, #fff 0%, #000 100%)" is a gradient, not a color.',
      'b | b: is empty: expected a color.',
    ]);
  });
});

describe('values: composites', () => {
  it('converts a box shadow and a list of them, innerShadow becoming inset', () => {
    const result = convert({
      a: {
        value: { x: '0', y: '4', blur: '8', spread: '0', color: '#0000001a', type: 'dropShadow' },
        type: 'boxShadow',
      },
      b: {
        value: [
          { x: '0px', y: '1px', blur: '2px', spread: '0px', color: '{shadow.color}', type: 'innerShadow' },
          '{shadow.base}',
          { x: 1, y: 1, blur: 0, spread: 0, color: '#000000' },
        ],
        type: 'boxShadow',
      },
    });
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({
      a: {
        $type: 'shadow',
        $value: { color: '#0000001a', offsetX: px(0), offsetY: px(4), blur: px(8), spread: px(0), inset: false },
      },
      b: {
        $type: 'shadow',
        $value: [
          { color: '{shadow.color}', offsetX: px(0), offsetY: px(1), blur: px(2), spread: px(0), inset: true },
          '{shadow.base}',
          { color: '#000000', offsetX: px(1), offsetY: px(1), blur: px(0), spread: px(0), inset: false },
        ],
      },
    });
    expect(notes(result).filter((n) => n.startsWith('a'))).toEqual([
      'a | numeric_string',
      'a | numeric_string',
      'a | numeric_string',
      'a | numeric_string',
    ]);
  });

  it('refuses shadows that are incomplete, of an unknown kind or written as CSS, and drops unknown shadow keys with a warning', () => {
    const result = convert({
      a: { value: { x: '0', y: '4', blur: '8', color: '#000' }, type: 'boxShadow' },
      b: { value: { x: '0', y: '4', blur: '8', spread: '0', color: '#000', type: 'outerGlow' }, type: 'boxShadow' },
      c: { value: '0 0 0 2px #fff', type: 'boxShadow' },
      d: {
        value: { x: '0px', y: '0px', blur: '0px', spread: '0px', color: '#000', blendMode: 'multiply' },
        type: 'boxShadow',
      },
    });
    expect(problems(result)).toEqual([
      'a | a: the shadow has no spread: a DTCG shadow needs x, y, blur, spread and color.',
      'b | b: the shadow type "outerGlow" is not "dropShadow" or "innerShadow".',
      'c | c: the box shadow "0 0 0 2px #fff" is CSS text; write it as {x, y, blur, spread, color, type}.',
    ]);
    expect(result.warnings.find((w) => w.path === 'd')?.message).toBe(
      'd: the shadow\'s "blendMode" has no DTCG equivalent and is dropped.',
    );
  });

  it('converts a typography to the five DTCG properties, each by its rule, dropping the others with one warning', () => {
    const result = convert({
      h1: {
        value: {
          fontFamily: 'Inter',
          fontWeight: 'Bold',
          fontSize: '16',
          lineHeight: '150%',
          letterSpacing: '2%',
          paragraphSpacing: '0',
          textCase: 'none',
          textDecoration: 'none',
        },
        type: 'typography',
      },
      h2: {
        value: { fontFamily: '{font.body}', fontSize: '1.5rem', lineHeight: '24px', fontWeight: '{weight.bold}' },
        type: 'typography',
      },
    });
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({
      h1: {
        $type: 'typography',
        $value: { fontFamily: 'Inter', fontSize: px(16), fontWeight: 700, letterSpacing: '0.02em', lineHeight: 1.5 },
      },
      h2: {
        $type: 'typography',
        $value: {
          fontFamily: '{font.body}',
          fontSize: { value: 1.5, unit: 'rem' },
          fontWeight: '{weight.bold}',
          lineHeight: px(24),
        },
      },
    });
    const dropped = result.warnings.filter((w) => w.message.includes('dropped'));
    expect(dropped).toEqual([
      {
        path: 'h1',
        code: 'tokens_studio_value',
        message:
          'h1: "paragraphSpacing", "textCase" and "textDecoration" have no DTCG typography equivalent and are dropped.',
      },
    ]);
  });

  it('refuses a typography whose part cannot be converted, naming the part', () => {
    expect(
      problems(convert({ a: { value: { fontFamily: 'Inter', lineHeight: 'AUTO' }, type: 'typography' } })),
    ).toEqual([
      'a | a: lineHeight: the line height "AUTO" (the font\'s own) has no DTCG equivalent; give a number, a percentage or a length.',
    ]);
  });

  it('converts a border and refuses one that is incomplete, has no line style or is CSS text', () => {
    expect(one({ value: { color: '#000000', width: '1', style: 'dashed' }, type: 'border' })).toEqual({
      $type: 'border',
      $value: { color: '#000000', width: px(1), style: 'dashed' },
    });
    expect(
      problems(
        convert({
          a: { value: { width: '2px', style: 'solid' }, type: 'border' },
          b: { value: { color: '#000', width: '2px', style: 'none' }, type: 'border' },
          c: { value: '1px solid #000', type: 'border' },
        }),
      ),
    ).toEqual([
      'a | a: the border has no color: a DTCG border needs color, width and style.',
      'b | b: style "none" is not a DTCG stroke style (solid, dashed, dotted, double, groove, ridge, outset, inset).',
      'c | c: the border "1px solid #000" is CSS text; write it as {color, width, style}.',
    ]);
  });
});

describe('token properties and names', () => {
  it('turns description into $description, keeps $extensions (copied), drops other keys with a warning', () => {
    const extensions = { 'com.figma': { scopes: ['ALL_FILLS'] }, 'studio.tokens': { id: 'abc' } };
    const input = {
      a: {
        value: '#fff',
        type: 'color',
        description: 'White.',
        $extensions: extensions,
        id: 'x1',
        filePath: 'core.json',
      },
    };
    const result = convert(input);
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({
      a: { $type: 'color', $value: '#fff', $description: 'White.', $extensions: extensions },
    });
    expect((result.tree as Tree).a.$extensions).not.toBe(extensions);
    expect(notes(result)).toEqual(['a | unknown_property', 'a | unknown_property']);
  });

  it('refuses Tokens Studio color modifiers, whose converted value would be another color', () => {
    const modify = { 'studio.tokens': { modify: { type: 'alpha', value: '0.5', space: 'srgb' } } };
    expect(problems(convert({ a: { value: '{colors.red}', type: 'color', $extensions: modify } }))).toEqual([
      'a | a: Tokens Studio color modifiers ($extensions "studio.tokens" modify) are not supported; export resolved values.',
    ]);
  });

  it('keeps names exactly as written, a name containing "." included', () => {
    expect(
      tree({ spacing: { '0.5': { value: '2', type: 'spacing' }, 'Body Large': { value: '4', type: 'spacing' } } }),
    ).toEqual({
      spacing: { '0.5': { $type: 'dimension', $value: px(2) }, 'Body Large': { $type: 'dimension', $value: px(4) } },
    });
  });

  it('reads a group named "value" as a group', () => {
    expect(
      tree({ spacing: { value: { value: '4', type: 'spacing' }, type: { value: '2', type: 'spacing' } } }),
    ).toEqual({
      spacing: { value: { $type: 'dimension', $value: px(4) }, type: { $type: 'dimension', $value: px(2) } },
    });
  });

  it("makes a token with tokens inside it the group's $root token and points references to it at {path.$root}", () => {
    const result = convert({
      color: {
        black: { value: '#000000', type: 'color', shadow: { value: '#0000001A', type: 'color' } },
        overlay: { value: '{color.black}', type: 'color' },
        veil: { value: '{color.black.shadow}', type: 'color' },
        outline: { value: { color: '{color.black}', width: '1px', style: 'solid' }, type: 'border' },
      },
    });
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({
      color: {
        black: { $root: { $type: 'color', $value: '#000000' }, shadow: { $type: 'color', $value: '#0000001A' } },
        overlay: { $type: 'color', $value: '{color.black.$root}' },
        veil: { $type: 'color', $value: '{color.black.shadow}' },
        outline: { $type: 'border', $value: { color: '{color.black.$root}', width: px(1), style: 'solid' } },
      },
    });
    expect(notes(result)).toEqual(['color.black | tokens_studio_value']);
  });

  it('does the same when the token and the tokens inside it come from different sets', () => {
    const result = convert({
      $themes: [],
      a: { c: { d: { value: 1, type: 'number' } } },
      b: { c: { value: 2, type: 'number' }, e: { value: '{c}', type: 'number' } },
    });
    expect(result.violations).toEqual([]);
    expect(result.tree).toEqual({
      c: { d: { $type: 'number', $value: 1 }, $root: { $type: 'number', $value: 2 } },
      e: { $type: 'number', $value: '{c.$root}' },
    });
  });
});

describe('hostile input', () => {
  it('refuses what is not an object', () => {
    for (const input of [null, 'tokens', 42, [1, 2]]) {
      const result = convert(input);
      expect(result.violations).toHaveLength(1);
      expect(result.tree).toEqual({});
    }
  });

  it('stops at depth 32 on 10 000 levels of nesting without throwing', () => {
    let deep: Tree = { t: { value: '#fff', type: 'color' } };
    for (let i = 0; i < 10_000; i++) deep = { g: deep };
    const result = convert(deep);
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]!.message).toMatch(/nesting is deeper than 32 levels/);
  });

  it('refuses __proto__, constructor and prototype names and never sets a prototype', () => {
    const input = JSON.parse(
      '{"__proto__": {"polluted": {"value": "1", "type": "number"}}, "a": {"constructor": {"value": 1, "type": "number"}, "prototype": {"value": 1, "type": "number"}},' +
        ' "b": {"value": {"fontFamily": "Inter", "__proto__": {"x": 1}}, "type": "typography"},' +
        ' "c": {"value": "#fff", "type": "color", "$extensions": {"x": {"__proto__": {"polluted": true}}}}, "ok": {"value": 1, "type": "number"}}',
    );
    const result = convert(input);
    expect(problems(result)).toEqual([
      '__proto__ | __proto__: "__proto__" is not allowed as a group or token name.',
      'a.constructor | a.constructor: "constructor" is not allowed as a group or token name.',
      'a.prototype | a.prototype: "prototype" is not allowed as a group or token name.',
      'b | b: contains the key "__proto__".',
      'c | c: $extensions contains the key "__proto__".',
    ]);
    expect(result.tree).toEqual({ ok: { $type: 'number', $value: 1 } });
    expect(Object.getPrototypeOf(result.tree)).toBe(Object.prototype);
    expect(({} as Tree).polluted).toBeUndefined();
  });

  it('refuses huge arrays quickly', () => {
    const layers = new Array(1_000_000).fill({ x: 0, y: 0, blur: 0, spread: 0, color: '#000' });
    const names = new Array(1_000_000).fill('Inter');
    const input = {
      $themes: new Array(1_000_000).fill({}),
      big: new Array(1_000_000).fill(1),
      s: { a: { value: layers, type: 'boxShadow' }, b: { value: names, type: 'fontFamilies' } },
    };
    const result = convert(input);
    expect(problems(result)).toEqual([
      '(root) | The set "big" must be an object of groups and tokens, not an array.',
      'a | a: a box shadow list must have between 1 and 1000 shadows (set "s").',
      'b | b: must list between 1 and 1000 font family names (set "s").',
    ]);
  });

  it('stops after 200 000 nodes and after 500 problems', () => {
    const many: Tree = {};
    for (let i = 0; i < 200_001; i++) many[`t${i}`] = { value: i, type: 'number' };
    const large = convert(many);
    expect(large.violations.at(-1)!.message).toMatch(
      /^The file is too large: more than 200000 groups, tokens and values/,
    );
    expect(large.tree).toEqual({});

    const bad: Tree = {};
    for (let i = 0; i < 600; i++) bad[`t${i}`] = { value: 'x', type: 'other' };
    const stopped = convert(bad);
    expect(stopped.violations).toHaveLength(501);
    expect(stopped.violations.at(-1)!.message).toMatch(/^Too many problems/);
  });

  it('refuses a sets option that is not a list of names', () => {
    expect(problems(convert({ $themes: [] }, { sets: 'core' as unknown as string[] }))).toEqual([
      '(root) | The sets option must be a list of at most 1000 set names.',
    ]);
  });

  it('does not throw on an object that throws when read', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expect(problems(convert({ a: hostile }))).toEqual(['(root) | The Tokens Studio file could not be read.']);
  });
});

describe('a real multi-set export: @daikin-oss/dds-tokens 0.3.2', () => {
  // The package ships the plugin's multi-file layout; the single-file export holds the same sets keyed by set name.
  const dir = dirname(createRequire(import.meta.url).resolve('@daikin-oss/dds-tokens/themes/$metadata.json'));
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
  const metadata = read('$metadata.json') as { tokenSetOrder: string[] };
  const themes = read('$themes.json') as { name: string; group: string; selectedTokenSets: Record<string, string> }[];
  const file: Tree = { $themes: themes, $metadata: metadata };
  for (const set of metadata.tokenSetOrder) file[set] = read(`${set}.json`);

  const DTCG_TYPES = new Set([
    'color',
    'dimension',
    'fontFamily',
    'fontWeight',
    'number',
    'duration',
    'cubicBezier',
    'shadow',
    'typography',
    'border',
    'transition',
    'gradient',
    'strokeStyle',
  ]);

  /** Every token of a DTCG tree (a `$root` token under its group's path + ".$root"). */
  function tokensOf(root: Tree): Map<string, Tree> {
    const tokens = new Map<string, Tree>();
    const stack: [Tree, string][] = [[root, '']];
    while (stack.length > 0) {
      const [node, path] = stack.pop()!;
      if (Object.hasOwn(node, '$value')) {
        tokens.set(path, node);
        continue;
      }
      for (const key of Object.keys(node)) {
        if (key.startsWith('$') && key !== '$root') continue;
        stack.push([node[key] as Tree, path === '' ? key : `${path}.${key}`]);
      }
    }
    return tokens;
  }

  function referencesOf(value: unknown): string[] {
    if (typeof value === 'string') return /^\{([^{}]+)\}$/.test(value) ? [value.slice(1, -1)] : [];
    if (Array.isArray(value)) return value.flatMap(referencesOf);
    if (value && typeof value === 'object') return Object.values(value).flatMap(referencesOf);
    return [];
  }

  function expectWellFormed(result: TokensStudioResult): Map<string, Tree> {
    expect(result.violations).toEqual([]);
    const tokens = tokensOf(result.tree as Tree);
    for (const [path, token] of tokens) {
      expect(DTCG_TYPES.has(token.$type), `${path} has $type ${token.$type}`).toBe(true);
      for (const target of referencesOf(token.$value))
        expect(tokens.has(target), `${path} refers to ${target}`).toBe(true);
    }
    return tokens;
  }

  it('converts every set with no violations into typed tokens whose references all resolve', () => {
    expect(isTokensStudio(file)).toBe(true);
    const result = convert(file);
    expect(result.sets).toEqual(metadata.tokenSetOrder);
    const tokens = expectWellFormed(result);
    expect(tokens.size).toBe(181);
    const counts: Record<string, number> = {};
    for (const token of tokens.values()) counts[token.$type] = (counts[token.$type] ?? 0) + 1;
    expect(counts).toEqual({ color: 145, dimension: 19, typography: 12, fontWeight: 2, number: 2, fontFamily: 1 });
    expect(result.warnings.filter((w) => w.code === 'tokens_studio')).toHaveLength(1);
  });

  it('converts the values by the rules', () => {
    const t = convert(file).tree as Tree;
    expect(t['border-radius']['100']).toEqual({ $type: 'dimension', $value: px(4) });
    expect(t.font.weight.bold).toEqual({ $type: 'fontWeight', $value: 700 });
    expect(t.font['line-height'].normal).toEqual({ $type: 'number', $value: 1.5 });
    expect(t.font['line-height'].tight).toEqual({ $type: 'number', $value: 1.3 });
    expect(t.font.regular.normal['300']).toEqual({
      $type: 'typography',
      $value: {
        fontFamily: '{font.family.base}',
        fontSize: '{font.size.300}',
        fontWeight: '{font.weight.regular}',
        lineHeight: '{font.line-height.normal}',
      },
    });
    // color.black is a token with color.black.shadow inside it.
    expect(t.color.black).toEqual({
      $root: { $type: 'color', $value: '#000000' },
      shadow: { $type: 'color', $value: '#0000001A' },
    });
    expect(t.color.common.background.overlay).toEqual({ $type: 'color', $value: '{color.black.$root}' });
  });

  it('converts each theme from the sets $themes selects, the later set winning', () => {
    for (const theme of themes) {
      const sets = Object.keys(theme.selectedTokenSets).filter((set) => theme.selectedTokenSets[set] !== 'disabled');
      const result = convert(file, { sets });
      expect(result.sets).toEqual(sets);
      expectWellFormed(result);
    }
    const light = convert(file, {
      sets: ['reference', 'system', 'component', 'dkn/light/system', 'dkn/light/component'],
    }).tree as Tree;
    const dark = convert(file, { sets: ['reference', 'system', 'component', 'dkn/dark/system', 'dkn/dark/component'] })
      .tree as Tree;
    expect(light.color.common.brand.default).toEqual({ $type: 'color', $value: '{color.blue.70}' });
    expect(dark.color.common.brand.default).toEqual({ $type: 'color', $value: '{color.blue.60}' });
  });
});
