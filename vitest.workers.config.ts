// The Worker suite: src/worker.ts runs inside workerd (@cloudflare/vitest-pool-workers), configured from
// wrangler.jsonc, with its Hyperdrive binding pointed at a real PostgreSQL database that test/workers/global-setup.ts
// prepares. Run: `npx vitest run -c vitest.workers.config.ts` (part of `npm test`).
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { WORKER_TEST_BINDINGS } from './test/workers/context.ts';

// Tests stay offline: no usage metrics from wrangler, no download of the `request.cf` sample (miniflare falls back
// to a built-in one).
process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => {
      const suite = inject('liveryWorker');
      return {
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          hyperdrives: {
            // Skipped suite (no PostgreSQL): Miniflare still wants a well-formed connection string.
            HYPERDRIVE: suite.hyperdriveUrl ?? suite.unreachableHyperdriveUrl,
            // The same Worker with its database gone: the outage tests hand this to the Worker as HYPERDRIVE.
            HYPERDRIVE_UNREACHABLE: suite.unreachableHyperdriveUrl,
          },
          bindings: WORKER_TEST_BINDINGS,
        },
      };
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['test/workers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One file at a time: the files share the suite's database, and test/workers/edge.test.ts counts that database's
    // transactions on the server (pg_stat_database), which another file's requests would add to.
    fileParallelism: false,
    // postgres.js's workerd socket shim (postgres/cf/polyfills.js) lets its read loop reject with no handler once
    // the connection is gone — an upstream bug, not Livery's: "Stream was cancelled." after every `sql.end()`, and
    // "Network connection lost." after a failed connection attempt (the outage tests). Ignore exactly those two
    // errors from that one place, nothing broader.
    onUnhandledError: (error) => !isPostgresSocketShimRejection(error),
  },
});

const postgresShimRejections = new Set(['Stream was cancelled.', 'Network connection lost.']);

function isPostgresSocketShimRejection(error: { message?: string; stack?: string }): boolean {
  return (
    postgresShimRejections.has(error.message ?? '') && /[\\/]postgres[\\/]cf[\\/]polyfills\.js:/.test(error.stack ?? '')
  );
}
