// Public theme endpoints: theme.css, theme.json (?format=flat), theme.tailwind.css, and the immutable
// /theme/<key>.css. Warm requests touch neither the database nor the engine (src/themes/directory.ts).
import { Hono } from 'hono';
import type { CompiledTheme, Rendered, ThemeFormat } from '../../themes/compile.ts';
import type { Config } from '../../config.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

const CONTENT_TYPE: Record<ThemeFormat, string> = {
  css: 'text/css; charset=utf-8',
  tailwind: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  flat: 'application/json; charset=utf-8',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

export function themeRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/theme.css', (c) => serveCurrent(c, 'css'));
  routes.get('/theme.tailwind.css', (c) => serveCurrent(c, 'tailwind'));
  routes.get('/theme.json', (c) => {
    const format = c.req.query('format');
    if (format !== undefined && format !== 'flat' && format !== 'dtcg') {
      throw new ApiError(400, 'invalid_format', 'format must be "flat" or omitted (the DTCG tree).', { format });
    }
    return serveCurrent(c, format === 'flat' ? 'flat' : 'json');
  });
  routes.get('/theme/:file', async (c) => {
    const match = /^([0-9a-f]{24})\.css$/.exec(c.req.param('file'));
    if (!match) throw new ApiError(404, 'not_found', 'No theme version by that name.');
    const theme = await c.get('services').directory.themeAt(c.get('tenant'), match[1]!);
    if (!theme) throw new ApiError(404, 'not_found', 'No theme version by that name.');
    return respond(c, theme, 'css', IMMUTABLE);
  });
  return routes;
}

async function serveCurrent(c: AppContext, format: ThemeFormat): Promise<Response> {
  const { directory, config } = c.get('services');
  const theme = await directory.theme(c.get('tenant'));
  if (!theme) throw new ApiError(404, 'unknown_host', `No theme is served at ${c.get('tenant').host} any more.`);
  return respond(c, theme, format, currentCacheControl(config));
}

function respond(c: AppContext, theme: CompiledTheme, format: ThemeFormat, cacheControl: string): Response {
  const { headers, body } = themeResponse(theme, format, cacheControl, c.req.header('if-none-match'));
  return body === null ? c.body(null, 304, headers) : c.body(body, 200, headers);
}

export function currentCacheControl(config: Config): string {
  const { maxAge, staleWhileRevalidate, staleIfError } = config.themeCache;
  return `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}, stale-if-error=${staleIfError}`;
}

/** Status, headers and body of a theme response: one definition for the Hono route and the Node fast path. */
export function themeResponse(
  theme: CompiledTheme,
  format: ThemeFormat,
  cacheControl: string,
  ifNoneMatch: string | undefined,
): { status: 200 | 304; headers: Record<string, string>; body: string | null } {
  const rendered: Rendered = theme[format];
  // A 304 carries what a cache needs to refresh its stored response (RFC 9110 §15.4.5), nothing more.
  if (matchesIfNoneMatch(ifNoneMatch, rendered.etag)) {
    return { status: 304, headers: { etag: rendered.etag, 'cache-control': cacheControl }, body: null };
  }
  const headers: Record<string, string> = {
    etag: rendered.etag,
    'cache-control': cacheControl,
    'content-type': CONTENT_TYPE[format],
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
  };
  if (format === 'css') headers.link = `</theme/${theme.key}.css>; rel="canonical"`;
  return { status: 200, headers, body: rendered.body };
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  for (const candidate of header.split(',')) {
    const tag = candidate.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}
