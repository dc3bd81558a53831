// Node only: warm `GET /theme.css` answered straight from memory, before the request becomes a Web `Request`.
// The headers and body come from the same `themeResponse` the Hono route uses (computed once per compiled theme
// and kept with it, body pre-encoded); anything not already warm in the directory's memory (unknown host, a tenant
// that is not active, a theme not compiled yet, another path, a query string) falls through to the app unchanged. Each answer is logged like the app's (src/http/request-log.ts),
// with its own request id, cheaply: the line is built by hand from values that need no escaping, the timestamp is
// formatted once per millisecond, the client's address is worked out once per connection and its hash remembered.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { CompiledTheme } from '../themes/compile.ts';
import type { Services } from './context.ts';
import { REQUEST_ID_HEADER, requestIdFor } from './request-log.ts';
import { currentCacheControl, matchesIfNoneMatch, themeResponse } from './routes/theme.ts';

interface Prepared {
  etag: string;
  /** Flat `[name, value, …]` lists ending in a slot for the request id: no object is built per request. */
  ok: string[];
  notModified: string[];
  bytes: Buffer;
}

/** `headers` as Node's flat list, with the request id's name and an empty slot at the end. */
function flatHeaders(headers: OutgoingHttpHeaders): string[] {
  const flat: string[] = [];
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat.push(name, String(value));
  flat.push(REQUEST_ID_HEADER, '');
  return flat;
}

let isoMs = 0;
let iso = '';
/** `new Date().toISOString()`, formatted at most once per millisecond (it costs more than the rest of a log line). */
function nowIso(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    iso = new Date(ms).toISOString();
  }
  return iso;
}

export function themeFastPath(
  services: Services,
  clientAddress: (req: IncomingMessage) => string,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { logger } = services;
  const cacheControl = currentCacheControl(services.config);
  const prepared = new WeakMap<CompiledTheme, Prepared>();
  const prepare = (theme: CompiledTheme): Prepared => {
    let p = prepared.get(theme);
    if (!p) {
      const full = themeResponse(theme, 'css', cacheControl, undefined);
      const bytes = Buffer.from(full.body ?? '');
      p = {
        etag: theme.css.etag,
        ok: flatHeaders({ ...full.headers, 'content-length': String(bytes.byteLength) }),
        notModified: flatHeaders(themeResponse(theme, 'css', cacheControl, theme.css.etag).headers),
        bytes,
      };
      prepared.set(theme, p);
    }
    return p;
  };
  return (req, res) => {
    const start = performance.now();
    if (req.url !== '/theme.css' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    // Node keeps only the first of several Host headers; the app sees them all and refuses the request.
    if (hostHeaderCount(req.rawHeaders) !== 1) return false;
    const warm = services.directory.peek(req.headers.host);
    if (!warm) return false;
    const { tenant, theme } = warm;
    const p = prepare(theme);
    const inbound = req.headers[REQUEST_ID_HEADER];
    const requestId = requestIdFor(typeof inbound === 'string' ? inbound : undefined);
    let status: 200 | 304;
    if (matchesIfNoneMatch(req.headers['if-none-match'], p.etag)) {
      status = 304;
      // writeHead copies the list synchronously, so the shared list's last slot can carry this request's id.
      p.notModified[p.notModified.length - 1] = requestId;
      res.writeHead(304, p.notModified);
      res.end();
    } else {
      status = 200;
      p.ok[p.ok.length - 1] = requestId;
      res.writeHead(200, p.ok);
      res.end(req.method === 'HEAD' ? undefined : p.bytes);
    }
    // The same fields as formatRequestLog, in the same order; every value is a uuid, a hex hash, a number or one of
    // two methods, so no escaping is needed (the request id is a checked token or a fresh uuid).
    const durationMs = Math.round((performance.now() - start) * 100) / 100;
    logger.write(
      `{"time":"${nowIso()}","msg":"request","requestId":"${requestId}","tenantId":"${tenant.tenantId}",` +
        `"route":"/theme.css","method":"${req.method}","status":${status},"durationMs":${durationMs},` +
        `"client":"${logger.hasher.hash(clientAddress(req))}"}`,
    );
    return true;
  };
}

function hostHeaderCount(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.length === 4 && rawHeaders[i]!.toLowerCase() === 'host') count++;
  return count;
}
