// One entry point for normalising a value of any type: simple types through ./values.ts, composites through
// ./composites.ts. The result carries the normalised value and its canonical text — the CSS text of a simple value,
// a stable JSON text of a composite one — which is what protection, policy and caches compare.
import { isComposite, normaliseComposite, placeholderValue, type RefResolver } from './composites.ts';
import type { ResolutionFailure, TokenType, TokenValue } from './types.ts';
import { normaliseSimple, type Notes } from './values.ts';

export type NormaliseResult =
  | { ok: true; value: TokenValue; css: string }
  | { ok: false; message: string }
  | { ok: false; failure: ResolutionFailure };

/** Answers every reference with a placeholder of the type the place needs: checks a value's shape before resolution. */
export const placeholderRefs: RefResolver = (_path, expected) => ({
  ok: true,
  value: placeholderValue(expected[0]!),
  type: expected[0]!,
});

export function normaliseValue(
  type: TokenType,
  raw: unknown,
  ctx: { ref?: RefResolver; notes?: Notes } = {},
): NormaliseResult {
  if (isComposite(type)) {
    const result = normaliseComposite(type, raw, { ref: ctx.ref ?? placeholderRefs, notes: ctx.notes });
    return result.ok ? { ok: true, value: result.value, css: canonicalText(result.value) } : result;
  }
  const result = normaliseSimple(type, raw, ctx.notes);
  return result.ok ? { ok: true, value: result.css, css: result.css } : result;
}

/** The canonical text of a normalised value: itself for a simple value, JSON (keys in construction order) for a composite. */
export function canonicalText(value: TokenValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
