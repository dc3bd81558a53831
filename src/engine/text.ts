// How the engine writes user input into its messages: quoted, cut short, with hidden and markup characters escaped,
// so a violation can be shown in a terminal or a page without the input speaking for itself. Shared by the parser,
// the value checks, the composite checks and the Tokens Studio converter.

/** A user-supplied value made safe and short enough to quote in a message. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : safeStringify(value);
  const short = text.length > 64 ? text.slice(0, 61) + '...' : text;
  return escapeHidden(JSON.stringify(short));
}

/** Non-printable-ASCII and markup characters as `\uXXXX` escapes. */
export function escapeHidden(text: string): string {
  return text.replace(/[^\x20-\x7e]|[<>&]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
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
