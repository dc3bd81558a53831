// The yardstick of the Worker benchmark (bench/worker.bench.ts): a Worker that answers GET /theme.css with the bytes
// and headers Livery served, from memory — no database, no cache — run by the same `wrangler dev`, so both sides go
// through the same wrangler proxy and workerd. The bench writes its wrangler config, with the theme in `vars`.
interface Env {
  THEME_BODY: string;
  THEME_ETAG: string;
  /** Livery's response headers, for the 200 and for the 304. */
  THEME_HEADERS: Record<string, string>;
  NOT_MODIFIED_HEADERS: Record<string, string>;
}

let body: Uint8Array<ArrayBuffer> | undefined;

export default {
  fetch(request: Request, env: Env): Response {
    if (request.method !== 'GET' || new URL(request.url).pathname !== '/theme.css') {
      return new Response('not found', { status: 404 });
    }
    if (request.headers.get('if-none-match') === env.THEME_ETAG) {
      return new Response(null, { status: 304, headers: env.NOT_MODIFIED_HEADERS });
    }
    body ??= new TextEncoder().encode(env.THEME_BODY);
    return new Response(body, { headers: env.THEME_HEADERS });
  },
};
