// The counters behind the rate limits (./rate-limit.ts): fixed windows per bucket and client, in memory and bounded.
import type { RateLimit } from '../config.ts';
import { Lru } from '../lib/lru.ts';
import { ApiError } from './errors.ts';

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  readonly #windows = new Lru<string, Window>(20_000);
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Count one request; throws 429 `rate_limited` with Retry-After once the client is over the limit. */
  hit(bucket: string, client: string, rule: RateLimit): void {
    const key = `${bucket}\u0000${client}`;
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= rule.windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count > rule.limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + rule.windowMs - now) / 1000));
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests; try again in ${retryAfter} s.`,
        { retryAfter },
        {
          'retry-after': String(retryAfter),
        },
      );
    }
  }
}
