// What a data center shares between its isolates: the Workers Cache API (caches.default) holding, per host, which
// tenant it serves and that tenant's chain; per tenant, its head (published version and status); and compiled themes
// by tenant and key, plus the last one built per tenant (the stale-if-error fallback). Node has no such layer.
//
// Heads are kept per tenant, not per host, so a partner's write purges one entry (its own head) and every customer
// host of this data center sees it on its next read: no work per customer on the write path.
//
// Entries are kept for a week (what a data center can fall back on while the database is down); their freshness is
// the directory's business (`fetchedAt`), not the Cache API's.
import type { EdgeChainMember } from '../db/queries/edge.ts';
import type { CompiledTheme } from './compile.ts';

/** A host as the data center last heard it from the database: its tenant and chain (root first), or unknown. */
export interface HostRecord {
  tenantId: string | null;
  chain: string[];
  fetchedAt: number;
  /** Set while one isolate revalidates it, so the others of this data center do not ask the database too. */
  leaseUntil?: number;
}

/** One tenant's head as the data center last heard it. */
export interface HeadRecord extends EdgeChainMember {
  fetchedAt: number;
}

export interface EdgeStore {
  host(host: string): Promise<HostRecord | undefined>;
  heads(tenantIds: readonly string[]): Promise<(HeadRecord | undefined)[]>;
  putHost(host: string, record: HostRecord): Promise<void>;
  putHeads(heads: readonly HeadRecord[]): Promise<void>;
  /** A write changed this tenant's head: every host whose chain includes it must ask again. */
  purgeHead(tenantId: string): Promise<void>;
  /** A domain or a new tenant changed what this host serves. */
  purgeHost(host: string): Promise<void>;
  theme(tenantId: string, key: string): Promise<CompiledTheme | undefined>;
  /** The last theme built for a tenant, whatever its key: what stale-if-error falls back to. */
  lastGood(tenantId: string): Promise<CompiledTheme | undefined>;
  putTheme(tenantId: string, theme: CompiledTheme): Promise<void>;
}

const ORIGIN = 'https://edge.livery.internal';
const KEEP_SECONDS = 7 * 86_400;

/** Cache API entry of a host record (hosts are normalised: letters, digits, dots and hyphens only). */
export const hostEntryUrl = (host: string) => `${ORIGIN}/host/${host}`;
export const headEntryUrl = (tenantId: string) => `${ORIGIN}/head/${tenantId}`;
/** Cache API entry of a tenant's theme at one chain key. */
export const themeEntryUrl = (tenantId: string, key: string) => `${ORIGIN}/theme/${tenantId}/${key}`;
/** Cache API entry of the last theme built for a tenant. */
export const lastGoodEntryUrl = (tenantId: string) => `${ORIGIN}/theme/${tenantId}/last`;

export class CacheApiEdgeStore implements EdgeStore {
  readonly #cache: Cache;

  constructor(cache: Cache) {
    this.#cache = cache;
  }

  host(host: string): Promise<HostRecord | undefined> {
    return this.#get<HostRecord>(hostEntryUrl(host));
  }

  heads(tenantIds: readonly string[]): Promise<(HeadRecord | undefined)[]> {
    return Promise.all(tenantIds.map((id) => this.#get<HeadRecord>(headEntryUrl(id))));
  }

  async putHost(host: string, record: HostRecord): Promise<void> {
    await this.#put(hostEntryUrl(host), record);
  }

  async putHeads(heads: readonly HeadRecord[]): Promise<void> {
    await Promise.all(heads.map((head) => this.#put(headEntryUrl(head.tenantId), head)));
  }

  async purgeHead(tenantId: string): Promise<void> {
    await this.#cache.delete(headEntryUrl(tenantId));
  }

  async purgeHost(host: string): Promise<void> {
    await this.#cache.delete(hostEntryUrl(host));
  }

  theme(tenantId: string, key: string): Promise<CompiledTheme | undefined> {
    return this.#get<CompiledTheme>(themeEntryUrl(tenantId, key));
  }

  lastGood(tenantId: string): Promise<CompiledTheme | undefined> {
    return this.#get<CompiledTheme>(lastGoodEntryUrl(tenantId));
  }

  async putTheme(tenantId: string, theme: CompiledTheme): Promise<void> {
    await Promise.all([
      this.#put(themeEntryUrl(tenantId, theme.key), theme),
      this.#put(lastGoodEntryUrl(tenantId), theme),
    ]);
  }

  async #get<T>(url: string): Promise<T | undefined> {
    const response = await this.#cache.match(url);
    if (!response) return undefined;
    try {
      return (await response.json()) as T;
    } catch {
      return undefined; // a torn or foreign entry is a miss
    }
  }

  async #put(url: string, value: unknown): Promise<void> {
    await this.#cache.put(
      url,
      new Response(JSON.stringify(value), {
        headers: { 'content-type': 'application/json', 'cache-control': `public, max-age=${KEEP_SECONDS}` },
      }),
    );
  }
}
