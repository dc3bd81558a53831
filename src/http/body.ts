// Reading request bodies per the contract: 256 KiB max (413), JSON content types only (415), valid JSON (400).
import type { Context } from 'hono';
import { ApiError } from './errors.ts';

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

/** The JSON body of a request, with the contract's 413 / 415 / 400 answers for bodies that cannot be used. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.has(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json or application/design-tokens+json.', {
      accepted: [...JSON_TYPES],
    });
  }
  const text = await readLimited(c.req.raw);
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'The request body is empty; a JSON document is required.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new ApiError(400, 'invalid_json', `The request body is not valid JSON (${detail}).`);
  }
}
