// Node only: warm `GET /theme.css` answered straight from memory, before the request becomes a Web `Request`.
// The headers and body come from the same `themeResponse` the Hono route uses (computed once per compiled theme
// and kept with it, body pre-encoded); anything not already warm (unknown host, stale versions, another path, a
// query string) falls through to the app unchanged.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { CompiledTheme } from '../themes/compile.ts';
import type { Services } from './context.ts';
import { currentCacheControl, matchesIfNoneMatch, themeResponse } from './routes/theme.ts';

interface Prepared {
  etag: string;
  ok: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
  bytes: Buffer;
}

export function themeFastPath(services: Services): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cacheControl = currentCacheControl(services.config);
  const prepared = new WeakMap<CompiledTheme, Prepared>();
  const prepare = (theme: CompiledTheme): Prepared => {
    let p = prepared.get(theme);
    if (!p) {
      const full = themeResponse(theme, 'css', cacheControl, undefined);
      const bytes = Buffer.from(full.body ?? '');
      p = {
        etag: theme.css.etag,
        ok: { ...full.headers, 'content-length': String(bytes.byteLength) },
        notModified: themeResponse(theme, 'css', cacheControl, theme.css.etag).headers,
        bytes,
      };
      prepared.set(theme, p);
    }
    return p;
  };
  return (req, res) => {
    if (req.url !== '/theme.css' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    // Node keeps only the first of several Host headers; the app sees them all and refuses the request.
    if (hostHeaderCount(req.rawHeaders) !== 1) return false;
    const tenant = services.hosts.peek(req.headers.host);
    if (!tenant || tenant.status !== 'active') return false;
    const theme = services.themes.peek(tenant.tenantId);
    if (!theme) return false;
    const p = prepare(theme);
    if (matchesIfNoneMatch(req.headers['if-none-match'], p.etag)) {
      res.writeHead(304, p.notModified);
      res.end();
    } else {
      res.writeHead(200, p.ok);
      res.end(req.method === 'HEAD' ? undefined : p.bytes);
    }
    return true;
  };
}

function hostHeaderCount(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.length === 4 && rawHeaders[i]!.toLowerCase() === 'host') count++;
  return count;
}
