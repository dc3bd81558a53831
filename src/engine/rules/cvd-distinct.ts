// `cvd_distinct`: the status colors (and any pairs T0 lists) must stay tell-apart-able for people with a
// color-vision deficiency — their OKLab distance after simulating protanopia, deuteranopia and tritanopia
// (Machado et al. 2009, in ../color.ts) must reach a threshold. Advisory: a warning unless T0's governance makes
// it an error. A pair that cannot be measured (a token missing or not a color) is skipped: the status colors may
// be absent from a design system checked on its own, and an unresolved token is reported by the alias rule.

import { cvdDistance, DEFICIENCIES } from '../color.ts';
import type { CvdPair, CvdViolation, Deficiency, LayerSource, MergedTheme, MergedToken, Mode } from '../types.ts';
import type { GovernanceRule, RuleContext } from './types.ts';

/**
 * The default threshold: 1.5 × the OKLab just-noticeable difference (0.02, the one CSS Color 4's gamut mapping
 * uses), so a pair below it is at best barely distinguishable side by side. The bundled palette's closest status
 * pair (light error #dc2626 and warning #a16207 under deuteranopia) measures 0.032.
 */
export const CVD_DEFAULT_THRESHOLD = 0.03;

const STATUS_COLORS = ['status.error', 'status.success', 'status.warning', 'status.info'];
const MODES: Mode[] = ['light', 'dark'];

/** Every pair of status colors, in both modes. */
const STATUS_PAIRS: readonly CvdPair[] = STATUS_COLORS.flatMap((a, i) =>
  STATUS_COLORS.slice(i + 1).map((b) => ({ a, b, modes: MODES })),
);

const CASCADE: readonly LayerSource[] = ['base', 'theme', 't0', 't1', 't2'];

export const cvdDistinctRule: GovernanceRule = {
  id: 'cvd_distinct',
  docs: 'The status colors, and the pairs governance lists, must stay distinguishable under simulated protanopia, deuteranopia and tritanopia; a warning unless governance makes it an error.',
  url: 'docs/rules/cvd_distinct.md',
  check(ctx: RuleContext): CvdViolation[] {
    const threshold = ctx.governance.cvd?.threshold ?? CVD_DEFAULT_THRESHOLD;
    const asError = ctx.governance.cvd?.severity === 'error';
    const violations: CvdViolation[] = [];
    const checked = new Set<string>();
    for (const pair of [...STATUS_PAIRS, ...(ctx.governance.cvdPairs ?? [])]) {
      for (const mode of pair.modes) {
        // A listed pair may repeat a status pair, either way round: report it once.
        const key = [mode, ...[pair.a, pair.b].sort()].join('\u0000');
        if (checked.has(key)) continue;
        checked.add(key);
        const found = checkPair(ctx.merged, pair, mode, threshold);
        if (found === undefined) continue;
        if (asError) violations.push(found);
        else ctx.warn({ path: found.path, code: 'cvd_distinct', message: found.message });
      }
    }
    return violations;
  },
};

function checkPair(theme: MergedTheme, pair: CvdPair, mode: Mode, threshold: number): CvdViolation | undefined {
  const a = colorToken(theme, `semantic.${mode}.${pair.a}`);
  const b = colorToken(theme, `semantic.${mode}.${pair.b}`);
  if (a === undefined || b === undefined) return undefined;

  const failing: { deficiency: Deficiency; distance: number }[] = [];
  for (const deficiency of DEFICIENCIES) {
    const distance = cvdDistance(a.resolved!, b.resolved!, deficiency);
    if (distance === undefined) return undefined;
    if (distance < threshold) failing.push({ deficiency, distance });
  }
  if (failing.length === 0) return undefined;
  failing.sort((x, y) => x.distance - y.distance);
  const [worst, ...others] = failing;
  const distance = truncateTo3Decimals(worst!.distance);
  const also = others.map((o) => `${o.deficiency} ${truncateTo3Decimals(o.distance)}`).join(', ');
  // The token set further down the cascade is the one most likely just changed: name it first.
  const [first, second] = CASCADE.indexOf(b.source) > CASCADE.indexOf(a.source) ? [b, a] : [a, b];
  return {
    path: first.path,
    rule: 'cvd_distinct',
    pair: [first.path, second.path],
    mode,
    deficiency: worst!.deficiency,
    distance,
    required: threshold,
    source: first.source,
    message:
      `${first.path} and ${second.path} are hard to tell apart under ${worst!.deficiency}: ` +
      `their OKLab distance is ${distance}, below ${threshold}${also === '' ? '' : ` (also ${also})`}.`,
    // Lightness is the one cue every deficiency keeps.
    fix: `make ${first.path} lighter or darker than ${second.path} until they are ${threshold} apart under ${worst!.deficiency}`,
  };
}

/** The token when it resolves to something; whether that is a color, cvdDistance decides. */
function colorToken(theme: MergedTheme, path: string): MergedToken | undefined {
  const token = theme.tokens.get(path);
  return token?.type === 'color' && token.resolved !== undefined ? token : undefined;
}

/**
 * Truncate (never round) to 3 decimals, so a failing 0.0299 prints as 0.029 and not as a passing 0.030; the two
 * corrections undo float dust in the multiplication (as truncateTo2Decimals in ./contrast.ts).
 */
function truncateTo3Decimals(distance: number): number {
  let thousandths = Math.floor(distance * 1000);
  if ((thousandths + 1) / 1000 <= distance) thousandths += 1;
  if (thousandths / 1000 > distance) thousandths -= 1;
  return thousandths / 1000;
}
