// Output names, shared by the Style Dictionary build (registered as its name transform) and the
// SD-free per-tenant emitter, so both spell every custom property identically.
// `semantic.<mode>.a.b` → `--a-b` in the mode's block; any other `x.y.z` → `--x-y-z`; names keep their case, a
// group's `$root` token is named for the group (`color.accent.$root` → `--color-accent`), and whitespace inside a
// name becomes `-`. Distinct paths can meet on one name (`a-b.c` and `a.b-c`): the name_collision rule refuses that.

import type { Mode } from '../types.ts';

/** DTCG's name for a group's own token: the property is named for the group. */
const ROOT_TOKEN = '$root';

const MODE_PREFIXES: readonly [Mode, string][] = [
  ['light', 'semantic.light.'],
  ['dark', 'semantic.dark.'],
];

/** Splits a path into its mode (for `semantic.<mode>.*`) and the rest that names the property. */
export function splitMode(path: string): { mode: Mode | null; rest: string } {
  for (const [mode, prefix] of MODE_PREFIXES) {
    if (
      path.startsWith(prefix) &&
      path.length > prefix.length &&
      !path.slice(prefix.length).startsWith(`${ROOT_TOKEN}`)
    )
      return { mode, rest: path.slice(prefix.length) };
  }
  return { mode: null, rest: path };
}

/** `semantic.dark.background.canvas` → `{mode: 'dark', name: '--background-canvas'}`. */
export function cssVariableName(path: string): { mode: Mode | null; name: string } {
  const { mode, rest } = splitMode(path);
  const segments = rest.split('.');
  if (segments.length > 1 && segments.at(-1) === ROOT_TOKEN) segments.pop();
  const dashed = segments.join('-');
  if (PLAIN_NAME.test(dashed)) return { mode, name: `--${dashed}` };
  return { mode, name: `--${escapeIdent(dashed.replace(/\s+/g, '-'))}` };
}

// Name code points CSS accepts unescaped after `--`. Everything else is escaped, so a hostile token
// name can never end the property name (`;`, `:`, `{`, whitespace) or hide characters (bidi, zero-width).
const PLAIN_ASCII = /[A-Za-z0-9_-]/;
const PLAIN_NAME = /^[A-Za-z0-9_-]*$/;
const PLAIN_UNICODE = /[\p{L}\p{N}\p{M}]/u;
const ASCII_PUNCTUATION = /[!-/:-@[-^`{-~]/;

/** Escapes a string into CSS identifier characters (the part of a custom property name after `--`). */
export function escapeIdent(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80 ? PLAIN_ASCII.test(char) : PLAIN_UNICODE.test(char)) out += char;
    else if (ASCII_PUNCTUATION.test(char)) out += `\\${char}`;
    // Hex escape (always followed by a space, which the escape consumes) for controls, spaces and
    // invisible/format characters; a lone surrogate becomes U+FFFD, as CSS would read it anyway.
    else out += `\\${(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code).toString(16)} `;
  }
  return out;
}

/**
 * Locale-independent natural order (`blue-50` < `blue-100` < `blue-900`), used for every sorted output
 * so the bytes never depend on Map insertion order or the host's locale. Strings compare as sequences
 * of characters and whole digit runs (by magnitude); equal sequences fall back to code-unit order
 * (`01` vs `1`). Written without regexes or allocation: it sorts every theme on the per-tenant path.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (!isDigit(x) || !isDigit(y)) {
      if (x !== y) return x - y;
      i++;
      j++;
      continue;
    }
    let endA = i;
    while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
    let endB = j;
    while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
    while (i < endA - 1 && a.charCodeAt(i) === 48) i++; // leading zeros do not count
    while (j < endB - 1 && b.charCodeAt(j) === 48) j++;
    if (endA - i !== endB - j) return endA - i - (endB - j);
    for (; i < endA; i++, j++) {
      const difference = a.charCodeAt(i) - b.charCodeAt(j);
      if (difference !== 0) return difference;
    }
  }
  const restA = a.length - i;
  const restB = b.length - j;
  if (restA !== restB) return restA - restB;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * A string whose plain code-unit order is naturalCompare's order (for strings without U+0000), so hot
 * paths can compute it once per token and sort with `<`: each digit run becomes `0`, a length
 * character and the digits without leading zeros; the text itself follows as the tie-break.
 */
export function naturalKey(text: string): string {
  const encoded = text.replace(/\d+/g, (run) => {
    const digits = run.replace(/^0+(?=\d)/, '');
    return `0${String.fromCharCode(48 + digits.length)}${digits}`;
  });
  return `${encoded}\u0000${text}`;
}

/** Sorts by a precomputed naturalKey. */
export function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
