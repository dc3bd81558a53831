// Reads that have something in memory must not wait on a store that is down. A PostgreSQL driver retries a lost
// server with growing back-off (postgres.js: up to 20 s per attempt), so without this every theme request during an
// outage would hang that long before falling back to the last good theme.
//
// This class knows no particular store: `isOutage` says which failures mean "unreachable" (src/db/read-breaker.ts
// gives the database's, one breaker per database).
//
// After a read fails for want of a database, the breaker is open: reads answer from memory at once (or fail at once
// when memory has nothing), and the database is tried again by one read at a time, at most every `retryMs` — in the
// background when there is something to answer with. The first read (or write) that reaches the database closes it.

/** How often an open breaker lets one read try the store again. */
const RETRY_MS = 1000;

export interface ReadBreakerOptions {
  /** True when a failed read means the store cannot be reached (not a bad query). */
  isOutage(error: unknown): boolean;
  /** The error for a read refused while the breaker is open and memory has nothing. */
  outage(cause: Error): Error;
}

export class ReadBreaker {
  readonly #options: ReadBreakerOptions;
  /** When a read failed for want of a database and none has reached it since (the breaker is open); else null. */
  #failedAt: number | null = null;
  #probing = false;

  constructor(options: ReadBreakerOptions) {
    this.#options = options;
  }

  /** Something else (a committed write) just reached the database. */
  close(): void {
    this.#failedAt = null;
  }

  /**
   * `load` asks the database; `fallback` is what memory has (undefined: nothing). Errors other than the database being
   * unreachable propagate; an unreachable database gives the fallback, or the outage error without one.
   */
  async read<T>(load: () => Promise<T>, fallback: () => T | undefined | Promise<T | undefined>): Promise<T> {
    if (this.#failedAt === null) return this.#attempt(load, fallback);
    const due = !this.#probing && Date.now() - this.#failedAt >= RETRY_MS;
    const remembered = await fallback();
    if (remembered !== undefined) {
      if (due) void this.#probe(load).catch(() => {});
      return remembered;
    }
    if (!due) throw this.#options.outage(new Error('the database did not answer a moment ago'));
    return this.#probe(load);
  }

  async #probe<T>(load: () => Promise<T>): Promise<T> {
    this.#probing = true;
    try {
      return await this.#attempt(load, () => undefined);
    } finally {
      this.#probing = false;
    }
  }

  async #attempt<T>(load: () => Promise<T>, fallback: () => T | undefined | Promise<T | undefined>): Promise<T> {
    try {
      const value = await load();
      this.#failedAt = null;
      return value;
    } catch (error) {
      if (!this.#options.isOutage(error)) throw error;
      this.#failedAt = Date.now();
      const remembered = await fallback();
      if (remembered === undefined) throw error;
      return remembered;
    }
  }
}
