// The contract's error shape: {"error": {"code", "message", ...details}}. Handlers throw ApiError; the app's
// onError turns it (and anything unexpected) into JSON — never a stack trace.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Violation, Warning } from '../engine/types.ts';

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export const unauthenticated = () =>
  new ApiError(401, 'unauthenticated', 'Authentication is required: send a session cookie or an API key.');
export const forbidden = (why: string) => new ApiError(403, 'forbidden', why);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} was not found.`);

export function invalidTokens(violations: Violation[], warnings: Warning[] = []): ApiError {
  const first = violations[0];
  const summary = first ? `${first.path}: ${first.message}` : 'the tokens are invalid';
  return new ApiError(
    422,
    'invalid_tokens',
    `The tokens were refused (${violations.length} violation${violations.length === 1 ? '' : 's'}; first: ${summary})`,
    { violations, warnings },
  );
}
