// Facts about CSS value text shared by validation (./values.ts, ./composites.ts, ./tokens-studio.ts) and emission
// (./emit/values.ts).
// No imports: the Worker's emit bundle (./emit/light.ts) must stay free of dependencies.

/** Longest value (and description) accepted, in UTF-16 code units. */
export const MAX_VALUE_LENGTH = 1024;

/** Font family keywords a browser only understands unquoted; every other family name is quoted. */
export const GENERIC_FAMILIES: ReadonlySet<string> = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'emoji',
  'math',
  'fangsong',
  // vendor system-font keywords, which only work unquoted
  '-apple-system',
  'blinkmacsystemfont',
]);

/** CSS line styles DTCG names for strokeStyle's string form (§9.3.1). */
export const STROKE_KEYWORDS: ReadonlySet<string> = new Set([
  'solid',
  'dashed',
  'dotted',
  'double',
  'groove',
  'ridge',
  'outset',
  'inset',
]);
