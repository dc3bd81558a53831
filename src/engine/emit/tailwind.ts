// Tailwind v4 `@theme` mapping: which Tailwind namespace a token lands in, under which name, with which value.
// Entries live in `@theme inline` and are `var(--<theme.css name>)`, because one Tailwind build serves every
// tenant: the values come from the tenant's theme.css at runtime (so utilities follow the Host's brand and dark
// mode), and `inline` makes utilities use the theme.css variable directly instead of a copy resolved on :root.
// Except where a var() cannot work: breakpoints and container sizes end up in media and container queries, which
// cannot read custom properties, so they are the literal lengths (a tenant's own breakpoints are in its file).

import type { MergedToken, TokenType } from '../types.ts';
import { escapeIdent, naturalKey, splitMode } from './naming.ts';
import type { PropertyValue } from './values.ts';

export interface TailwindEntry {
  name: string;
  /** naturalKey(name) */
  key: string;
  value: string;
}

interface Namespace {
  /** null: deliberately not mapped. */
  namespace: string | null;
  /** Leading path segments (after `primitive.` / `semantic.<mode>.`) that the namespace already says. */
  prefixes: string[][];
  /** The value must be the literal length (used inside @media / @container). */
  literal?: true;
}

const LINE_HEIGHT: Namespace = {
  namespace: 'leading',
  prefixes: [['font', 'lineHeight'], ['font', 'line-height'], ['lineHeight'], ['line-height'], ['leading']],
};

const DIMENSION_NAMESPACES: Namespace[] = [
  { namespace: 'breakpoint', prefixes: [['breakpoint'], ['breakpoints'], ['screen'], ['screens']], literal: true },
  { namespace: 'container', prefixes: [['container'], ['containers']], literal: true },
  // Tailwind has no theme namespace for border widths (`border-*` takes bare numbers): not mapped
  { namespace: null, prefixes: [['border-width'], ['borderWidth'], ['border', 'width']] },
  { namespace: 'radius', prefixes: [['radius'], ['radii'], ['borderRadius'], ['border-radius'], ['rounded']] },
  { namespace: 'text', prefixes: [['font', 'size'], ['fontSize'], ['font-size'], ['typography', 'size']] },
  LINE_HEIGHT,
  { namespace: 'tracking', prefixes: [['font', 'letterSpacing'], ['letterSpacing'], ['letter-spacing'], ['tracking']] },
  { namespace: 'blur', prefixes: [['blur']] },
  // any other dimension (spacing scale, accessibility sizes…) is a spacing value: `p-*`, `w-*`, `gap-*`
  { namespace: 'spacing', prefixes: [['spacing'], ['space'], ['size'], ['sizes'], []] },
];

const NAMESPACES: Record<TokenType, Namespace[]> = {
  color: [{ namespace: 'color', prefixes: [['color'], ['colors'], []] }],
  dimension: DIMENSION_NAMESPACES,
  fontFamily: [
    { namespace: 'font', prefixes: [['font', 'family'], ['fontFamily'], ['font-family'], ['font'], ['family'], []] },
  ],
  fontWeight: [
    { namespace: 'font-weight', prefixes: [['font', 'weight'], ['fontWeight'], ['font-weight'], ['weight'], []] },
  ],
  number: [LINE_HEIGHT],
  cubicBezier: [{ namespace: 'ease', prefixes: [['easing'], ['ease'], ['motion', 'easing'], []] }],
  shadow: [
    { namespace: 'shadow', prefixes: [['shadow'], ['shadows'], ['boxShadow'], ['box-shadow'], ['elevation'], []] },
  ],
  typography: [{ namespace: 'text', prefixes: [['typography'], ['text'], ['type'], ['font'], []] }],
  // Tailwind v4 has no theme namespace for these (`duration-*` takes bare numbers; borders, transitions,
  // gradients and stroke styles are utilities of their own)
  duration: [],
  border: [],
  transition: [],
  gradient: [],
  strokeStyle: [],
};

/** The comment at the top of the Tailwind file: the mapping, for whoever reads the generated CSS. */
export const TAILWIND_MAPPING_COMMENT = `/*
 * Livery theme for Tailwind CSS v4. Load the tenant's theme.css as well: the values below are var()
 * references into it, so one Tailwind build serves every tenant and dark mode keeps working. Breakpoints and
 * container sizes are literal lengths (media and container queries cannot read variables).
 * Mapping (path after "primitive." or "semantic.<mode>."):
 *   color                                   -> --color-*        (color.blue.500 -> --color-blue-500,
 *                                                                 background.canvas -> --color-background-canvas)
 *   dimension under spacing/space (or any
 *     other dimension)                      -> --spacing-*      (spacing.0-5 -> --spacing-0-5: p-0-5)
 *   dimension under radius                  -> --radius-*
 *   dimension under breakpoint              -> --breakpoint-*   (literal: md:, lg:, max-md: …)
 *   dimension under container               -> --container-*    (literal)
 *   dimension under font.size               -> --text-*
 *   dimension under font.letterSpacing      -> --tracking-*
 *   fontFamily                              -> --font-*         (font.family.sans -> --font-sans)
 *   fontWeight                              -> --font-weight-*
 *   number/dimension under font.lineHeight  -> --leading-*
 *   cubicBezier                             -> --ease-*
 *   shadow                                  -> --shadow-*       (all layers inset -> --inset-shadow-*)
 *   typography                              -> --text-*         with --text-*--line-height, --font-weight,
 *                                                                 --letter-spacing from its parts
 *   duration, border, transition, gradient,
 *   strokeStyle, border-width, other numbers -> not mapped (no Tailwind theme namespace)
 */`;

/** The Tailwind entries of a token whose theme.css property is `cssName` and whose properties are `values`. */
export function tailwindEntries(
  token: Pick<MergedToken, 'path' | 'type' | 'resolvedValue'>,
  cssName: string,
  values: readonly PropertyValue[],
): TailwindEntry[] {
  const placed = place(token);
  if (!placed) return [];
  const entry = (name: string, value: string): TailwindEntry => ({ name, key: naturalKey(name), value });
  if (token.type === 'typography') {
    // `text-body` sets the size and, through Tailwind's companion variables, line height, weight and tracking.
    const out = [entry(placed.name, `var(${cssName}-font-size)`)];
    const companions: [string, string][] = [
      ['-line-height', '--line-height'],
      ['-font-weight', '--font-weight'],
      ['-letter-spacing', '--letter-spacing'],
    ];
    for (const [suffix, companion] of companions) {
      if (values.some((v) => v.suffix === suffix))
        out.push(entry(`${placed.name}${companion}`, `var(${cssName}${suffix})`));
    }
    return out;
  }
  if (token.type === 'shadow') {
    const layers = token.resolvedValue as { inset: boolean }[] | undefined;
    const name =
      layers?.length && layers.every((l) => l.inset)
        ? placed.name.replace(/^--shadow-/, '--inset-shadow-')
        : placed.name;
    return [entry(name, `var(${cssName})`)];
  }
  const own = values.find((v) => v.suffix === '');
  if (!own) return [];
  return [entry(placed.name, placed.literal ? own.value : `var(${cssName})`)];
}

/** `--color-background-canvas` for `semantic.light.background.canvas`; undefined when the type has no namespace. */
export function tailwindName(token: Pick<MergedToken, 'path' | 'type'>): string | undefined {
  return place(token)?.name;
}

function place(token: Pick<MergedToken, 'path' | 'type'>): { name: string; literal: boolean } | undefined {
  const { mode, rest } = splitMode(token.path);
  let segments = rest.split('.');
  if (segments.length > 1 && segments.at(-1) === '$root') segments.pop();
  if (mode === null && segments[0] === 'primitive' && segments.length > 1) segments = segments.slice(1);
  for (const { namespace, prefixes, literal } of NAMESPACES[token.type] ?? []) {
    for (const prefix of prefixes) {
      if (!startsWith(segments, prefix)) continue;
      if (namespace === null) return undefined;
      const name = segments.length > prefix.length ? segments.slice(prefix.length) : segments;
      return { name: `--${namespace}-${escapeIdent(name.join('-').replace(/\s+/g, '-'))}`, literal: literal === true };
    }
  }
  return undefined;
}

function startsWith(segments: string[], prefix: string[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, i) => segments[i] === segment);
}
