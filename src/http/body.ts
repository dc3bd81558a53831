// Reading request bodies per the contract: 256 KiB max (413), JSON content types only (415), valid JSON (400) — and
// nothing PostgreSQL cannot store or our code cannot walk: text with a NUL or a lone surrogate, a number past double
// range (1e309), a `__proto__` key and nesting past MAX_BODY_DEPTH are refused here with the field named, for every
// body (422), before any handler sees it. Integers past a column's range are bounded where the field is declared (zod `.max()`).
import type { Context } from 'hono';
import { unstorableReason } from '../engine/text.ts';
import type { Violation } from '../engine/types.ts';
import { ApiError, invalidTokens } from './errors.ts';

export const MAX_BODY_BYTES = 256 * 1024;
const JSON_TYPES = new Set(['application/json', 'application/design-tokens+json']);

async function readLimited(request: Request): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid UTF-8.');
  }
}

function tooLarge(): ApiError {
  return new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, {
    limit: MAX_BODY_BYTES,
  });
}

/** Deeper than any body of the API needs (a token tree nests at most 32 groups, then its values): past it, refused. */
export const MAX_BODY_DEPTH = 64;

/** `a.b[2].c`: where in a body a problem is. */
function fieldPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(body)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/**
 * The first thing in a parsed body that no handler should see, with where it is: nesting past MAX_BODY_DEPTH, text
 * PostgreSQL cannot store (a NUL or a lone surrogate, in a value or a key), a number past double range (`1e309` parses
 * to Infinity, which JSON and jsonb cannot hold), or a `__proto__` key (assigning it replaces an object's prototype).
 * One walk with an explicit stack, so no body can exhaust ours.
 */
function bodyProblem(body: unknown): { path: string; message: string } | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: body, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const at = (message: string, where = path) => ({ path: fieldPath(where), message });
    if (typeof value === 'string') {
      const reason = unstorableReason(value);
      if (reason) return at(reason);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return at('is a number too large to represent');
    } else if (typeof value === 'object' && value !== null) {
      if (path.length >= MAX_BODY_DEPTH) return at(`nests deeper than ${MAX_BODY_DEPTH} levels`, path.slice(0, 3));
      const entries: [string | number, unknown][] = Array.isArray(value)
        ? value.map((child, i) => [i, child])
        : Object.entries(value);
      for (const [key, child] of entries) {
        if (typeof key === 'string') {
          if (key === '__proto__') return at('is a key no body may use', [...path, key]);
          const reason = unstorableReason(key);
          if (reason) return at(`has a key that ${reason}`, [...path, key]);
        }
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/**
 * The JSON body of a request, with the contract's 413 / 415 / 400 answers for bodies that cannot be used, and a 422
 * naming the field for one that nests too deeply or holds text that cannot be stored.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const body = await parseJsonBody(c);
  const problem = bodyProblem(body);
  if (problem) {
    throw new ApiError(422, 'invalid_request', `The request body is not valid: ${problem.path}: ${problem.message}.`, {
      issues: [problem],
    });
  }
  return body;
}

/** A token tree (override layer, draft): the same checks, answered as the engine answers a tree, `invalid_tokens`. */
export async function readTokenBody(c: Context): Promise<unknown> {
  const body = await parseJsonBody(c);
  const violation = tokenBodyViolation(body);
  if (violation) throw invalidTokens([violation]);
  return body;
}

/** A token tree to validate only: the body, or the violation that makes it unusable (answered as `ok: false`). */
export async function readTokenBodyToValidate(c: Context): Promise<{ body: unknown; violation?: Violation }> {
  const body = await parseJsonBody(c);
  const violation = tokenBodyViolation(body);
  return violation ? { body, violation } : { body };
}

function tokenBodyViolation(body: unknown): Violation | undefined {
  const problem = bodyProblem(body);
  if (!problem) return undefined;
  const path = problem.path === '(body)' ? '(root)' : problem.path.replace(/\[(\d+)\]/g, '.$1');
  return { path, rule: 'schema', message: `${path}: ${problem.message}.` };
}

async function parseJsonBody(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.has(type)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'Send the body as application/json or application/design-tokens+json.',
      {
        accepted: [...JSON_TYPES],
      },
    );
  }
  const text = await readLimited(c.req.raw);
  if (text.trim() === '')
    throw new ApiError(400, 'invalid_json', 'The request body is empty; a JSON document is required.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new ApiError(400, 'invalid_json', `The request body is not valid JSON (${detail}).`);
  }
}
