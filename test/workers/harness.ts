// What the Worker suite's test files share: the suite's tenants (the seeded demo, and any a test creates), requests
// into an isolate of the Worker, and the bindings for a live or an unreachable database. Runs inside workerd.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { inject, vi } from 'vitest';
import type { SeededTenant } from '../../src/ops/seed-demo.ts';
import type { Env } from '../../src/worker.ts';
import './context.ts';

export type WorkerHandler = {
  fetch(request: Request, env: Env, ctx: ReturnType<typeof createExecutionContext>): Promise<Response>;
};

export const suite = inject('liveryWorker');

/** The demo's tenants, and those the tests create (`rememberTenant`), by slug (slugs the tests create are unique). */
const tenants: SeededTenant[] = [...suite.tenants];

export function rememberTenant(created: SeededTenant): void {
  tenants.push(created);
}

export function tenant(slug: string): SeededTenant {
  const found = tenants.find((t) => t.slug === slug);
  if (!found) throw new Error(`no tenant ${slug} in this suite`);
  return found;
}

export const url = (slug: string, path: string) => `http://${tenant(slug).host}${path}`;

/** The theme cache key of a theme response, from its canonical link (`</theme/<key>.css>`). */
export function themeKey(response: Response): string {
  const key = /<\/theme\/([0-9a-f]+)\.css>/.exec(response.headers.get('link') ?? '')?.[1];
  if (!key) throw new Error(`no canonical theme link in ${response.headers.get('link')}`);
  return key;
}

/** The Worker module loaded anew: an isolate with empty memory, sharing this data center's caches.default. */
export async function freshIsolate(): Promise<WorkerHandler> {
  vi.resetModules();
  const worker = (await import('../../src/worker.ts')).default as WorkerHandler;
  // exports.default loads the main module through the same registry: reset again so it never shares this instance.
  vi.resetModules();
  return worker;
}

/** One request to `worker`, waiting for its deferred work (edge-cache writes, closing the client) to finish. */
export function run(
  worker: WorkerHandler,
  slug: string,
  path: string,
  bindings: Env,
  init: RequestInit = {},
): Promise<{ response: Response; body: string }> {
  return runAt(worker, tenant(slug).host, path, bindings, init);
}

/** `run` on any host, also one no tenant is served at. */
export async function runAt(
  worker: WorkerHandler,
  host: string,
  path: string,
  bindings: Env,
  init: RequestInit = {},
): Promise<{ response: Response; body: string }> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`http://${host}${path}`, init), bindings, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, body };
}

export const liveDatabase = env as Env;
/** The Worker's bindings with its Hyperdrive origin refusing connections: the database is down. */
export const databaseDown = { ...env, HYPERDRIVE: env.HYPERDRIVE_UNREACHABLE } as Env;
