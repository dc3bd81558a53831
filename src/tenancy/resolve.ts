// Host → tenant, with a short cache of both answers (known and unknown hosts) so the read path does not ask the
// database on every request. Mapping changes made by this process drop the cache at once (`forget`).
import type { Database, ResolvedHost } from '../db/core.ts';
import { readBreakerOf } from '../db/read-breaker.ts';
import { Lru } from '../lib/lru.ts';
import { normalizeHost } from './host.ts';

export type Resolution =
  | { kind: 'tenant'; host: string; tenant: ResolvedHost }
  | { kind: 'unknown'; host: string }
  | { kind: 'malformed'; reason: string };

interface Entry {
  tenant: ResolvedHost | null;
  expires: number;
}

/** Hosts remembered (each cache). */
const MAX_HOSTS = 10_000;

export interface HostResolverOptions {
  /** Seconds a known host is remembered. (The platform host and partner root are the database's: livery_settings.) */
  ttl: number;
}

export class HostResolver {
  readonly #options: HostResolverOptions;
  readonly #cache: Lru<string, Entry>;
  /** Raw Host header → normalised host, so a warm request skips normalisation. */
  readonly #raw: Lru<string, string>;

  constructor(options: HostResolverOptions) {
    this.#options = options;
    this.#cache = new Lru(MAX_HOSTS);
    this.#raw = new Lru(MAX_HOSTS);
  }

  /** Resolve a raw Host header. Throws only when the database cannot be reached and nothing is cached. */
  async resolve(db: Database, rawHost: string | null | undefined): Promise<Resolution> {
    // A Host header seen before skips normalisation (only valid hosts are remembered). `get`, not `peek`: this is
    // the path that keeps the memo's recency, which `peek` below relies on for the hot headers.
    let host = rawHost ? this.#raw.get(rawHost) : undefined;
    if (host === undefined) {
      const normal = normalizeHost(rawHost);
      if (!normal.ok) return { kind: 'malformed', reason: normal.reason };
      host = normal.host;
      if (rawHost) this.#raw.set(rawHost, host);
    }
    const cached = this.#cache.get(host);
    const now = Date.now();
    if (cached && cached.expires > now) return this.#answer(host, cached.tenant);
    // Database down: an expired answer is better than none for serving themes (stale-if-error), and is given at
    // once rather than after the driver's reconnection attempts.
    const { tenant } = await readBreakerOf(db).read(
      async () => {
        const found = await db.resolveHost(host);
        // An unknown host is remembered briefly: a domain may be added any moment.
        const ttl = found ? this.#options.ttl : Math.min(5, this.#options.ttl);
        this.#cache.set(host, { tenant: found, expires: Date.now() + ttl * 1000 });
        return { tenant: found };
      },
      () => cached && { tenant: cached.tenant },
    );
    return this.#answer(host, tenant);
  }

  /**
   * The cached answer for a raw Host header, without touching the database: undefined unless a fresh answer is
   * cached under exactly this header value (the Node fast path for warm theme requests).
   */
  peek(rawHost: string | undefined): ResolvedHost | undefined {
    if (!rawHost) return undefined;
    const memo = this.#raw.peek(rawHost);
    if (!memo) return undefined;
    const entry = this.#cache.peek(memo);
    return entry?.tenant && entry.expires > Date.now() ? entry.tenant : undefined;
  }

  /** Drop cached answers after a mapping or a tenant's status changed. */
  forget(predicate?: (host: string, tenant: ResolvedHost | null) => boolean): void {
    if (!predicate) this.#cache.clear();
    else this.#cache.deleteWhere((entry, host) => predicate(host, entry.tenant));
  }

  #answer(host: string, tenant: ResolvedHost | null): Resolution {
    return tenant ? { kind: 'tenant', host, tenant } : { kind: 'unknown', host };
  }
}
