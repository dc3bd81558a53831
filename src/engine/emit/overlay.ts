// The per-tenant overlay: a tenant's theme.css is the base CSS (built once, with Style Dictionary)
// followed by this overlay, which declares only what the tenant's layers changed or added. Synchronous,
// no Style Dictionary import (it runs in the Worker); the decisions come from ./declarations.ts, which
// the SD base build uses too, so an unchanged token produces an identical declaration on both sides.

import type { MergedTheme } from '../types.ts';
import { type Declaration, type Omission, themeDeclarations } from './declarations.ts';
import { declarationLine, INDENT, renderCssBlocks, renderTailwindTheme } from './layout.ts';

export interface Overlay {
  /** CSS to append after the base CSS; '' when the theme equals the base. */
  css: string;
  /** Tailwind `@theme inline` block to append after the base Tailwind file; '' when nothing was added. */
  tailwind: string;
  /** Tokens of the theme left out of the CSS (unresolved, unsafe value, name collision). */
  omitted: Omission[];
}

/**
 * Declarations of `theme` that differ from (or are missing in) `base`, in the same three blocks.
 *
 * Cascade subtlety: the overlay's `:root` comes after the base's `[data-theme="dark"]`, with the same
 * specificity, so a changed light value alone would override the base's dark value on a page with
 * `data-theme="dark"`. So when a name changes in `:root`, its dark declarations are repeated in the
 * overlay's dark blocks too (unchanged values included): for every name the overlay touches, the
 * blocks then come in the base's order and the cascade resolves exactly as in a full build.
 */
export function emitOverlay(base: MergedTheme, theme: MergedTheme): Overlay {
  const before = themeDeclarations(base);
  const after = themeDeclarations(theme);

  const root = changed(after.root, before.root);
  const rootNames = new Set(root.map((d) => d.name));
  const dark = [...after.dark.values()].filter(
    (d) => rootNames.has(d.name) || before.dark.get(d.name)?.value !== d.value,
  );

  const tailwind = [...after.tailwind].filter(([name, value]) => before.tailwind.get(name) !== value);

  return {
    css: renderCssBlocks(
      {
        root: root.map((d) => declarationLine(d.name, d.value, INDENT)),
        dark: dark.map((d) => declarationLine(d.name, d.value, INDENT)),
        media: dark.map((d) => declarationLine(d.name, d.value, INDENT + INDENT)),
      },
      false,
    ),
    tailwind: renderTailwindTheme(
      tailwind.map(([name, value]) => declarationLine(name, value, INDENT)),
      false,
    ),
    omitted: after.omitted,
  };
}

function changed(after: Map<string, Declaration>, before: Map<string, Declaration>): Declaration[] {
  return [...after.values()].filter((d) => before.get(d.name)?.value !== d.value);
}
