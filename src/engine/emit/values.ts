// The last line of defence between a token value and a CSS declaration, shared by the Style
// Dictionary value transform and the SD-free emitter. The schema rule already refuses dangerous values
// upstream; here a value is only emitted when it is made solely of the characters and functions a
// token of our types needs, so nothing can end the declaration (`;`), the block (`}`), open a
// comment (`/*`), a string or a `<style>`-closing tag, or load anything (`url(`). Unsafe → undefined:
// the caller leaves the property out, it never "repairs" a value into something the author did not write.

import { GENERIC_FAMILIES, MAX_VALUE_LENGTH } from '../css-text.ts';
import type { TokenType } from '../types.ts';

// Every character a color / dimension / number / weight / duration / cubic-bezier value needs.
// No quotes, no `*` (so no `/*`), no `;{}<>!\@` and no `:`.
const VALUE_CHARACTERS = /^[A-Za-z0-9 #%(),.+\-/_]+$/;
const FUNCTION_CALL = /([A-Za-z-]*)\(/g;
const ALLOWED_FUNCTIONS = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color',
  'cubic-bezier', 'calc', 'min', 'max', 'clamp',
]);

// fontFamily names: letters/digits/marks of any script, spaces and the punctuation real family names use.
const FAMILY_NAME = /^[\p{L}\p{N}\p{M} ._+&-]+$/u;

/** The CSS text to emit for a value of `type`, or undefined when it is not provably safe. */
export function cssValue(type: TokenType, text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_VALUE_LENGTH) return undefined;
  return type === 'fontFamily' ? fontFamilyValue(trimmed) : plainValue(trimmed);
}

function plainValue(text: string): string | undefined {
  if (!VALUE_CHARACTERS.test(text)) return undefined;
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  for (const [, name] of text.matchAll(FUNCTION_CALL)) {
    if (!ALLOWED_FUNCTIONS.has(name!.toLowerCase())) return undefined;
  }
  return text.replace(/ {2,}/g, ' ');
}

/**
 * A comma list of family names, re-quoted so the output never depends on how the author quoted it:
 * generic families bare, every other name in double quotes (which also keeps names such as `inherit`
 * or `Font 2` from being read as keywords or numbers). A quoted generic (`"serif"`) names a font
 * *called* serif, so it stays quoted.
 */
function fontFamilyValue(text: string): string | undefined {
  const families = splitFamilies(text);
  if (!families) return undefined;
  const out: string[] = [];
  for (const { name: raw, quoted } of families) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name === '' || !FAMILY_NAME.test(name)) return undefined;
    const generic = !quoted && GENERIC_FAMILIES.has(name.toLowerCase());
    out.push(generic ? name : `"${name}"`);
  }
  return out.join(', ');
}

/** Splits on commas outside quotes, stripping one pair of matching quotes; undefined when quotes do not pair. */
function splitFamilies(text: string): { name: string; quoted: boolean }[] | undefined {
  const families: { name: string; quoted: boolean }[] = [];
  const item = /\s*(?:"([^"]*)"|'([^']*)'|([^,"']*))\s*(,|$)/y;
  for (;;) {
    const match = item.exec(text);
    if (!match) return undefined;
    const [, doubleQuoted, singleQuoted, bare, separator] = match;
    const quotedName = doubleQuoted ?? singleQuoted;
    families.push(quotedName !== undefined ? { name: quotedName, quoted: true } : { name: bare!, quoted: false });
    if (separator === '') return item.lastIndex === text.length ? families : undefined;
  }
}
