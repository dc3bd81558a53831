// Host → tenant, with a short cache of both answers (known and unknown hosts) so the read path does not ask the
// database on every request. Mapping changes made by this process drop the cache at once (`forget`).
import type { Database, ResolvedHost } from '../db/core.ts';
import { Lru } from '../themes/lru.ts';
import { ReadBreaker } from '../themes/read-breaker.ts';
import { normalizeHost } from './host.ts';

export type Resolution =
  | { kind: 'tenant'; host: string; tenant: ResolvedHost }
  | { kind: 'unknown'; host: string }
  | { kind: 'malformed'; reason: string };

interface Entry {
  tenant: ResolvedHost | null;
  expires: number;
}

export interface HostResolverOptions {
  platformHost: string;
  partnerRoot: string;
  /** Seconds a known host is remembered. */
  ttl: number;
  /** Seconds an unknown host is remembered (short: a domain may be added any moment). */
  negativeTtl?: number;
  maxHosts?: number;
  now?: () => number;
}

export class HostResolver {
  readonly #options: HostResolverOptions;
  readonly #cache: Lru<string, Entry>;
  /** Raw Host header → normalised host, so a warm request skips normalisation. */
  readonly #raw: Lru<string, string>;
  readonly #now: () => number;

  constructor(options: HostResolverOptions) {
    this.#options = options;
    this.#cache = new Lru(options.maxHosts ?? 10_000);
    this.#raw = new Lru(options.maxHosts ?? 10_000);
    this.#now = options.now ?? Date.now;
  }

  /** Resolve a raw Host header. Throws only when the database cannot be reached and nothing is cached. */
  async resolve(db: Database, rawHost: string | null | undefined): Promise<Resolution> {
    const normal = normalizeHost(rawHost);
    if (!normal.ok) return { kind: 'malformed', reason: normal.reason };
    const host = normal.host;
    if (rawHost) this.#raw.set(rawHost, host);
    const cached = this.#cache.get(host);
    const now = this.#now();
    if (cached && cached.expires > now) return this.#answer(host, cached.tenant);
    // Database down: an expired answer is better than none for serving themes (stale-if-error), and is given at
    // once rather than after the driver's reconnection attempts.
    const { tenant } = await ReadBreaker.for(db).read(async () => {
      const found = await db.resolveHost(host, this.#options.platformHost, this.#options.partnerRoot);
      const ttl = found ? this.#options.ttl : (this.#options.negativeTtl ?? Math.min(5, this.#options.ttl));
      this.#cache.set(host, { tenant: found, expires: this.#now() + ttl * 1000 });
      return { tenant: found };
    }, () => cached && { tenant: cached.tenant });
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
    return entry && entry.tenant && entry.expires > this.#now() ? entry.tenant : undefined;
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
