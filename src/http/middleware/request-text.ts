// Text PostgreSQL cannot store can arrive in the path and the query too (`/api/v1/tokens/drafts/%00`): refused here,
// for every route, before a handler reads a parameter — 400 naming the part, never a 500 from the database.
import type { MiddlewareHandler } from 'hono';
import { unstorableReason } from '../../engine/text.ts';
import { ApiError } from '../errors.ts';

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null; // malformed escapes or bytes that are not UTF-8: handlers see them undecoded, which is storable
  }
}

/** The raw path and query of a request URL, without parsing the host (which may be anything a client sent). */
function pathAndQuery(url: string): { path: string; query: string } {
  const afterScheme = url.indexOf('://');
  const pathStart = url.indexOf('/', afterScheme < 0 ? 0 : afterScheme + 3);
  if (pathStart < 0) return { path: '/', query: '' };
  const rest = url.slice(pathStart).split('#', 1)[0]!;
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

export const requestText: MiddlewareHandler = async (c, next) => {
  const { path, query } = pathAndQuery(c.req.url);
  for (const segment of path.split('/')) {
    const text = decoded(segment);
    const reason = text === null ? undefined : unstorableReason(text);
    if (reason)
      throw new ApiError(400, 'invalid_path', `The path segment ${JSON.stringify(segment.slice(0, 40))} ${reason}.`, {
        segment,
      });
  }
  for (const [name, value] of new URLSearchParams(query)) {
    const reason = unstorableReason(name) ?? unstorableReason(value);
    if (reason)
      throw new ApiError(400, 'invalid_query', `The query parameter ${JSON.stringify(name.slice(0, 40))} ${reason}.`, {
        parameter: name,
      });
  }
  await next();
};
