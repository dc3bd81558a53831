// The studio's calls to its own origin's API: same-origin fetches (the browser sends the session cookie and
// `Sec-Fetch-Site: same-origin`, which the CSRF check accepts), JSON in and out, errors as values.

export interface ApiAnswer<T = unknown> {
  ok: boolean;
  status: number;
  /** The parsed JSON body (null for an empty one). */
  body: T;
  /** The ETag's version number (`"3"` → 3), when the answer carries one. */
  version: number | null;
}

/** The contract's error body: `{error: {code, message, …details}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; violations?: unknown[]; impact?: unknown[]; [key: string]: unknown };
}

export async function call<T = unknown>(
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; ifMatch?: number | null } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined && options.ifMatch !== null) headers['if-match'] = `"${options.ifMatch}"`;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { error: { code: 'bad_response', message: `The server answered ${response.status} without JSON.` } };
    }
  }
  const etag = /^(?:W\/)?"(\d+)"$/.exec(response.headers.get('etag') ?? '');
  return { ok: response.ok, status: response.status, body: body as T, version: etag ? Number(etag[1]) : null };
}

/** The message of an error answer, or a fallback naming the status. */
export function errorMessage(answer: ApiAnswer): string {
  const error = (answer.body as ApiErrorBody | null)?.error;
  return error?.message ?? `The server answered ${answer.status}.`;
}
