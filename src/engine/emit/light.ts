// The SD-free half of emission, safe to bundle into the Worker (see ./index.ts).

export { cssVariableName, naturalCompare } from './naming.ts';
export { cssValue } from './values.ts';
export { tailwindName } from './tailwind.ts';
export { themeDeclarations } from './declarations.ts';
export { emitOverlay } from './overlay.ts';
export { cvdFilterValues, emitAccessibility, type PreviewVariant, variantValues } from './accessibility.ts';
export { toDtcgTree, toFlat } from './json.ts';

/** A tenant's stylesheet: the base CSS followed by its overlay (the overlay must come last). */
export function joinCss(baseCss: string, overlayCss: string): string {
  if (baseCss === '') return overlayCss;
  return overlayCss === '' ? baseCss : `${baseCss}\n${overlayCss}`;
}
