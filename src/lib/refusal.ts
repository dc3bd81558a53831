// A service's "no" to a request, as a value the HTTP edge maps to a status (src/http/app.ts): the services speak of
// what went wrong (not found, invalid, conflict, gone), never of HTTP. `code` and `details` reach the caller as they are.
export type RefusalKind = 'not_found' | 'invalid' | 'conflict' | 'gone';

export class Refusal extends Error {
  override readonly name = 'Refusal';
  readonly kind: RefusalKind;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(kind: RefusalKind, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

/** `<what> was not found.`: also the answer for what the caller may not see (RLS shows it nothing else). */
export function notFound(what: string): Refusal {
  return new Refusal('not_found', 'not_found', `${what} was not found.`);
}
