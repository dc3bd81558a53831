// A T1's policy for its T2 customers: which paths they may change at all (`not_allowed`) and how far a
// changed value may move (`out_of_range`). Both rules only apply when the composition has a t2 layer.

import { deltaEOK, oklch, parseColor } from '../color.ts';
import { isComposite, partsOf } from '../composites.ts';
import { compilePattern, matchesPattern, patternMatcher, type CompiledPattern } from '../paths.ts';
import type { MergedToken, RangeRule, TokenType, Violation } from '../types.ts';
import type { GovernanceRule, RuleContext } from './types.ts';
import { quoteValue } from './quote.ts';

/** Paths the t2 layer sets itself; null when the composition has no t2 layer. */
function pathsSetByT2(ctx: RuleContext): Set<string> | null {
  const layers = ctx.layers.filter((layer) => layer.source === 't2');
  if (layers.length === 0) return null;
  return new Set(layers.flatMap((layer) => [...layer.parsed.tokens.keys()]));
}

export const notAllowedRule: GovernanceRule = {
  id: 'not_allowed',
  docs: "A T2 customer may only set paths its partner's allow-list covers, and nothing at all without a policy.",
  url: 'docs/rules/not_allowed.md',
  check(ctx) {
    const setByT2 = pathsSetByT2(ctx);
    if (setByT2 === null) return [];
    const allow = ctx.policy?.allow ?? [];
    const allowed = patternMatcher(allow);
    const violations: Violation[] = [];
    for (const path of setByT2) {
      if (allowed(path)) continue;
      violations.push({
        path,
        rule: 'not_allowed',
        source: 't2',
        allowed: allow,
        message: `${path} may not be changed: ${describeAllowList(allow)}.`,
        fix: `remove ${path} from your overrides`,
      });
    }
    return violations;
  },
};

function describeAllowList(allow: string[]): string {
  if (allow.length === 0) return 'the policy allows no changes';
  const shown = allow.slice(0, 5).join(', ');
  const more = allow.length > 5 ? ` and ${allow.length - 5} more` : '';
  return `the policy allows changes to ${shown}${more}`;
}

/**
 * Below this OKLCH chroma a color is within a just-noticeable difference (ΔE OK ≈ 0.02) of the grey of the
 * same lightness: its hue angle is numerical noise, not something a viewer sees. Such a color has no hue,
 * so it is outside every hue range — a partner who bounds the hue wants a color of that hue, not a grey.
 */
const ACHROMATIC_CHROMA = 0.02;

// Relative units are compared at the browser default font size.
const PX_PER_EM = 16;

export const outOfRangeRule: GovernanceRule = {
  id: 'out_of_range',
  docs: "A value a T2 customer changes must stay within its partner's ranges (ΔE OK from the partner's color, OKLCH lightness and hue, dimension min/max).",
  url: 'docs/rules/out_of_range.md',
  check(ctx) {
    const setByT2 = pathsSetByT2(ctx);
    if (setByT2 === null) return [];
    const ranges = Object.entries(ctx.policy?.ranges ?? {}).map(([pattern, range]) => ({
      pattern: compilePattern(pattern),
      range,
    }));
    if (ranges.length === 0) return [];
    const violations: Violation[] = [];
    for (const [path, token] of ctx.merged.tokens) {
      const partner = ctx.partner?.tokens.get(path);
      // A T2 changes a value by setting the path, or by setting what the path refers to (an allowed
      // primitive): both must stay in range, or ranges could be bypassed through aliases.
      if (!setByT2.has(path) && token.resolved === partner?.resolved) continue;
      // An unresolved value is reported by the alias rules; there is nothing to measure here.
      if (token.resolved === undefined) continue;
      if (isComposite(token.type)) {
        violations.push(...checkParts(path, token, partner, ranges));
        continue;
      }
      const applicable = ranges.filter(({ pattern }) => matchesPattern(pattern, path));
      for (const { range } of applicable)
        violations.push(...checkRange(path, token.type, token.resolved, range, partner?.resolved));
    }
    return violations;
  },
};

/**
 * A composite's ranges are written for its parts, by name: `semantic.*.shadow.card.color` bounds the color of every
 * layer of that shadow, `…typography.body.fontSize` the font size. A pattern that only covers the whole token
 * names no part, and does not apply.
 */
function checkParts(
  path: string,
  token: MergedToken,
  partner: MergedToken | undefined,
  ranges: { pattern: CompiledPattern; range: RangeRule }[],
): Violation[] {
  const depth = path.split('.').length + 1;
  const named = ranges.filter(({ pattern }) => pattern.length === depth);
  if (named.length === 0 || token.resolvedValue === undefined) return [];
  const before = partner?.resolvedValue === undefined ? [] : partsOf(partner.type, partner.resolvedValue);
  const violations: Violation[] = [];
  for (const part of partsOf(token.type, token.resolvedValue!)) {
    const partPath = `${path}.${part.name}`;
    const partner = before.find((p) => p.name === part.name && p.index === part.index)?.css;
    for (const { pattern, range } of named) {
      if (!matchesPattern(pattern, partPath)) continue;
      const shown =
        part.index === undefined
          ? partPath
          : `${partPath} (${token.type === 'gradient' ? 'stop' : 'layer'} ${part.index + 1})`;
      for (const violation of checkRange(shown, part.type, part.css, range, partner))
        violations.push({ ...violation, path: partPath });
    }
  }
  return violations;
}

function checkRange(
  path: string,
  type: TokenType,
  value: string,
  range: RangeRule,
  partnerValue: string | undefined,
): Violation[] {
  if (type === 'color') return checkColor(path, value, range, partnerValue);
  if (QUANTITY_TYPES.has(type)) return checkQuantity(path, value, range);
  // Bounds of another kind (color bounds on a dimension, min/max on a font family) do not apply:
  // a pattern may cover a subtree of mixed types.
  return [];
}

function outOfRange(
  path: string,
  value: string,
  range: RangeRule,
  actual: number | string | null,
  message: string,
  fix: string,
): Violation {
  return { path, rule: 'out_of_range', source: 't2', value, range, actual, message, fix };
}

function checkColor(path: string, value: string, range: RangeRule, partnerValue: string | undefined): Violation[] {
  const { maxDeltaE, lightness, hue } = range;
  if (maxDeltaE === undefined && lightness === undefined && hue === undefined) return [];
  const color = parseColor(value);
  if (color === undefined) {
    const bounds = pick(range, ['maxDeltaE', 'lightness', 'hue']);
    return [
      outOfRange(
        path,
        value,
        bounds,
        null,
        `${path} is ${quoteValue(value)}, which is not a color the policy range can be checked against.`,
        `set ${path} to a valid color`,
      ),
    ];
  }
  const violations: Violation[] = [];

  if (maxDeltaE !== undefined) {
    const reference = partnerValue === undefined ? undefined : parseColor(partnerValue);
    if (reference === undefined) {
      // Fail closed: without the partner's value the distance cannot be measured.
      violations.push(
        outOfRange(
          path,
          value,
          { maxDeltaE },
          null,
          `${path} has no partner color to measure the allowed ΔE ${maxDeltaE} from.`,
          `remove ${path} from your overrides`,
        ),
      );
    } else {
      const distance = deltaEOK(color, reference)!;
      if (distance > maxDeltaE) {
        const shown = display(distance, 3, (x) => x > maxDeltaE);
        violations.push(
          outOfRange(
            path,
            value,
            { maxDeltaE },
            shown,
            `${path} is ${value}, ΔE ${shown} from ${partnerValue}; the policy allows at most ${maxDeltaE}.`,
            `choose a color within ΔE ${maxDeltaE} of ${partnerValue}`,
          ),
        );
      }
    }
  }

  const { l, c, h } = oklch(color)!;
  if (lightness !== undefined) {
    const [lo, hi] = lightness;
    if (l < lo || l > hi) {
      const shown = display(l, 3, (x) => x < lo || x > hi);
      violations.push(
        outOfRange(
          path,
          value,
          { lightness },
          shown,
          `${path} is ${value}, OKLCH lightness ${shown}, outside the allowed ${lo}–${hi}.`,
          `choose a color with OKLCH lightness between ${lo} and ${hi}`,
        ),
      );
    }
  }

  if (hue !== undefined) {
    const fix = `choose a color with a hue between ${hue[0]}° and ${hue[1]}°`;
    if (h === undefined || c < ACHROMATIC_CHROMA) {
      violations.push(
        outOfRange(
          path,
          value,
          { hue },
          null,
          `${path} is ${value}, a grey with no discernible hue, outside the allowed hues ${describeHueRange(hue)}.`,
          fix,
        ),
      );
    } else if (!hueWithin(h, hue)) {
      const shown = display(h, 1, (x) => !hueWithin(x, hue));
      violations.push(
        outOfRange(
          path,
          value,
          { hue },
          shown,
          `${path} is ${value}, hue ${shown}°, outside the allowed hues ${describeHueRange(hue)}.`,
          fix,
        ),
      );
    }
  }
  return violations;
}

const normaliseDegrees = (deg: number) => ((deg % 360) + 360) % 360;

/** Whether `h` lies in [min, max] degrees; min > max (after normalising) wraps through 0°. */
export function hueWithin(h: number, [min, max]: [number, number]): boolean {
  if (max - min >= 360) return true;
  const hue = normaliseDegrees(h);
  const lo = normaliseDegrees(min);
  const hi = normaliseDegrees(max);
  return lo <= hi ? hue >= lo && hue <= hi : hue >= lo || hue <= hi;
}

function describeHueRange([min, max]: [number, number]): string {
  const wraps = max - min < 360 && normaliseDegrees(min) > normaliseDegrees(max);
  return `${min}°–${max}°${wraps ? ' (through 0°)' : ''}`;
}

// Types whose values are a number with an optional unit, so min/max bounds can apply.
const QUANTITY_TYPES = new Set<TokenType>(['dimension', 'number', 'fontWeight', 'duration']);

interface Quantity {
  amount: number;
  unit: string;
}

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)$/i;

/** A number with a unit, in a canonical unit: px for px/rem/em, ms for s/ms; other units as written. */
function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  if (unit === 'rem' || unit === 'em') return { amount: amount * PX_PER_EM, unit: 'px' };
  if (unit === 's') return { amount: amount * 1000, unit: 'ms' };
  return { amount, unit };
}

function checkQuantity(path: string, value: string, range: RangeRule): Violation[] {
  if (range.min === undefined && range.max === undefined) return [];
  const actual = parseQuantity(value);
  if (actual === undefined) {
    return [
      outOfRange(
        path,
        value,
        pick(range, ['min', 'max']),
        value,
        `${path} is ${quoteValue(value)}, not a number with a unit, so it cannot be checked against the policy range.`,
        `set ${path} to a plain value such as ${range.min ?? range.max}`,
      ),
    ];
  }
  const violations: Violation[] = [];
  for (const side of ['min', 'max'] as const) {
    const boundText = range[side];
    if (boundText === undefined) continue;
    const bounds = { [side]: boundText };
    const bound = parseQuantity(boundText);
    // A bare 0 is the same length in every unit.
    const unit = actual.amount === 0 && actual.unit === '' && bound !== undefined ? bound.unit : actual.unit;
    if (bound === undefined || unit !== bound.unit) {
      violations.push(
        outOfRange(
          path,
          value,
          bounds,
          value,
          `${path} is ${value}, which cannot be compared with the allowed ${side} ${boundText} (different units).`,
          `express ${path} in the unit of ${boundText}`,
        ),
      );
      continue;
    }
    const below = side === 'min' && actual.amount < bound.amount;
    const above = side === 'max' && actual.amount > bound.amount;
    if (below || above) {
      violations.push(
        outOfRange(
          path,
          value,
          bounds,
          value,
          `${path} is ${value}, ${below ? 'below the allowed minimum' : 'above the allowed maximum'} ${boundText}.`,
          `use a value of ${below ? 'at least' : 'at most'} ${boundText}`,
        ),
      );
    }
  }
  return violations;
}

/** Round for display, unless rounding would make an out-of-range value look in range. */
function display(actual: number, decimals: number, outside: (x: number) => boolean): number {
  const rounded = Number(actual.toFixed(decimals));
  return outside(rounded) ? rounded : actual;
}

function pick(range: RangeRule, keys: (keyof RangeRule)[]): RangeRule {
  return Object.fromEntries(keys.filter((k) => range[k] !== undefined).map((k) => [k, range[k]])) as RangeRule;
}
