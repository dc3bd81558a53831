// The SD-free half of emission, safe to bundle into the Worker (see ./index.ts).

export { cssVariableName, escapeIdent, naturalCompare } from './naming.ts';
export { cssValue } from './values.ts';
export { tailwindName, TAILWIND_MAPPING_COMMENT } from './tailwind.ts';
export { themeDeclarations, type Declaration, type Omission, type OmitReason, type ThemeDeclarations } from './declarations.ts';
export { emitOverlay, type Overlay } from './overlay.ts';
export { toDtcgTree, toFlat, type FlatTheme } from './json.ts';
export { ROOT_SELECTOR, DARK_SELECTOR, DARK_MEDIA, DARK_MEDIA_SELECTOR } from './layout.ts';

/** A tenant's stylesheet: the base CSS followed by its overlay (the overlay must come last). */
export function joinCss(baseCss: string, overlayCss: string): string {
  return overlayCss === '' ? baseCss : `${baseCss}\n${overlayCss}`;
}
