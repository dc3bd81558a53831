// Host → tenant → current theme, for every request, in three levels:
//
//   memory (this process / isolate) → the data center's EdgeStore (Worker: caches.default) → PostgreSQL
//
// A warm request is answered from memory with no I/O at all. An isolate trusts its memory for `memoryTtlMs`, then
// re-reads the data center's store (no database). What the database said is fresh for `freshnessMs` (the theme's
// max-age); after that the next request is still answered at once and one background lookup (waitUntil) refreshes the
// host — at most one per host per window in a data center (a lease in the store) and one per isolate (single flight).
// Past twice the window (an idle host) the lookup happens in the foreground. A cold lookup is one statement
// (Database.edgeLookup): host, chain versions and statuses, key, and the stored artifact or the layers to build it.
//
// Writes call `tenantChanged` / `hostChanged` after they commit: memory forgets at once, and the data center's store
// purges the tenant's head or the host, so the next request anywhere in this data center asks the database. Per
// tenant, not per customer: a partner's write purges one head and its customers' hosts all see it.
import type { Database, ResolvedHost } from '../db/core.ts';
import { storeArtifact } from '../db/queries/artifacts.ts';
import type { EdgeChainMember, EdgeLookup } from '../db/queries/edge.ts';
import { loadArtifact } from '../db/queries/artifacts.ts';
import { readBreakerOf } from '../db/read-breaker.ts';
import type { TenantStatus } from '../db/schema.ts';
import { Lru } from '../lib/lru.ts';
import { normalizeHost } from '../tenancy/host.ts';
import { buildArtifact, chainKey, renderArtifact, type CompiledTheme } from './compile.ts';
import type { EdgeStore, HeadRecord, HostRecord } from './edge-store.ts';
import type { Platform } from './platform.ts';

export type Resolution =
  | { kind: 'tenant'; host: string; tenant: ResolvedHost }
  | { kind: 'unknown'; host: string }
  | { kind: 'malformed'; reason: string };

/** A resolved tenant with the host it was reached on (the request's tenant). */
export type TenantAtHost = ResolvedHost & { host: string };

interface HostState {
  tenant: ResolvedHost | null;
  /** The chain root first, as the database (or the data center's heads) last said. */
  members: EdgeChainMember[];
  key: string | null;
  /** When the database said it (the oldest of the parts it was assembled from). */
  fetchedAt: number;
  /** When this isolate last confirmed it against the data center's store. */
  checkedAt: number;
  refreshing?: boolean;
  /** After a failed refresh (database down, or another isolate holds the lease): not before this. */
  retryAfter?: number;
}

export interface DirectoryOptions {
  platform: Platform;
  /** How long what the database said is fresh (the theme's max-age). */
  freshnessMs: number;
  /** How long an isolate trusts its memory before re-reading the data center's store (with a store only). */
  memoryTtlMs: number;
  store?: EdgeStore;
  maxHosts?: number;
  maxThemeBytes?: number;
}

/** What one request's work needs beside the directory's memory: its database client and its way to run late work. */
export interface RequestIo {
  db: Database;
  defer: (work: Promise<unknown>) => void;
}

/** Unknown hosts are remembered briefly: a domain may be verified or a tenant created any moment. */
const NEGATIVE_MS = 5_000;
/** How long an isolate's revalidation lease keeps the others of its data center from asking too. */
const LEASE_MS = 10_000;
/** After a failed refresh, how long before the next attempt. */
const RETRY_MS = 1_000;
/** A write purges again after this long, in case a lookup that read before its commit wrote its answer back after. */
const PURGE_AGAIN_MS = 2_000;

/** Process- (Node) or isolate-wide (Worker) memory of hosts and themes, bounded; `bind` gives a request's view. */
export class ThemeDirectory {
  readonly #options: DirectoryOptions;
  readonly #hosts: Lru<string, HostState>;
  /** Raw Host header → normalised host, so a warm request skips normalisation (only valid hosts are remembered). */
  readonly #raw: Lru<string, string>;
  /** Compiled themes by key: tenants with equal chains share one. Looked up only by a tenant's own current key. */
  readonly #themes: Lru<string, CompiledTheme>;
  /** Each tenant's last served key: the stale-if-error fallback while the database is down. */
  readonly #lastKeys: Lru<string, string>;
  readonly #flights = new Map<string, Promise<HostState>>();

  constructor(options: DirectoryOptions) {
    this.#options = options;
    const maxHosts = options.maxHosts ?? 10_000;
    this.#hosts = new Lru(maxHosts);
    this.#raw = new Lru(maxHosts);
    this.#themes = new Lru(maxHosts, { maxWeight: options.maxThemeBytes ?? 32 * 1024 * 1024, weigh: themeBytes });
    this.#lastKeys = new Lru(maxHosts);
  }

  /** Entries held (hosts, compiled themes and their bytes): for tests and memory figures. */
  get size(): { hosts: number; themes: number; themeBytes: number } {
    return { hosts: this.#hosts.size, themes: this.#themes.size, themeBytes: this.#themes.weight };
  }

  bind(io: RequestIo): Directory {
    return new Directory(this, io);
  }

  // ---- reading ----

  /** Host → tenant; `wantTheme` brings the theme along when the database has to be asked (a theme request). */
  async resolve(io: RequestIo, rawHost: string | undefined, wantTheme: boolean): Promise<Resolution> {
    const host = this.#normalise(rawHost);
    if (typeof host !== 'string') return host;
    const state = await this.#state(io, host, wantTheme);
    return state.tenant ? { kind: 'tenant', host, tenant: state.tenant } : { kind: 'unknown', host };
  }

  /**
   * The tenant's current theme at this host; during an outage, the last good one (else DatabaseUnavailableError);
   * undefined when the host no longer serves this tenant an active theme (it changed since the request resolved).
   */
  async theme(io: RequestIo, tenant: TenantAtHost): Promise<CompiledTheme | undefined> {
    let state = this.#hosts.peek(tenant.host);
    if (state?.tenant?.tenantId !== tenant.tenantId) state = await this.#state(io, tenant.host, true);
    const known = state.key === null ? undefined : await this.#themeAtKey(tenant.tenantId, state.key);
    if (known) return known;
    // Cold for this key: the one lookup, with the payload. The chain may have moved on: serve what it found.
    return readBreakerOf(io.db).read(
      async () => {
        let fresh = await this.#flight(tenant.host, () => this.#lookup(io, tenant.host, true, null));
        // A flight already under way may have been an API request's, which brings no theme: ask once more.
        if (fresh.key !== null && !this.#themes.peek(fresh.key))
          fresh = await this.#lookup(io, tenant.host, true, null);
        if (fresh.tenant?.tenantId !== tenant.tenantId || fresh.key === null) return undefined;
        return this.#themeAtKey(tenant.tenantId, fresh.key);
      },
      () => this.#lastGood(tenant.tenantId),
    );
  }

  /** The theme at an immutable key: the tenant's current one, or one its own writes stored. */
  async themeAt(io: RequestIo, tenant: TenantAtHost, key: string): Promise<CompiledTheme | undefined> {
    const current = await this.theme(io, tenant);
    if (current?.key === key) return current;
    const shared = await this.#options.store?.theme(tenant.tenantId, key);
    if (shared) return shared;
    const stored = await io.db.asTenant(tenant.tenantId, (tx) => loadArtifact(tx, tenant.tenantId, key));
    return stored ? renderArtifact(this.#options.platform, stored) : undefined;
  }

  /**
   * A warm answer from memory without awaiting anything (the Node fast path): the tenant and its current theme when
   * both are fresh in memory and the tenant is active; undefined means "ask `resolve`". Starts the same background
   * refresh a request through `resolve` would.
   */
  peek(io: RequestIo, rawHost: string | undefined): { tenant: ResolvedHost; theme: CompiledTheme } | undefined {
    if (!rawHost) return undefined;
    const host = this.#raw.peek(rawHost);
    const state = host === undefined ? undefined : this.#hosts.peek(host);
    if (!state?.tenant || state.key === null || state.tenant.status !== 'active') return undefined;
    const now = Date.now();
    if (!this.#trusted(state, now)) return undefined;
    const theme = this.#themes.peek(state.key);
    if (!theme) return undefined;
    this.#refreshIfStale(io, host!, state, now);
    return { tenant: state.tenant, theme };
  }

  // ---- writes (after they commit) ----

  /** The tenant's head or status changed: every host whose chain includes it asks again. */
  async tenantChanged(io: RequestIo, tenantId: string): Promise<void> {
    readBreakerOf(io.db).close(); // a write just committed: the database answers again
    this.#hosts.deleteWhere((state) => state.tenant?.chain.includes(tenantId) ?? false);
    await this.#purge(io, (store) => store.purgeHead(tenantId));
  }

  /** What a host serves changed (a domain verified or withdrawn, a tenant created there). */
  async hostChanged(io: RequestIo, host: string): Promise<void> {
    this.#hosts.delete(host);
    await this.#purge(io, (store) => store.purgeHost(host));
  }

  async #purge(io: RequestIo, purge: (store: EdgeStore) => Promise<void>): Promise<void> {
    const store = this.#options.store;
    if (!store) return;
    await purge(store);
    io.defer(new Promise((resolve) => setTimeout(resolve, PURGE_AGAIN_MS)).then(() => purge(store)));
  }

  // ---- the levels ----

  #normalise(rawHost: string | undefined): string | Extract<Resolution, { kind: 'malformed' }> {
    const memo = rawHost ? this.#raw.get(rawHost) : undefined;
    if (memo !== undefined) return memo;
    const normal = normalizeHost(rawHost);
    if (!normal.ok) return { kind: 'malformed', reason: normal.reason };
    if (rawHost) this.#raw.set(rawHost, normal.host);
    return normal.host;
  }

  async #state(io: RequestIo, host: string, wantTheme: boolean): Promise<HostState> {
    const state = this.#hosts.get(host);
    const now = Date.now();
    if (state && this.#trusted(state, now)) {
      this.#refreshIfStale(io, host, state, now);
      return state;
    }
    return this.#flight(host, () => this.#reload(io, host, state, wantTheme));
  }

  /** Whether memory may answer without asking anyone. */
  #trusted(state: HostState, now: number): boolean {
    const age = now - state.fetchedAt;
    const limit = state.tenant ? 2 * this.#options.freshnessMs : Math.min(NEGATIVE_MS, this.#options.freshnessMs);
    if (age >= limit) return false;
    return !this.#options.store || now - state.checkedAt < this.#options.memoryTtlMs;
  }

  /** Memory could not answer: the data center's store, else the database (else, while it is down, what we had). */
  async #reload(io: RequestIo, host: string, previous: HostState | undefined, wantTheme: boolean): Promise<HostState> {
    const shared = await this.#fromStore(host, previous);
    const now = Date.now();
    if (shared && this.#trusted({ ...shared, checkedAt: now }, now)) {
      this.#hosts.set(host, shared);
      this.#refreshIfStale(io, host, shared, now);
      return shared;
    }
    return readBreakerOf(io.db).read(
      () => this.#lookup(io, host, wantTheme, previous?.key ?? null),
      () => {
        // Database down: whatever was known, however old (stale-if-error).
        const known = previous ?? shared;
        if (known) this.#hosts.set(host, known);
        return known;
      },
    );
  }

  /** The host as the data center's store holds it, whole (record and every head of its chain), or undefined. */
  async #fromStore(host: string, previous: HostState | undefined): Promise<HostState | undefined> {
    const store = this.#options.store;
    if (!store) return undefined;
    const record = await store.host(host);
    if (!record) return undefined;
    if (record.tenantId === null) {
      return { tenant: null, members: [], key: null, fetchedAt: record.fetchedAt, checkedAt: Date.now() };
    }
    const heads = await store.heads(record.chain);
    if (heads.some((head) => head === undefined)) return undefined; // a write purged one: ask the database
    const members = (heads as HeadRecord[]).map(({ fetchedAt: _, ...member }) => member);
    const fetchedAt = Math.min(record.fetchedAt, ...(heads as HeadRecord[]).map((head) => head.fetchedAt));
    return this.#stateOf(members, fetchedAt, previous);
  }

  async #stateOf(members: EdgeChainMember[], fetchedAt: number, previous: HostState | undefined): Promise<HostState> {
    const key =
      previous?.key && sameVersions(previous.members, members)
        ? previous.key
        : await chainKey(this.#options.platform, members);
    const self = members.at(-1)!;
    const tenant: ResolvedHost = {
      tenantId: self.tenantId,
      tier: self.tier,
      status: effectiveStatus(members),
      chain: members.map((m) => m.tenantId),
    };
    return { tenant, members, key, fetchedAt, checkedAt: Date.now() };
  }

  /**
   * The one database statement for a host: remembers the answer (memory now; the data center's store after the
   * response) and, when a payload came with it, the theme — built from layers when none was stored, and then stored
   * for the next data center by a second, deferred transaction (only for a tenant with a layer of its own).
   */
  async #lookup(io: RequestIo, host: string, wantTheme: boolean, knownKey: string | null): Promise<HostState> {
    const { platform, store } = this.#options;
    const found = await io.db.edgeLookup(host, { baseHash: platform.baseHash, knownKey, wantTheme });
    const fetchedAt = Date.now();
    if (!found) {
      const state: HostState = { tenant: null, members: [], key: null, fetchedAt, checkedAt: fetchedAt };
      this.#hosts.set(host, state);
      if (store) io.defer(store.putHost(host, { tenantId: null, chain: [], fetchedAt }));
      return state;
    }
    const state = await this.#stateOf(found.chain, fetchedAt, undefined);
    state.key = found.key; // the database's own: the same formula, and the one its artifacts are stored under
    const theme = await this.#payloadTheme(io, found);
    if (theme) this.#remember(found.tenantId, theme);
    this.#hosts.set(host, state);
    if (store) {
      const record: HostRecord = { tenantId: found.tenantId, chain: state.tenant!.chain, fetchedAt };
      io.defer(
        Promise.all([
          store.putHost(host, record),
          store.putHeads(found.chain.map((member) => ({ ...member, fetchedAt }))),
          theme ? store.putTheme(found.tenantId, theme) : undefined,
        ]),
      );
    }
    return state;
  }

  async #payloadTheme(io: RequestIo, found: EdgeLookup): Promise<CompiledTheme | undefined> {
    const { platform } = this.#options;
    if (found.artifact) return renderArtifact(platform, found.artifact);
    if (!found.layers) return undefined;
    const chain = found.chain.map((member, i) => ({ ...member, content: found.layers![i] ?? null }));
    const built = buildArtifact(platform, chain, found.key);
    // A tenant without a layer of its own serves exactly an ancestor's merge: rebuilding it is cheap, and not
    // storing it keeps a tenant with no overrides at zero artifact bytes.
    if (found.chain.at(-1)?.version != null) {
      io.defer(io.db.asTenant(found.tenantId, (tx) => storeArtifact(tx, found.tenantId, built)));
    }
    return renderArtifact(platform, built);
  }

  #remember(tenantId: string, theme: CompiledTheme): void {
    this.#themes.set(theme.key, theme);
    this.#lastKeys.set(tenantId, theme.key);
  }

  /** This tenant's theme at its own current key, from memory or the data center's store. */
  async #themeAtKey(tenantId: string, key: string): Promise<CompiledTheme | undefined> {
    const known = this.#themes.get(key);
    if (known) {
      this.#lastKeys.set(tenantId, key);
      return known;
    }
    const shared = await this.#options.store?.theme(tenantId, key);
    if (shared) this.#remember(tenantId, shared);
    return shared;
  }

  async #lastGood(tenantId: string): Promise<CompiledTheme | undefined> {
    const key = this.#lastKeys.peek(tenantId);
    return (key && this.#themes.peek(key)) || (await this.#options.store?.lastGood(tenantId));
  }

  // ---- revalidation ----

  /** Past the window, refresh in the background: once per isolate (single flight) and per data center (a lease). */
  #refreshIfStale(io: RequestIo, host: string, state: HostState, now: number): void {
    if (!state.tenant || state.refreshing || now - state.fetchedAt < this.#options.freshnessMs) return;
    if (state.retryAfter !== undefined && now < state.retryAfter) return;
    state.refreshing = true;
    io.defer(
      this.#refresh(io, host, state)
        .catch(() => {
          state.retryAfter = Date.now() + RETRY_MS;
        })
        .finally(() => {
          state.refreshing = false;
        }),
    );
  }

  async #refresh(io: RequestIo, host: string, state: HostState): Promise<void> {
    const store = this.#options.store;
    if (store) {
      const shared = await this.#fromStore(host, state);
      if (shared && shared.fetchedAt > state.fetchedAt) {
        this.#hosts.set(host, shared); // another isolate of this data center refreshed it already
        return;
      }
      const record = await store.host(host);
      const now = Date.now();
      if (record?.leaseUntil !== undefined && record.leaseUntil > now) {
        state.retryAfter = now + RETRY_MS; // another isolate is asking the database now
        return;
      }
      if (record) await store.putHost(host, { ...record, leaseUntil: now + LEASE_MS });
    }
    await this.#flight(host, () => this.#lookup(io, host, true, state.key));
  }

  /** One lookup per host at a time in this isolate: concurrent requests share it. */
  #flight(host: string, work: () => Promise<HostState>): Promise<HostState> {
    let flight = this.#flights.get(host);
    if (!flight) {
      flight = work().finally(() => this.#flights.delete(host));
      this.#flights.set(host, flight);
    }
    return flight;
  }
}

/** A request's view of the directory: the directory's memory with this request's database and deferred work. */
export class Directory {
  readonly #directory: ThemeDirectory;
  readonly #io: RequestIo;

  constructor(directory: ThemeDirectory, io: RequestIo) {
    this.#directory = directory;
    this.#io = io;
  }

  resolve(rawHost: string | undefined, wantTheme: boolean): Promise<Resolution> {
    return this.#directory.resolve(this.#io, rawHost, wantTheme);
  }

  theme(tenant: TenantAtHost): Promise<CompiledTheme | undefined> {
    return this.#directory.theme(this.#io, tenant);
  }

  themeAt(tenant: TenantAtHost, key: string): Promise<CompiledTheme | undefined> {
    return this.#directory.themeAt(this.#io, tenant, key);
  }

  peek(rawHost: string | undefined): { tenant: ResolvedHost; theme: CompiledTheme } | undefined {
    return this.#directory.peek(this.#io, rawHost);
  }

  tenantChanged(tenantId: string): Promise<void> {
    return this.#directory.tenantChanged(this.#io, tenantId);
  }

  hostChanged(host: string): Promise<void> {
    return this.#directory.hostChanged(this.#io, host);
  }
}

function themeBytes(theme: CompiledTheme): number {
  return theme.css.body.length + theme.tailwind.body.length + theme.json.body.length + theme.flat.body.length;
}

function sameVersions(a: readonly EdgeChainMember[], b: readonly EdgeChainMember[]): boolean {
  return a.length === b.length && a.every((m, i) => m.tenantId === b[i]!.tenantId && m.version === b[i]!.version);
}

/** The tenant's own status, or the nearest ancestor's that is not active (a suspended partner suspends its customers). */
export function effectiveStatus(members: readonly EdgeChainMember[]): TenantStatus {
  for (let i = members.length - 1; i >= 0; i--) if (members[i]!.status !== 'active') return members[i]!.status;
  return 'active';
}
