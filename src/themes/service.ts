// The read path: tenant → its chain's current versions → cache key → compiled theme.
//
//   warm (Node):   versions memo hit → compiled-theme memo hit                      (no database, no engine)
//   warm (Worker): one indexed lookup of the chain versions → edge cache hit         (one query, no engine)
//   miss:          stored artifact for (tenant, key) → render; else load layers → merge → emit → store → render
//
// Cache keys carry the chain's versions, so a write never needs a purge: the next request computes a new key.
// This process's own writes drop its version memo at once (`invalidate`, after publishing: ./publish.ts, which builds
// and stores artifacts itself); another process's writes are seen once the memo entry is older than `versionTtlMs`
// (0 = ask the database on every request, as the Worker does). This service only reads.
import type { Database } from '../db/core.ts';
import { chainLayers, chainVersions } from '../db/queries/tokens.ts';
import { readBreakerOf } from '../db/read-breaker.ts';
import { Lru } from '../lib/lru.ts';
import type { ReadBreaker } from '../lib/read-breaker.ts';
import { buildArtifact, chainKey, renderArtifact, type CompiledTheme } from './compile.ts';
import { loadArtifact, storeArtifact } from '../db/queries/artifacts.ts';
import type { Platform } from './platform.ts';

/** A shared cache of compiled themes: the Workers Cache API at the edge, or nothing extra on Node. */
export interface SharedThemeCache {
  get(tenantId: string, key: string): Promise<CompiledTheme | undefined>;
  put(tenantId: string, theme: CompiledTheme): Promise<void>;
  /** The last theme served for a tenant, whatever its key: what stale-if-error falls back to. */
  lastGood(tenantId: string): Promise<CompiledTheme | undefined>;
}

interface VersionEntry {
  key: string;
  chain: readonly string[];
  fetchedAt: number;
  refreshing?: Promise<unknown>;
}

export interface ThemeServiceOptions {
  db: Database;
  platform: Platform;
  /** How long a tenant's chain versions are reused without asking the database. */
  versionTtlMs: number;
  /** What this process remembers across requests (the Worker keeps one per isolate and a Database per request). */
  memory?: ThemeMemory;
  shared?: SharedThemeCache;
}

/** Bounded in-memory caches: tenants' chain versions, and compiled themes by key (shared by tenants with equal chains). */
export interface ThemeMemory {
  versions: Lru<string, VersionEntry>;
  themes: Lru<string, CompiledTheme>;
}

/** Bounded by tenants remembered and by the bytes of compiled themes held (the bodies dominate memory). */
export function createThemeMemory(options: { maxTenants?: number; maxThemeBytes?: number } = {}): ThemeMemory {
  const maxTenants = options.maxTenants ?? 10_000;
  return {
    versions: new Lru(maxTenants),
    themes: new Lru(maxTenants, { maxWeight: options.maxThemeBytes ?? 32 * 1024 * 1024, weigh: themeBytes }),
  };
}

function themeBytes(theme: CompiledTheme): number {
  return theme.css.body.length + theme.tailwind.body.length + theme.json.body.length + theme.flat.body.length;
}

export class ThemeService {
  readonly #db: Database;
  readonly #platform: Platform;
  readonly #ttl: number;
  readonly #versions: Lru<string, VersionEntry>;
  readonly #themes: Lru<string, CompiledTheme>;
  readonly #shared: SharedThemeCache | undefined;
  readonly #building = new Map<string, Promise<CompiledTheme>>();
  /** While the database is down, answer from memory at once instead of waiting on every request. */
  readonly #breaker: ReadBreaker;

  constructor(options: ThemeServiceOptions) {
    this.#db = options.db;
    this.#breaker = readBreakerOf(options.db);
    this.#platform = options.platform;
    this.#ttl = options.versionTtlMs;
    const memory = options.memory ?? createThemeMemory();
    this.#versions = memory.versions;
    this.#themes = memory.themes;
    this.#shared = options.shared;
  }

  /**
   * The tenant's current theme. When the database cannot be reached, the last good theme this process (or the
   * edge) knows is returned with `stale: true`; with none, DatabaseUnavailableError propagates.
   */
  async current(tenantId: string): Promise<{ theme: CompiledTheme; stale: boolean }> {
    let entry = this.#ttl === 0 ? undefined : this.#versions.get(tenantId);
    if (!entry) {
      const found = await this.#breaker.read<{ entry: VersionEntry } | { lastGood: CompiledTheme }>(
        async () => ({ entry: await this.#fetchVersions(tenantId) }),
        async () => {
          const known = this.#versions.get(tenantId);
          const lastGood = (known && this.#themes.get(known.key)) ?? (await this.#shared?.lastGood(tenantId));
          return lastGood && { lastGood };
        },
      );
      if ('lastGood' in found) return { theme: found.lastGood, stale: true };
      entry = found.entry;
    } else {
      this.#refreshIfStale(tenantId, entry);
    }
    const cached = this.#themes.get(entry.key);
    if (cached) return { theme: cached, stale: false };
    return { theme: await this.#compiled(tenantId, entry.key), stale: false };
  }

  /**
   * The tenant's current theme if memory has it, without awaiting anything (the Node fast path): the same answer
   * `current` gives from memory, including its background refresh of old versions; undefined means "ask `current`".
   */
  peek(tenantId: string): CompiledTheme | undefined {
    if (this.#ttl === 0) return undefined;
    const entry = this.#versions.peek(tenantId);
    if (!entry) return undefined;
    this.#refreshIfStale(tenantId, entry);
    return this.#themes.peek(entry.key);
  }

  /**
   * Serve what we have and re-read the versions in the background once they are older than the TTL
   * (stale-while-revalidate, inside the process). A failed refresh (database down) must not leave the entry
   * marked as refreshing, or it is never asked again.
   */
  #refreshIfStale(tenantId: string, entry: VersionEntry): void {
    if (entry.refreshing || Date.now() - entry.fetchedAt <= this.#ttl) return;
    entry.refreshing = this.#fetchVersions(tenantId).catch(() => {
      entry.refreshing = undefined;
    });
  }

  /**
   * The theme at an immutable key: this tenant's current one, or one stored when a write of its own built it.
   * (A tenant without a layer of its own stores nothing, so only its current key answers.)
   */
  async atKey(tenantId: string, key: string): Promise<CompiledTheme | undefined> {
    const shared = await this.#shared?.get(tenantId, key);
    if (shared) return shared;
    const { theme } = await this.current(tenantId);
    if (theme.key === key) return theme;
    const stored = await this.#db.asTenant(tenantId, (tx) => loadArtifact(tx, tenantId, key));
    return stored ? renderArtifact(this.#platform, stored) : undefined;
  }

  /** Forget what this process knows about tenants whose chain includes `tenantId` (after it wrote). */
  invalidate(tenantId: string): void {
    this.#breaker.close(); // a write just committed: the database answers again
    this.#versions.deleteWhere((entry) => entry.chain.includes(tenantId));
  }

  async #fetchVersions(tenantId: string): Promise<VersionEntry> {
    const versions = await this.#db.asTenant(tenantId, (tx) => chainVersions(tx));
    if (versions.length === 0) throw new Error(`tenant ${tenantId} has no chain`);
    const entry: VersionEntry = {
      key: await chainKey(this.#platform, versions),
      chain: versions.map((v) => v.tenantId),
      fetchedAt: Date.now(),
    };
    this.#versions.set(tenantId, entry);
    return entry;
  }

  async #compiled(tenantId: string, key: string): Promise<CompiledTheme> {
    const flightKey = `${tenantId}/${key}`;
    let flight = this.#building.get(flightKey);
    if (!flight) {
      flight = this.#loadOrBuild(tenantId, key).finally(() => this.#building.delete(flightKey));
      this.#building.set(flightKey, flight);
    }
    const theme = await flight;
    this.#themes.set(theme.key, theme);
    return theme;
  }

  async #loadOrBuild(tenantId: string, key: string): Promise<CompiledTheme> {
    const shared = await this.#shared?.get(tenantId, key);
    if (shared) return shared;
    const artifact = await this.#db.asTenant(tenantId, async (tx) => {
      const stored = await loadArtifact(tx, tenantId, key);
      if (stored) return stored;
      const chain = await chainLayers(tx);
      // The chain may have moved on since the versions were read; store under the key of what was built.
      const built = buildArtifact(this.#platform, chain, await chainKey(this.#platform, chain));
      // A tenant without a layer of its own serves exactly an ancestor's merge: rebuilding it is cheap, and not
      // storing it keeps a tenant with no overrides at zero artifact bytes.
      if (chain.at(-1)?.version != null) await storeArtifact(tx, tenantId, built);
      return built;
    });
    const theme = await renderArtifact(this.#platform, artifact);
    await this.#shared?.put(tenantId, theme);
    return theme;
  }
}
