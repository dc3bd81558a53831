// Tailwind v4 `@theme` mapping: which Tailwind namespace a token lands in, and under which name.
// Every entry is `--<namespace>-<name>: var(--<theme.css name>)` inside `@theme inline`, because one
// Tailwind build serves every tenant: the values come from the tenant's theme.css at runtime (so the
// utilities follow the Host's brand and dark mode), and `inline` makes the utilities use the theme.css
// variable directly instead of a Tailwind copy resolved once on :root.

import type { MergedToken, TokenType } from '../types.ts';
import { escapeIdent, splitMode } from './naming.ts';

interface Namespace {
  /** null: deliberately not mapped. */
  namespace: string | null;
  /** Leading path segments (after `primitive.` / `semantic.<mode>.`) that the namespace already says. */
  prefixes: string[][];
}

const LINE_HEIGHT: Namespace = {
  namespace: 'leading',
  prefixes: [['font', 'lineHeight'], ['font', 'line-height'], ['lineHeight'], ['line-height'], ['leading']],
};

const DIMENSION_NAMESPACES: Namespace[] = [
  { namespace: 'breakpoint', prefixes: [['breakpoint'], ['breakpoints'], ['screen'], ['screens']] },
  // Tailwind has no theme namespace for border widths (`border-*` takes bare numbers): not mapped
  { namespace: null, prefixes: [['border-width'], ['borderWidth'], ['border', 'width']] },
  { namespace: 'radius', prefixes: [['radius'], ['radii'], ['borderRadius'], ['border-radius']] },
  { namespace: 'text', prefixes: [['font', 'size'], ['fontSize'], ['font-size'], ['typography', 'size']] },
  LINE_HEIGHT,
  { namespace: 'tracking', prefixes: [['font', 'letterSpacing'], ['letterSpacing'], ['letter-spacing'], ['tracking']] },
  // any other dimension (spacing scale, accessibility sizes…) is a spacing value: `p-*`, `w-*`, `gap-*`
  { namespace: 'spacing', prefixes: [['spacing'], ['space'], []] },
];

const NAMESPACES: Record<TokenType, Namespace[]> = {
  color: [{ namespace: 'color', prefixes: [['color'], ['colors'], []] }],
  dimension: DIMENSION_NAMESPACES,
  fontFamily: [{ namespace: 'font', prefixes: [['font', 'family'], ['fontFamily'], ['font-family'], ['font'], ['family'], []] }],
  fontWeight: [{ namespace: 'font-weight', prefixes: [['font', 'weight'], ['fontWeight'], ['font-weight'], ['weight'], []] }],
  number: [LINE_HEIGHT],
  cubicBezier: [{ namespace: 'ease', prefixes: [['easing'], ['ease'], ['motion', 'easing'], []] }],
  // Tailwind v4 has no theme namespace for durations (`duration-*` takes bare numbers)
  duration: [],
};

/** The comment at the top of the Tailwind file: the mapping, for whoever reads the generated CSS. */
export const TAILWIND_MAPPING_COMMENT = `/*
 * Livery theme for Tailwind CSS v4. Load the tenant's theme.css as well: every value below is a
 * var() reference into it, so one Tailwind build serves every tenant and dark mode keeps working.
 * Mapping (path after "primitive." or "semantic.<mode>."):
 *   color                                   -> --color-*        (color.blue.500 -> --color-blue-500,
 *                                                                 background.canvas -> --color-background-canvas)
 *   dimension under spacing/space (or any
 *     other dimension)                      -> --spacing-*
 *   dimension under radius                  -> --radius-*
 *   dimension under breakpoint              -> --breakpoint-*
 *   dimension under font.size               -> --text-*
 *   dimension under font.letterSpacing      -> --tracking-*
 *   fontFamily                              -> --font-*         (font.family.sans -> --font-sans)
 *   fontWeight                              -> --font-weight-*
 *   number/dimension under font.lineHeight  -> --leading-*
 *   cubicBezier                             -> --ease-*
 *   duration, border-width, other numbers   -> not mapped (no Tailwind theme namespace)
 */`;

/** `--color-background-canvas` for `semantic.light.background.canvas`; undefined when the type has no namespace. */
export function tailwindName(token: Pick<MergedToken, 'path' | 'type'>): string | undefined {
  const { mode, rest } = splitMode(token.path);
  let segments = rest.split('.');
  if (mode === null && segments[0] === 'primitive' && segments.length > 1) segments = segments.slice(1);
  for (const { namespace, prefixes } of NAMESPACES[token.type] ?? []) {
    for (const prefix of prefixes) {
      if (!startsWith(segments, prefix)) continue;
      if (namespace === null) return undefined;
      const name = segments.length > prefix.length ? segments.slice(prefix.length) : segments;
      return `--${namespace}-${escapeIdent(name.join('-'))}`;
    }
  }
  return undefined;
}

function startsWith(segments: string[], prefix: string[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, i) => segments[i] === segment);
}
