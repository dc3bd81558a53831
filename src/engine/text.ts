// How the engine writes user input into its messages: quoted, cut short, with hidden and markup characters escaped,
// so a violation can be shown in a terminal or a page without the input speaking for itself. Shared by the parser,
// the value checks, the composite checks and the Tokens Studio converter.

/** A user-supplied value made safe and short enough to quote in a message. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : safeStringify(value);
  const short = text.length > 64 ? `${text.slice(0, 61)}...` : text;
  return escapeHidden(JSON.stringify(short));
}

/** Non-printable-ASCII and markup characters as `\uXXXX` escapes. */
export function escapeHidden(text: string): string {
  return text.replace(/[^\x20-\x7e]|[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** What kind of JSON value something is, for a message ("an array", "a string"…). */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `a ${typeof value}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// U+0000 and unpaired UTF-16 surrogates: PostgreSQL stores neither in text or jsonb (and a lone surrogate is not
// Unicode at all), so input holding them is refused where it arrives, naming where.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored (a NUL, a lone surrogate), or undefined. */
export function unstorableReason(text: string): string | undefined {
  const match = UNSTORABLE.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000'
    ? 'contains a NUL character (U+0000)'
    : 'contains a lone UTF-16 surrogate, which is not a Unicode character';
}
