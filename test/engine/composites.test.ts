// Composite types, references inside values, JSON pointers, typeless aliases, $extends and $root — as DTCG 2025.10
// describes them (the examples are the specification's own, §6–§9), through the engine's two entry points:
// checkTree (a complete tree) and composeTheme (a layer over a base).
import { describe, expect, it } from 'vitest';
import { checkTree, composeTheme, prepareBase } from '../../src/engine/index.ts';
import { emitOverlay, themeDeclarations, toFlat } from '../../src/engine/emit/light.ts';
import type { Governance, Layer, Violation } from '../../src/engine/types.ts';

const rules = (violations: Violation[]) => violations.map((v) => [v.rule, v.path]);
const resolvedValue = (result: { theme: { tokens: Map<string, { resolvedValue?: unknown }> } }, path: string) =>
  result.theme.tokens.get(path)?.resolvedValue;

describe('composite values (DTCG §9)', () => {
  it('reads a shadow, a layered shadow and an inset shadow (§9.6, examples 45, 54)', () => {
    const result = checkTree({
      'shadow-token': {
        $type: 'shadow',
        $value: {
          color: { colorSpace: 'srgb', components: [0, 0, 0], alpha: 0.5 },
          offsetX: { value: 0.5, unit: 'rem' },
          offsetY: { value: 0.5, unit: 'rem' },
          blur: { value: 1.5, unit: 'rem' },
          spread: { value: 0, unit: 'rem' },
        },
      },
      'layered-shadow': {
        $type: 'shadow',
        $value: [
          {
            color: { colorSpace: 'srgb', components: [0, 0, 0], alpha: 0.1 },
            offsetX: { value: 0, unit: 'px' },
            offsetY: { value: 24, unit: 'px' },
            blur: { value: 22, unit: 'px' },
            spread: { value: 0, unit: 'px' },
          },
          {
            color: { colorSpace: 'srgb', components: [0, 0, 0], alpha: 0.2 },
            offsetX: { value: 0, unit: 'px' },
            offsetY: { value: 42.9, unit: 'px' },
            blur: { value: 44, unit: 'px' },
            spread: { value: 0, unit: 'px' },
          },
        ],
      },
      'inner-shadow': {
        $type: 'shadow',
        $value: {
          color: { colorSpace: 'srgb', components: [0, 0, 0], alpha: 0.5 },
          offsetX: { value: 2, unit: 'px' },
          offsetY: { value: 2, unit: 'px' },
          blur: { value: 4, unit: 'px' },
          spread: { value: 0, unit: 'px' },
          inset: true,
        },
      },
    });
    expect(result.violations).toEqual([]);
    const flat = toFlat(result.theme).light;
    expect(flat['--shadow-token']).toBe('0.5rem 0.5rem 1.5rem 0rem rgba(0, 0, 0, 0.5)');
    expect(flat['--layered-shadow']).toBe(
      '0px 24px 22px 0px rgba(0, 0, 0, 0.1), 0px 42.9px 44px 0px rgba(0, 0, 0, 0.2)',
    );
    expect(flat['--inner-shadow']).toBe('inset 2px 2px 4px 0px rgba(0, 0, 0, 0.5)');
  });

  it("resolves references in a composite's parts, and an alias to a whole composite token (§9, example 46)", () => {
    const result = checkTree({
      space: { small: { $type: 'dimension', $value: { value: 0.5, unit: 'rem' } } },
      color: {
        'shadow-050': {
          $type: 'color',
          $value: { colorSpace: 'srgb', components: [0, 0, 0], alpha: 0.5, hex: '#000000' },
        },
      },
      shadow: {
        medium: {
          $type: 'shadow',
          $value: {
            color: '{color.shadow-050}',
            offsetX: '{space.small}',
            offsetY: '{space.small}',
            blur: { value: 1.5, unit: 'rem' },
            spread: { value: 0, unit: 'rem' },
          },
        },
      },
      component: { card: { 'box-shadow': { $value: '{shadow.medium}' } } },
    });
    expect(result.violations).toEqual([]);
    const declarations = themeDeclarations(result.theme).root;
    expect(declarations.get('--shadow-medium')?.value).toBe('0.5rem 0.5rem 1.5rem 0rem rgba(0, 0, 0, 0.5)');
    // a typeless alias to a composite takes its type (§5.2.2) and stays a var() reference in the CSS
    expect(result.theme.tokens.get('component.card.box-shadow')?.type).toBe('shadow');
    expect(declarations.get('--component-card-box-shadow')?.value).toBe('var(--shadow-medium)');
  });

  it('splices the layers of a referenced shadow into a shadow list (§9.1)', () => {
    const result = checkTree({
      base: {
        shadow: {
          $type: 'shadow',
          $value: { color: '#000000', offsetX: '0px', offsetY: '1px', blur: '2px', spread: '0px' },
        },
      },
      brand: { accent: { $type: 'color', $value: '#ff0000' } },
      layered: {
        $type: 'shadow',
        $value: [
          '{base.shadow}',
          { color: '{brand.accent}', offsetX: '4px', offsetY: '4px', blur: '8px', spread: '0px' },
        ],
      },
    });
    expect(result.violations).toEqual([]);
    expect(toFlat(result.theme).light['--layered']).toBe('0px 1px 2px 0px #000000, 4px 4px 8px 0px #ff0000');
  });

  it('emits typography as the font shorthand plus one property per part (§9.8, example 58)', () => {
    const result = checkTree({
      font: {
        serif: { $type: 'fontFamily', $value: 'Georgia' },
        size: { smallest: { $type: 'dimension', $value: { value: 12, unit: 'px' } } },
        weight: { normal: { $type: 'fontWeight', $value: 400 } },
      },
      'type styles': {
        'heading-level-1': {
          $type: 'typography',
          $value: {
            fontFamily: 'Roboto',
            fontSize: { value: 42, unit: 'px' },
            fontWeight: 700,
            letterSpacing: { value: 0.1, unit: 'px' },
            lineHeight: 1.2,
          },
        },
        microcopy: {
          $type: 'typography',
          $value: {
            fontFamily: '{font.serif}',
            fontSize: '{font.size.smallest}',
            fontWeight: '{font.weight.normal}',
            letterSpacing: { value: 0, unit: 'px' },
            lineHeight: 1,
          },
        },
      },
    });
    expect(result.violations).toEqual([]);
    const flat = toFlat(result.theme).light;
    // "type styles" → type-styles: whitespace in a name reads as "-"
    expect(flat['--type-styles-heading-level-1']).toBe('700 42px/1.2 "Roboto"');
    expect(flat['--type-styles-heading-level-1-font-size']).toBe('42px');
    expect(flat['--type-styles-heading-level-1-letter-spacing']).toBe('0.1px');
    expect(flat['--type-styles-heading-level-1-line-height']).toBe('1.2');
    expect(flat['--type-styles-microcopy']).toBe('400 12px/1 "Georgia"');
  });

  it('emits borders, transitions, gradients and stroke styles as their CSS shorthands (§9.3–§9.7)', () => {
    const result = checkTree({
      color: { focusring: { $type: 'color', $value: '#0066cc' } },
      border: {
        $type: 'border',
        heavy: {
          $value: {
            color: { colorSpace: 'srgb', components: [0.218, 0.218, 0.218] },
            width: { value: 3, unit: 'px' },
            style: 'solid',
          },
        },
        focusring: {
          $value: {
            color: '{color.focusring}',
            width: { value: 1, unit: 'px' },
            style: {
              dashArray: [
                { value: 0.5, unit: 'rem' },
                { value: 0.25, unit: 'rem' },
              ],
              lineCap: 'round',
            },
          },
        },
      },
      transition: {
        emphasis: {
          $type: 'transition',
          $value: {
            duration: { value: 200, unit: 'ms' },
            delay: { value: 0, unit: 'ms' },
            timingFunction: [0.5, 0, 1, 1],
          },
        },
      },
      'blue-to-red': {
        $type: 'gradient',
        $value: [
          { color: { colorSpace: 'srgb', components: [0, 0, 1] }, position: 0 },
          { color: { colorSpace: 'srgb', components: [1, 0, 0] }, position: 1 },
        ],
      },
      'mostly-yellow': {
        $type: 'gradient',
        $value: [
          { color: { colorSpace: 'srgb', components: [1, 1, 0] }, position: 0.666 },
          { color: { colorSpace: 'srgb', components: [1, 0, 0] }, position: 42 },
        ],
      },
      'alert-border-style': {
        $type: 'strokeStyle',
        $value: {
          dashArray: [
            { value: 0.5, unit: 'rem' },
            { value: 0.25, unit: 'rem' },
          ],
          lineCap: 'round',
        },
      },
      'focus-ring-style': { $type: 'strokeStyle', $value: 'dashed' },
    });
    expect(result.violations).toEqual([]);
    const flat = toFlat(result.theme).light;
    expect(flat['--border-heavy']).toBe('3px solid #383838');
    // an object stroke style has no CSS border style: dashed is the fallback DTCG suggests (§9.3.3)
    expect(flat['--border-focusring']).toBe('1px dashed #0066cc');
    expect(flat['--transition-emphasis']).toBe('200ms cubic-bezier(0.5, 0, 1, 1) 0ms');
    expect(flat['--blue-to-red']).toBe('#0000ff 0%, #ff0000 100%');
    // a position outside [0, 1] is read as clamped (§9.7)
    expect(flat['--mostly-yellow']).toBe('#ffff00 66.6%, #ff0000 100%');
    expect(flat['--alert-border-style']).toBe('dashed');
    expect(flat['--alert-border-style-dash-array']).toBe('0.5rem 0.25rem');
    expect(flat['--alert-border-style-line-cap']).toBe('round');
    expect(flat['--focus-ring-style']).toBe('dashed');
  });

  it('refuses a composite with a missing part, an extra part (noted), or a part of the wrong type', () => {
    const result = checkTree({
      a: { $type: 'border', $value: { color: '#000', width: '1px' } },
      b: { $type: 'transition', $value: { duration: '1px', delay: '0ms', timingFunction: [0, 0, 1, 1] } },
      c: {
        $type: 'shadow',
        $value: { color: '#000', offsetX: '0px', offsetY: '0px', blur: '0px', spread: '0px', angle: 45 },
      },
      d: { $type: 'strokeStyle', $value: 'wavy' },
      e: { $type: 'gradient', $value: [] },
    });
    expect(rules(result.violations)).toEqual([
      ['schema', 'a'],
      ['schema', 'b'],
      ['schema', 'd'],
      ['schema', 'e'],
    ]);
    expect(result.violations[0]!.message).toMatch(/lacks style/);
    expect(result.violations[1]!.message).toMatch(/duration/);
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'c', code: 'unknown_property' })]);
    // --strict: what was accepted leniently is refused
    expect(
      rules(
        checkTree(
          {
            c: {
              $type: 'shadow',
              $value: { color: '#000', offsetX: '0px', offsetY: '0px', blur: '0px', spread: '0px', angle: 45 },
            },
          },
          { strict: true },
        ).violations,
      ),
    ).toEqual([['schema', 'c']]);
  });

  it('reports a part that refers to a token of another type as type_mismatch, naming the part', () => {
    const result = checkTree({
      size: { $type: 'dimension', $value: '4px' },
      shadow: {
        $type: 'shadow',
        $value: { color: '{size}', offsetX: '0px', offsetY: '0px', blur: '0px', spread: '0px' },
      },
    });
    expect(rules(result.violations)).toEqual([['type_mismatch', 'shadow']]);
    expect(result.violations[0]).toMatchObject({
      part: "the shadow's color",
      expected: 'color',
      actual: 'dimension',
      target: 'size',
    });
  });

  it('reports a reference cycle through composite parts', () => {
    const result = checkTree({
      a: { $type: 'gradient', $value: ['{b}'] },
      b: { $type: 'gradient', $value: ['{a}', { color: '#000', position: 1 }] },
    });
    expect(result.violations.map((v) => v.rule)).toEqual(['alias_cycle', 'alias_cycle']);
  });
});

describe('JSON pointers into values (§7.3)', () => {
  it('fills a color component, a dimension value and a typography part from another token', () => {
    const result = checkTree({
      base: {
        blue: { $type: 'color', $value: { colorSpace: 'srgb', components: [0.2, 0.4, 0.9], hex: '#3366e6' } },
        spacing: { $type: 'dimension', $value: { value: 16, unit: 'px' } },
        text: {
          $type: 'typography',
          $value: {
            fontFamily: ['Helvetica', 'Arial', 'sans-serif'],
            fontSize: { value: 16, unit: 'px' },
            fontWeight: 400,
            lineHeight: 1.5,
          },
        },
      },
      semantic: {
        primary: {
          $type: 'color',
          $value: {
            colorSpace: 'srgb',
            components: [{ $ref: '#/base/blue/$value/components/0' }, { $ref: '#/base/blue/$value/components/1' }, 0.7],
            hex: '#3366b3',
          },
        },
        primaryHue: { $ref: '#/base/blue/$value/components/0', $type: 'number' },
      },
      layout: {
        small: { $type: 'dimension', $value: { value: { $ref: '#/base/spacing/$value/value' }, unit: 'rem' } },
      },
      headings: {
        h1: {
          $type: 'typography',
          $value: {
            fontFamily: { $ref: '#/base/text/$value/fontFamily' },
            fontSize: { value: 32, unit: 'px' },
            fontWeight: 700,
            lineHeight: { $ref: '#/base/text/$value/lineHeight' },
          },
        },
      },
    });
    expect(result.violations).toEqual([]);
    expect(result.theme.tokens.get('semantic.primary')?.resolved).toBe('#3366b3');
    expect(result.theme.tokens.get('semantic.primaryHue')?.resolved).toBe('0.2');
    expect(result.theme.tokens.get('layout.small')?.resolved).toBe('16rem');
    expect(resolvedValue(result, 'headings.h1')).toMatchObject({
      fontFamily: '"Helvetica", "Arial", sans-serif',
      lineHeight: '1.5',
      fontSize: '32px',
    });
    // an incomplete typography is noted (DTCG wants all five parts)
    expect(result.warnings.map((w) => w.code)).toContain('incomplete_composite');
  });

  it('follows a pointer to a whole token like an alias, typed by the place it fills', () => {
    const result = checkTree({
      colors: { blue: { $type: 'color', $value: '#0066cc' } },
      semantic: {
        primary: { $ref: '#/colors/blue/$value', $type: 'color' },
        border: { $type: 'border', $value: { color: { $ref: '#/colors/blue' }, width: '1px', style: 'solid' } },
      },
    });
    expect(result.violations).toEqual([]);
    expect(result.theme.tokens.get('semantic.primary')?.alias).toBe('colors.blue');
    expect(toFlat(result.theme).light['--semantic-border']).toBe('1px solid #0066cc');
  });

  it('refuses a pointer to a part that does not exist, and a value the pointer fills badly', () => {
    const result = checkTree({
      base: { blue: { $type: 'color', $value: '#0066cc' }, n: { $type: 'number', $value: 1 } },
      a: { $type: 'number', $ref: '#/base/blue/$value/components/0' },
      b: { $type: 'dimension', $value: { value: { $ref: '#/base/blue/$value' }, unit: 'px' } },
    });
    expect(rules(result.violations)).toEqual([
      ['schema', 'b'],
      ['alias_unresolved', 'a'],
    ]);
    expect(result.violations[1]!.message).toMatch(/#\/base\/blue\/\$value\/components\/0, which does not exist/);
  });
});

describe('groups: $extends and $root (§6)', () => {
  it('extends a group: inherited tokens, local overrides, added tokens (examples 13, 14, 15)', () => {
    const result = checkTree({
      button: {
        $type: 'color',
        background: { $value: { colorSpace: 'srgb', components: [0, 0.4, 0.8], hex: '#0066cc' } },
        text: { $value: '#ffffff' },
      },
      'button-primary': { $extends: '{button}', background: { $value: '#cc0066' } },
      input: {
        field: {
          width: { $type: 'dimension', $value: { value: 12, unit: 'rem' } },
          background: { $type: 'color', $value: '#ffffff' },
        },
      },
      'input-amount': { $extends: '{input}', field: { width: { $value: '100px' } } },
      base: {
        color: { $type: 'color', $value: '#0033cc' },
        spacing: { $type: 'dimension', $value: { value: 16, unit: 'px' } },
      },
      extended: {
        $extends: '{base}',
        color: { $type: 'color', $value: '#e60d00' },
        border: {
          $type: 'border',
          $value: { width: { value: 1, unit: 'px' }, style: 'solid', color: '{extended.color}' },
        },
      },
    });
    expect(result.violations).toEqual([]);
    const value = (path: string) => result.theme.tokens.get(path)?.resolved;
    expect(value('button-primary.background')).toBe('#cc0066');
    expect(value('button-primary.text')).toBe('#ffffff');
    // the inherited $type comes with the group
    expect(result.theme.tokens.get('button-primary.text')?.type).toBe('color');
    expect(value('input-amount.field.width')).toBe('100px');
    expect(value('input-amount.field.background')).toBe('#ffffff');
    expect(value('extended.spacing')).toBe('16px');
    expect(toFlat(result.theme).light['--extended-border']).toBe('1px solid #e60d00');
  });

  it('refuses circular and self-extending groups (examples 16, 17) and an $extends that names a token', () => {
    const cycle = checkTree({
      groupA: { $extends: '{groupB}', token: { $type: 'number', $value: 1 } },
      groupB: { $extends: '{groupA}', token: { $type: 'number', $value: 2 } },
    });
    expect(cycle.violations.some((v) => /cycle/.test(v.message))).toBe(true);
    const self = checkTree({ button: { color: { $type: 'number', $value: 1 }, secondary: { $extends: '{button}' } } });
    expect(self.violations).toEqual([
      expect.objectContaining({ path: 'button.secondary', message: expect.stringMatching(/cycle/) }),
    ]);
    const token = checkTree({ a: { $type: 'number', $value: 1 }, b: { $extends: '{a}' } });
    expect(token.violations).toEqual([
      expect.objectContaining({ path: 'b', message: expect.stringMatching(/is a token/) }),
    ]);
  });

  it("names a $root token's property for its group, and lets {group} reach it (example 10)", () => {
    const result = checkTree({
      color: {
        accent: {
          $root: { $type: 'color', $value: { colorSpace: 'srgb', components: [0.867, 0, 0], hex: '#dd0000' } },
          light: { $type: 'color', $value: '#ff2222' },
        },
        link: { $type: 'color', $value: '{color.accent.$root}' },
        'link-loose': { $type: 'color', $value: '{color.accent}' },
      },
    });
    expect(result.violations).toEqual([]);
    const flat = toFlat(result.theme).light;
    expect(flat['--color-accent']).toBe('#dd0000');
    expect(flat['--color-accent-light']).toBe('#ff2222');
    expect(result.theme.tokens.get('color.link-loose')?.resolved).toBe('#dd0000');
  });
});

describe('a layer over a base with composites', () => {
  const tree = {
    primitive: {
      color: {
        $type: 'color',
        black: { $value: '#000000' },
        blue: { $value: '#1d4ed8' },
        red: { 600: { $value: '#dc2626' } },
      },
      size: { $type: 'dimension', 1: { $value: '1px' }, 2: { $value: '2px' }, '0-5': { $value: '0.5px' } },
      shadow: {
        $type: 'shadow',
        sm: {
          $value: { color: '{primitive.color.black}', offsetX: '0px', offsetY: '1px', blur: '2px', spread: '0px' },
        },
      },
    },
    semantic: {
      light: {
        focus: {
          ring: { $type: 'color', $value: '{primitive.color.blue}' },
          outline: {
            $type: 'border',
            $value: { color: '{semantic.light.focus.ring}', width: '{primitive.size.2}', style: 'solid' },
          },
        },
        elevation: { card: { $type: 'shadow', $value: '{primitive.shadow.sm}' } },
      },
    },
  };
  const governance: Governance = { protected: ['semantic.*.focus'], pairs: [], required: [] };
  const base = prepareBase(tree, governance);
  const compose = (layers: Layer[], options = {}) => composeTheme(base, layers, options);

  it('refuses a change that moves a protected composite through a part it refers to', () => {
    const result = compose([{ source: 't1', tokens: { primitive: { size: { 2: { $value: '1px' } } } } }]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'protected',
        path: 'semantic.light.focus.outline',
        via: 'primitive.size.2',
        source: 't1',
      }),
    ]);
  });

  it('accepts a full re-export that sets a protected composite to its current value, ignoring the entry', () => {
    const same = compose([
      {
        source: 't1',
        tokens: {
          semantic: {
            light: {
              focus: {
                outline: {
                  $value: { color: '{semantic.light.focus.ring}', width: '{primitive.size.2}', style: 'solid' },
                },
              },
            },
          },
        },
      },
    ]);
    expect(same.violations).toEqual([]);
    expect(same.warnings.map((w) => w.code)).toEqual(['protected_unchanged']);
    const changed = compose([
      {
        source: 't1',
        tokens: {
          semantic: { light: { focus: { outline: { $value: { color: '#ff0000', width: '2px', style: 'solid' } } } } },
        },
      },
    ]);
    expect(rules(changed.violations)).toEqual([['protected', 'semantic.light.focus.outline']]);
  });

  it('lets a partner restyle an unprotected composite, and a customer only within the ranges on its parts', () => {
    const t1: Layer = {
      source: 't1',
      tokens: {
        primitive: {
          shadow: { sm: { $value: { color: '#111111', offsetX: '0px', offsetY: '2px', blur: '4px', spread: '0px' } } },
        },
      },
    };
    expect(compose([t1]).violations).toEqual([]);
    const policy = {
      allow: ['primitive.shadow'],
      ranges: { 'primitive.shadow.sm.blur': { max: '8px' }, 'primitive.shadow.sm.color': { maxDeltaE: 0.1 } },
    };
    const near: Layer = {
      source: 't2',
      tokens: {
        primitive: {
          shadow: { sm: { $value: { color: '#222222', offsetX: '0px', offsetY: '2px', blur: '6px', spread: '0px' } } },
        },
      },
    };
    expect(compose([t1, near], { policy }).violations).toEqual([]);
    const far: Layer = {
      source: 't2',
      tokens: {
        primitive: {
          shadow: { sm: { $value: { color: '#ff0000', offsetX: '0px', offsetY: '2px', blur: '12px', spread: '0px' } } },
        },
      },
    };
    expect(rules(compose([t1, far], { policy }).violations)).toEqual([
      ['out_of_range', 'primitive.shadow.sm.color'],
      ['out_of_range', 'primitive.shadow.sm.blur'],
    ]);
  });

  it('refuses a path that would emit a property the base already emits (name_collision)', () => {
    const result = compose([
      { source: 't1', tokens: { primitive: { 'color-red': { 600: { $type: 'color', $value: '#00ff00' } } } } },
    ]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'name_collision',
        path: 'primitive.color-red.600',
        property: '--primitive-color-red-600',
        collidesWith: 'primitive.color.red.600',
      }),
    ]);
    // and the base's value is what would be served
    expect(toFlat(result.theme).light['--primitive-color-red-600']).toBe('#dc2626');
  });

  it('reads a dotted name as the name with "-" and lets other layers refer to it either way', () => {
    const t1: Layer = { source: 't1', tokens: { primitive: { size: { '0.5': { $value: '0.75px' } } } } };
    const t2: Layer = {
      source: 't2',
      tokens: { primitive: { brand: { $type: 'dimension', hair: { $value: '{primitive.size.0.5}' } } } },
    };
    const result = compose([t1, t2], { policy: { allow: ['primitive'], ranges: {} } });
    expect(result.violations).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['dotted_name']);
    expect(result.theme.tokens.get('primitive.size.0-5')?.resolved).toBe('0.75px');
    expect(result.theme.tokens.get('primitive.brand.hair')).toMatchObject({
      alias: 'primitive.size.0-5',
      resolved: '0.75px',
    });
    expect(compose([t1], { strict: true }).violations).toEqual([
      expect.objectContaining({ rule: 'schema', code: 'dotted_name' }),
    ]);
  });

  it('types a new primitive from its alias target (a typeless alias)', () => {
    const result = compose([
      {
        source: 't1',
        tokens: {
          primitive: { brand: { glow: { $value: '{primitive.shadow.sm}' }, nothing: { $value: '{primitive.nope}' } } },
        },
      },
    ]);
    expect(result.theme.tokens.get('primitive.brand.glow')?.type).toBe('shadow');
    expect(rules(result.violations)).toEqual([['alias_unresolved', 'primitive.brand.nothing']]);
    expect(result.theme.tokens.has('primitive.brand.nothing')).toBe(false);
  });

  it('re-emits a composite that refers to a changed primitive, and only what changed', () => {
    const result = compose([{ source: 't1', tokens: { primitive: { color: { black: { $value: '#111111' } } } } }]);
    const overlay = emitOverlay(base.theme, result.theme).css;
    expect(overlay).toContain('--primitive-shadow-sm: 0px 1px 2px 0px #111111;');
    expect(overlay).toContain('--primitive-color-black: #111111;');
    expect(overlay).not.toContain('--elevation-card'); // still var(--primitive-shadow-sm)
  });
});
