// What the Worker suite's Node side (global-setup.ts, vitest.workers.config.ts) hands to the tests inside workerd.
// No Node imports here: the tests import this module inside workerd.
import type { SeededTenant } from '../../src/ops/seed-demo.ts';

/** The hosts the demo is seeded under, and the Worker is configured with (overriding wrangler.jsonc's vars). */
export const WORKER_HOSTS = { platformHost: 'livery.localhost', partnerRoot: 'livery.localhost' };

export const WORKER_TEST_BINDINGS = {
  LIVERY_PLATFORM_HOST: WORKER_HOSTS.platformHost,
  LIVERY_PARTNER_ROOT: WORKER_HOSTS.partnerRoot,
  LIVERY_SECRET: 'worker-test-secret-worker-test-secret-0123',
  // A low validation limit, so the suite can show it is counted per CF-Connecting-IP.
  LIVERY_RATE_LIMIT_VALIDATE: '3/min',
};

export interface WorkerSuiteContext {
  /** Why the suite is skipped (no PostgreSQL), or null when it runs. */
  skipReason: string | null;
  /** The seeded database, as the Hyperdrive binding's local connection string: the service's least-privilege login. */
  hyperdriveUrl: string | null;
  /** The same database as its owner (the superuser), for fixtures the service's login may not write. */
  ownerUrl: string | null;
  /** A Hyperdrive origin that refuses connections (a free local port): the database during an outage. */
  unreachableHyperdriveUrl: string;
  tenants: SeededTenant[];
  /** Admin API key per demo tenant slug. */
  keys: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    liveryWorker: WorkerSuiteContext;
  }
}
