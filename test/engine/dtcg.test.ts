import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseTree } from '../../src/engine/dtcg.ts';
import { ROOT_PATH } from '../../src/engine/paths.ts';

const messages = (tree: unknown) => parseTree(tree).violations.map((v) => `${v.path} | ${v.message}`);

describe('parsing a DTCG tree', () => {
  it('flattens groups into dot paths in document order, inheriting $type from groups', () => {
    const { tokens, violations } = parseTree({
      color: { $type: 'color', b: { $value: '#000' }, a: { $value: '#fff', $type: 'color' } },
      size: { $type: 'dimension', inner: { sm: { $value: '4px' } }, num: { $type: 'number', $value: 2 } },
    });
    expect(violations).toEqual([]);
    expect([...tokens.keys()]).toEqual(['color.b', 'color.a', 'size.inner.sm', 'size.num']);
    expect(tokens.get('size.inner.sm')?.type).toBe('dimension');
    expect(tokens.get('size.num')?.type).toBe('number');
  });

  it('keeps $value as written and preserves $description, $extensions and $deprecated', () => {
    const extensions = { 'com.figma': { variableId: 'abc', scopes: ['ALL_FILLS'] } };
    const { tokens } = parseTree({
      brand: {
        $type: 'color',
        $value: { colorSpace: 'srgb', components: [1, 0, 0] },
        $description: 'Brand red.',
        $extensions: extensions,
        $deprecated: 'Use accent.',
      },
    });
    const token = tokens.get('brand')!;
    expect(token.raw).toEqual({ colorSpace: 'srgb', components: [1, 0, 0] });
    expect(token.description).toBe('Brand red.');
    expect(token.extensions).toEqual(extensions);
    expect(token.deprecated).toBe('Use accent.');
  });

  it('reads curly-brace aliases and $ref JSON pointers as whole-value aliases', () => {
    const { tokens, violations } = parseTree({
      a: { $type: 'color', $value: '{primitive.color.blue.500}' },
      b: { $type: 'color', $value: { $ref: '#/primitive/color/blue/500' } },
      c: { $type: 'color', $value: { $ref: '#/primitive/color/blue/500/$value' } },
      d: { $type: 'color', $ref: '#/primitive/color/red' },
    });
    expect(violations).toEqual([]);
    expect(['a', 'b', 'c', 'd'].map((p) => tokens.get(p)?.alias)).toEqual([
      'primitive.color.blue.500',
      'primitive.color.blue.500',
      'primitive.color.blue.500',
      'primitive.color.red',
    ]);
  });

  it('keeps references inside a composite value and JSON pointers into values for resolution after the merge', () => {
    const { tokens, violations } = parseTree({
      shadow: {
        $type: 'shadow',
        $value: { color: '{color.black}', offsetX: '0px', offsetY: '1px', blur: '2px', spread: '0px' },
      },
      hue: { $type: 'number', $ref: '#/colors/blue/$value/components/0' },
      size: { $type: 'dimension', $value: { value: { $ref: '#/base/spacing/$value/value' }, unit: 'rem' } },
    });
    expect(violations).toEqual([]);
    expect(tokens.get('shadow')?.alias).toBeUndefined();
    expect(tokens.get('hue')?.raw).toEqual({ $ref: '#/colors/blue/$value/components/0' });
    expect(tokens.get('size')?.raw).toEqual({ value: { $ref: '#/base/spacing/$value/value' }, unit: 'rem' });
  });

  it('refuses several references in one string, malformed pointers and prototype names in references', () => {
    expect(messages({ a: { $type: 'dimension', $value: 'calc({space.1} * 2)' } })).toHaveLength(1);
    expect(messages({ a: { $type: 'color', $value: { $ref: 'https://evil.example/x' } } })).toHaveLength(1);
    expect(messages({ a: { $type: 'color', $value: '{__proto__.x}' } })).toHaveLength(1);
    expect(
      messages({
        a: {
          $type: 'shadow',
          $value: { color: { $ref: '#/a/__proto__' }, offsetX: '0px', offsetY: '0px', blur: '0px', spread: '0px' },
        },
      }),
    ).toHaveLength(1);
  });

  it('reads a name containing "." as the name with "-", with a warning, and rewrites references that spell it with "."', () => {
    const { tokens, violations, warnings } = parseTree({
      spacing: {
        $type: 'dimension',
        '0': { $value: '0px' },
        '0.5': { $value: '2px' },
        half: { $value: '{spacing.0.5}' },
      },
    });
    expect(violations).toEqual([]);
    expect([...tokens.keys()]).toEqual(['spacing.0', 'spacing.0-5', 'spacing.half']);
    expect(tokens.get('spacing.half')?.alias).toBe('spacing.0-5');
    expect(tokens.get('spacing.half')?.raw).toBe('{spacing.0-5}');
    expect(warnings).toEqual([expect.objectContaining({ path: 'spacing.0.5', code: 'dotted_name' })]);
  });

  it('refuses two names that read the same, as name_collision', () => {
    const result = parseTree({ a: { $type: 'number', 'b.c': { $value: 1 }, 'b-c': { $value: 2 } } });
    expect(result.violations.map((v) => [v.path, v.rule])).toEqual([['a.b-c', 'name_collision']]);
    expect(result.tokens.get('a.b-c')?.raw).toBe(1);
  });

  it('keeps a dotted name apart from nesting: "0.5" beside a group "0" holding "5"', () => {
    const { tokens, violations } = parseTree({
      s: { $type: 'number', '0.5': { $value: 1 }, '0': { '5': { $value: 2 } } },
    });
    expect(violations).toEqual([]);
    expect(tokens.get('s.0-5')?.raw).toBe(1);
    expect(tokens.get('s.0.5')?.raw).toBe(2);
  });

  it('accepts every DTCG 2025.10 type and refuses names that are not types', () => {
    const result = parseTree({
      shadow: { $type: 'shadow', $value: { offsetX: '1px' } },
      weird: { $type: 'colour', $value: '#fff' },
      group: { $type: 'typography', a: { $value: {} }, b: { $value: {} } },
    });
    expect([...result.tokens.keys()]).toEqual(['shadow', 'group.a', 'group.b']);
    expect(result.tokens.get('group.a')?.type).toBe('typography');
    expect(result.violations.map((v) => [v.path, v.rule])).toEqual([['weird', 'schema']]);
    expect(result.violations[0]!.message).toMatch(/"colour" is not a DTCG type/);
  });

  it('refuses a token that also has children, and non-object nodes', () => {
    expect(messages({ a: { $type: 'number', $value: 1, child: { $value: 2 } } })).toEqual([
      expect.stringMatching(/^a \| .*cannot also contain children/),
    ]);
    expect(messages({ a: [1, 2] })).toEqual([expect.stringMatching(/^a \| .*an array/)]);
    expect(messages({ a: 'x' })).toEqual([expect.stringMatching(/^a \| .*a string/)]);
  });

  it('refuses prototype-pollution names without polluting anything', () => {
    const tree = JSON.parse(
      '{"__proto__": {"polluted": {"$type": "number", "$value": 1}}, "a": {"constructor": {"$type": "number", "$value": 1}, "prototype": {"x": {"$type": "number", "$value": 2}}}}',
    );
    const result = parseTree(tree);
    expect(result.violations.map((v) => v.path)).toEqual(['__proto__', 'a.constructor', 'a.prototype']);
    expect(result.tokens.size).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('accepts names with spaces (DTCG allows them) and refuses hidden characters, braces and empty names, showing them escaped', () => {
    const result = parseTree({
      'acid green': { $type: 'number', $value: 1 },
      'x\u202ey': { $type: 'number', $value: 1 },
      '': { $type: 'number', $value: 1 },
      'a{b}': { $type: 'number', $value: 1 },
    });
    expect([...result.tokens.keys()]).toEqual(['acid green']);
    expect(result.violations.map((v) => v.path)).toEqual(['"x\\u202ey"', '""', 'a{b}']);
  });

  it('reports nesting beyond the limit once, without recursing through 10 000 levels', () => {
    let deep: unknown = { $type: 'number', $value: 1 };
    for (let i = 0; i < 10_000; i++) deep = { g: deep };
    const result = parseTree(deep);
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]!.message).toMatch(new RegExp(`deeper than ${MAX_DEPTH}`));
  });

  it('accepts a token at the deepest allowed level', () => {
    let tree: Record<string, unknown> = { $type: 'number', $value: 1 };
    for (let i = 0; i < MAX_DEPTH; i++) tree = { g: tree };
    expect(parseTree(tree).tokens.size).toBe(1);
  });

  it('refuses a tree that is not an object', () => {
    for (const tree of [null, 'tokens', 42, [], { $value: 1 }]) {
      const result = parseTree(tree);
      expect(result.violations).toEqual([expect.objectContaining({ path: ROOT_PATH, rule: 'schema' })]);
    }
  });

  it('refuses values that could escape a CSS declaration, wherever they hide in the value', () => {
    const result = parseTree({
      a: { $type: 'color', $value: 'red;} body{background:url(x)}' },
      b: { $type: 'fontFamily', $value: ['Inter', '</style><script>'] },
      c: { $type: 'color', $value: { colorSpace: 'srgb', components: [0, 0, 0], hex: '#000;' } },
      d: { $type: 'color', $value: '#fff', $description: 'ends the comment */' },
    });
    expect(result.violations.map((v) => v.path)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('requires $type on every non-alias token of the base', () => {
    const result = parseTree({ a: { $value: '#fff' }, b: { $value: '{a}' } }, { requireTypes: true });
    expect(result.violations.map((v) => v.path)).toEqual(['a']);
    expect(result.tokens.has('b')).toBe(true);
  });

  it("reads a group's $root token as the path segment $root", () => {
    const { tokens, violations } = parseTree({
      color: { $type: 'color', accent: { $root: { $value: '#dd0000' }, light: { $value: '#ff2222' } } },
    });
    expect(violations).toEqual([]);
    expect([...tokens.keys()]).toEqual(['color.accent.$root', 'color.accent.light']);
  });

  it('refuses an $extends that names nothing, or a group extending itself', () => {
    expect(messages({ g: { $extends: '{other}', a: { $type: 'number', $value: 1 } } })).toEqual([
      expect.stringMatching(/not a group in this file/),
    ]);
    expect(messages({ g: { a: { $type: 'number', $value: 1 }, s: { $extends: '{g}' } } })).toEqual([
      expect.stringMatching(/cycle/),
    ]);
  });

  it('stops after a bounded number of problems', () => {
    const tree = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`t${i}`, { $type: 'nope', $value: 1 }]));
    const result = parseTree(tree);
    expect(result.violations.length).toBeLessThanOrEqual(501);
    expect(result.violations.at(-1)!.message).toMatch(/too many problems/i);
  });
});
