import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseAlias, parseTree } from '../../src/engine/dtcg.ts';
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
      brand: { $type: 'color', $value: { colorSpace: 'srgb', components: [1, 0, 0] }, $description: 'Brand red.', $extensions: extensions, $deprecated: 'Use accent.' },
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
      'primitive.color.blue.500', 'primitive.color.blue.500', 'primitive.color.blue.500', 'primitive.color.red',
    ]);
  });

  it('refuses references inside a value and pointers into a value', () => {
    expect(parseAlias('{a.b} {c.d}')).toBeNull();
    expect(messages({ a: { $type: 'dimension', $value: 'calc({space.1} * 2)' } })).toHaveLength(1);
    expect(messages({ a: { $type: 'color', $value: { $ref: '#/b/$value/components/0' } } })).toHaveLength(1);
    expect(messages({ a: { $type: 'color', $value: '{__proto__.x}' } })).toHaveLength(1);
  });

  it('accepts a name containing "." with a warning', () => {
    const { tokens, violations, warnings } = parseTree({ spacing: { $type: 'dimension', '0.5': { $value: '2px' } } });
    expect(violations).toEqual([]);
    expect(tokens.has('spacing.0.5')).toBe(true);
    expect(warnings).toEqual([expect.objectContaining({ path: 'spacing.0.5', code: 'dotted_name' })]);
  });

  it('reports a path spelled twice through a dotted name', () => {
    const result = parseTree({ a: { $type: 'number', 'b.c': { $value: 1 }, b: { c: { $value: 2 } } } });
    expect(result.violations.map((v) => v.path)).toEqual(['a.b.c']);
  });

  it('refuses unknown and composite types as schema violations', () => {
    const result = parseTree({
      shadow: { $type: 'shadow', $value: { offsetX: '1px' } },
      weird: { $type: 'colour', $value: '#fff' },
      group: { $type: 'typography', a: { $value: {} }, b: { $value: {} } },
    });
    expect(result.tokens.size).toBe(0);
    expect(result.violations.map((v) => [v.path, v.rule])).toEqual([
      ['shadow', 'schema'], ['weird', 'schema'], ['group', 'schema'],
    ]);
    expect(result.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/unsupported type "shadow"/), expect.stringMatching(/unsupported type "colour"/), expect.stringMatching(/unsupported type "typography"/),
    ]);
  });

  it('refuses a token that also has children, and non-object nodes', () => {
    expect(messages({ a: { $type: 'number', $value: 1, child: { $value: 2 } } })).toEqual([expect.stringMatching(/^a \| .*cannot also contain children/)]);
    expect(messages({ a: [1, 2] })).toEqual([expect.stringMatching(/^a \| .*an array/)]);
    expect(messages({ a: 'x' })).toEqual([expect.stringMatching(/^a \| .*a string/)]);
  });

  it('refuses prototype-pollution names without polluting anything', () => {
    const tree = JSON.parse('{"__proto__": {"polluted": {"$type": "number", "$value": 1}}, "a": {"constructor": {"$type": "number", "$value": 1}, "prototype": {"x": {"$type": "number", "$value": 2}}}}');
    const result = parseTree(tree);
    expect(result.violations.map((v) => v.path)).toEqual(['__proto__', 'a.constructor', 'a.prototype']);
    expect(result.tokens.size).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses names that cannot become CSS property names, showing them escaped', () => {
    const result = parseTree({ 'a b': { $type: 'number', $value: 1 }, 'x\u202ey': { $type: 'number', $value: 1 }, '': { $type: 'number', $value: 1 } });
    expect(result.violations).toHaveLength(3);
    expect(result.violations.map((v) => v.path)).toEqual(['"a b"', '"x\\u202ey"', '""']);
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

  it('refuses $extends and $root, which Livery does not support', () => {
    expect(messages({ g: { $extends: '{other}', a: { $type: 'number', $value: 1 } } })).toHaveLength(1);
    expect(messages({ g: { $root: { $type: 'number', $value: 1 } } })).toHaveLength(1);
    expect(messages({ g: { $ref: '#/other', a: { $type: 'number', $value: 1 } } })).toHaveLength(1);
  });

  it('stops after a bounded number of problems', () => {
    const tree = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`t${i}`, { $type: 'nope', $value: 1 }]));
    const result = parseTree(tree);
    expect(result.violations.length).toBeLessThanOrEqual(501);
    expect(result.violations.at(-1)!.message).toMatch(/too many problems/i);
  });
});
