// Generated DTCG values of every type, for the property tests. A composite's parts are literals or references to
// tokens of the part's type (`refs` supplies candidate paths per type, e.g. the base's).
import fc from 'fast-check';
import type { TokenType } from '../../src/engine/types.ts';

type Refs = Partial<Record<TokenType, readonly string[]>>;

const ref = (refs: Refs, type: TokenType) =>
  refs[type]?.length ? [fc.constantFrom(...refs[type]!).map((p) => `{${p}}`)] : [];
const orRef = <T>(literal: fc.Arbitrary<T>, refs: Refs, type: TokenType): fc.Arbitrary<T | string> =>
  fc.oneof(
    { weight: 3, arbitrary: literal as fc.Arbitrary<T | string> },
    ...ref(refs, type).map((arbitrary) => ({ weight: 1, arbitrary })),
  );

/** A literal value (no references) of each simple type, in the forms DTCG and Livery accept. */
export const simpleValue = {
  color: fc.oneof(
    fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`),
    fc
      .tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map((components) => ({ colorSpace: 'srgb', components })),
    fc
      .tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([r, g, b, a]) => `rgb(${r} ${g} ${b} / ${a.toFixed(2)})`),
  ),
  dimension: fc.oneof(
    fc.integer({ min: 0, max: 64 }).map((n) => `${n}px`),
    fc
      .record({ value: fc.double({ min: -64, max: 64, noNaN: true }), unit: fc.constantFrom('px', 'rem') })
      .map(({ value, unit }) => ({ value: value === 0 ? 0 : value, unit })),
  ),
  fontFamily: fc.oneof(
    fc.array(fc.constantFrom('Inter', 'Georgia', 'serif', 'system-ui', 'Noto Sans JP'), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('Inter', 'sans-serif'),
  ),
  fontWeight: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('bold', 'semi-bold', 'thin')),
  number: fc.double({ min: -10, max: 10, noNaN: true }).map((n) => (n === 0 ? 0 : n)),
  duration: fc.oneof(
    fc.record({ value: fc.integer({ min: 0, max: 2000 }), unit: fc.constantFrom('ms', 's') }),
    fc.constantFrom('150ms', '0.2s'),
  ),
  cubicBezier: fc.tuple(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: -2, max: 2, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: -2, max: 2, noNaN: true }),
  ),
} satisfies Record<string, fc.Arbitrary<unknown>>;

const strokeKeyword = fc.constantFrom('solid', 'dashed', 'dotted', 'double', 'groove', 'ridge', 'outset', 'inset');

/** A value of `type`: a literal, or (for composites) a literal whose parts may refer to tokens in `refs`. */
export function arbitraryValueOf(type: TokenType, refs: Refs = {}): fc.Arbitrary<unknown> {
  const part = (t: keyof typeof simpleValue) => orRef(simpleValue[t] as fc.Arbitrary<unknown>, refs, t);
  switch (type) {
    case 'shadow': {
      const layer = fc.record(
        {
          color: part('color'),
          offsetX: part('dimension'),
          offsetY: part('dimension'),
          blur: part('dimension'),
          spread: part('dimension'),
          inset: fc.boolean(),
        },
        { requiredKeys: ['color', 'offsetX', 'offsetY', 'blur', 'spread'] },
      );
      return fc.oneof(layer, fc.array(orRef(layer, refs, 'shadow'), { minLength: 1, maxLength: 3 }));
    }
    case 'typography':
      return fc.record(
        {
          fontFamily: part('fontFamily'),
          fontSize: part('dimension'),
          fontWeight: part('fontWeight'),
          letterSpacing: part('dimension'),
          lineHeight: part('number'),
        },
        { requiredKeys: ['fontFamily', 'fontSize', 'fontWeight', 'letterSpacing', 'lineHeight'] },
      );
    case 'strokeStyle':
      return fc.oneof(
        strokeKeyword,
        fc.record({
          dashArray: fc.array(part('dimension'), { minLength: 1, maxLength: 4 }),
          lineCap: fc.constantFrom('round', 'butt', 'square'),
        }),
      );
    case 'border':
      return fc.record({
        color: part('color'),
        width: part('dimension'),
        style: orRef(fc.oneof(strokeKeyword), refs, 'strokeStyle'),
      });
    case 'transition':
      return fc.record({ duration: part('duration'), delay: part('duration'), timingFunction: part('cubicBezier') });
    case 'gradient':
      return fc.array(
        orRef(
          fc.record({ color: part('color'), position: fc.double({ min: -1, max: 2, noNaN: true }) }),
          refs,
          'gradient',
        ),
        { minLength: 1, maxLength: 4 },
      );
    default:
      return simpleValue[type];
  }
}
