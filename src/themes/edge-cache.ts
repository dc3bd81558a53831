// The Workers Cache API as the shared theme cache (one per data center). Entries are keyed by tenant and chain key,
// so a write needs no purge: the next request computes a new key. The last theme built per tenant is also kept under
// a per-tenant key, which is what a request falls back to when the database is down (stale-if-error).
import type { CompiledTheme } from './compile.ts';
import type { SharedThemeCache } from './service.ts';

const ORIGIN = 'https://theme-cache.livery.internal';

/** The cache entry of a tenant's theme at one chain key. */
export function themeCacheUrl(tenantId: string, key: string): string {
  return `${ORIGIN}/${tenantId}/${key}`;
}

/** The cache entry of the last theme built for a tenant (the stale-if-error fallback). */
export function lastGoodCacheUrl(tenantId: string): string {
  return `${ORIGIN}/${tenantId}/last`;
}

export class EdgeThemeCache implements SharedThemeCache {
  readonly #cache: Cache;
  readonly #defer: (work: Promise<unknown>) => void;

  constructor(cache: Cache, defer: (work: Promise<unknown>) => void) {
    this.#cache = cache;
    this.#defer = defer;
  }

  async get(tenantId: string, key: string): Promise<CompiledTheme | undefined> {
    return read(await this.#cache.match(themeCacheUrl(tenantId, key)));
  }

  async lastGood(tenantId: string): Promise<CompiledTheme | undefined> {
    return read(await this.#cache.match(lastGoodCacheUrl(tenantId)));
  }

  async put(tenantId: string, theme: CompiledTheme): Promise<void> {
    const body = JSON.stringify(theme);
    const entry = (maxAge: number) =>
      new Response(body, {
        headers: { 'content-type': 'application/json', 'cache-control': `public, max-age=${maxAge}` },
      });
    this.#defer(
      Promise.all([
        // Immutable per key; kept a day, rebuilt from the stored artifact if evicted.
        this.#cache.put(themeCacheUrl(tenantId, theme.key), entry(86_400)),
        this.#cache.put(lastGoodCacheUrl(tenantId), entry(7 * 86_400)),
      ]),
    );
  }
}

async function read(response: Response | undefined): Promise<CompiledTheme | undefined> {
  if (!response) return undefined;
  try {
    return (await response.json()) as CompiledTheme;
  } catch {
    return undefined;
  }
}
