// Database transactions counted on the server: pg_stat_database of the suite's database, read over the owner
// connection from inside workerd. What the counts mean, and why they can be trusted:
// - PostgreSQL backends flush their counters asynchronously (PG ≥ 15: when idle, at most once a second, and at exit).
//   Every read here calls pg_stat_force_next_flush(), so the reader's own transaction is flushed before it answers
//   the next read: between two reads the reader adds exactly one transaction per read, which is subtracted. The other
//   backends (the Worker's) are waited for: a count is taken once it has been still for STILL_MS.
// - Every new session runs one transaction of its own while it starts (catalog lookups); the Worker opens a client
//   per request (Hyperdrive pools the real connections in production), so those are subtracted: one per session
//   counted in pg_stat_database.sessions. `transactions` is what the Worker's queries cost.
// - Other backends of the same database add to the count: the suite runs its files one at a time
//   (fileParallelism: false in vitest.workers.config.ts), but autovacuum still visits the database (once a minute by
//   default, two transactions each). A visit shows as sequential scans of pg_class, which client queries do not make
//   (their catalog lookups go through indexes and the relcache): such a count is marked, and taken again (`quietly`).
import postgres from 'postgres';

/** How long the counters must stay still before a count is taken (the idle flush is at most once a second). */
const STILL_MS = 1_500;
const POLL_MS = 200;
const SETTLE_TIMEOUT_MS = 30_000;

export interface Cost {
  /** Transactions the database ran for the work, the sessions' start-up transactions left out. */
  transactions: number;
  /** Sessions (client connections) opened for the work. */
  sessions: number;
  /** Whether autovacuum visited the database meanwhile, adding transactions that are not the work's. */
  autovacuum: boolean;
}

interface Reading {
  /** xact_commit + xact_rollback. */
  transactions: number;
  sessions: number;
  /** Sequential scans of pg_class: autovacuum's visits. */
  catalogScans: number;
  /** Which read of this counter this is: the reader's own transactions up to it. */
  index: number;
}

export class TransactionCounter {
  /** The owner connection the counter reads on; also usable for fixtures (its own transactions settle out). */
  readonly sql: postgres.Sql;
  #reads = 0;

  private constructor(sql: postgres.Sql) {
    this.sql = sql;
  }

  static async open(ownerUrl: string): Promise<TransactionCounter> {
    const sql = postgres(ownerUrl, { max: 1, fetch_types: false, onnotice: () => {} });
    // Flushes the session's own start-up transaction and session count before any read.
    await sql`select pg_stat_force_next_flush()`;
    return new TransactionCounter(sql);
  }

  async #read(): Promise<Reading> {
    const [row] = await this.sql<{ transactions: number; sessions: number; catalogScans: number }[]>`
      select pg_stat_force_next_flush(),
        (xact_commit + xact_rollback)::int as transactions, sessions::int as sessions,
        pg_stat_get_numscans('pg_class'::regclass)::int as "catalogScans"
      from pg_stat_database where datname = current_database()`;
    return { ...row!, index: this.#reads++ };
  }

  /** Reads until nothing but the reader itself has moved the counters for STILL_MS. */
  async settle(): Promise<Reading> {
    const started = Date.now();
    let previous = await this.#read();
    let stillSince = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const reading = await this.#read();
      const moved =
        reading.transactions - previous.transactions !== 1 ||
        reading.sessions !== previous.sessions ||
        reading.catalogScans !== previous.catalogScans;
      previous = reading;
      if (moved) stillSince = Date.now();
      else if (Date.now() - stillSince >= STILL_MS) return reading;
      if (Date.now() - started > SETTLE_TIMEOUT_MS) {
        throw new Error(`pg_stat_database did not settle in ${SETTLE_TIMEOUT_MS} ms`);
      }
    }
  }

  /** What `work` cost the database, counted from a settled reading before it to a settled reading after it. */
  async measure(work: () => Promise<unknown>): Promise<Cost> {
    const before = await this.settle();
    await work();
    return this.since(before);
  }

  /** What the database ran since `before` (a settled reading), once it has settled again. */
  async since(before: Reading): Promise<Cost> {
    const after = await this.settle();
    const sessions = after.sessions - before.sessions;
    const own = after.index - before.index;
    return {
      transactions: after.transactions - before.transactions - own - sessions,
      sessions,
      autovacuum: after.catalogScans !== before.catalogScans,
    };
  }

  close(): Promise<void> {
    return this.sql.end();
  }
}

/** The first of up to `attempts` counts autovacuum kept out of; each attempt must do its work anew. */
export async function quietly(attempts: number, measureOnce: () => Promise<Cost>): Promise<Cost> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const cost = await measureOnce();
    if (!cost.autovacuum) return cost;
  }
  throw new Error(`autovacuum visited the database during each of ${attempts} counts`);
}
