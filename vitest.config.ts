import { defineConfig } from 'vitest/config';

// Suites that never touch a database. A run on PostgreSQL alone (CI's second pass, after the PGlite pass ran them)
// leaves them out: running them again would test the same code on the same input.
const DATABASE_FREE = [
  'test/architecture/**',
  'test/clients/**',
  'test/conformance/**',
  'test/docs/**',
  'test/engine/**',
  'test/lib/**',
  'test/real/**',
  'test/tokens/**',
  'test/cli/designer-cli.test.ts',
];
const postgresOnly = process.env.LIVERY_TEST_DATABASES === 'postgres';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/stress runs only in `npm run test:stress` (LIVERY_STRESS=1): long fuzz runs kept out of `npm test`.
    exclude: [
      'test/workers/**',
      'node_modules/**',
      ...(process.env.LIVERY_STRESS === '1' ? [] : ['test/stress/**']),
      ...(postgresOnly ? DATABASE_FREE : []),
    ],
    globalSetup: ['test/support/pg-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
