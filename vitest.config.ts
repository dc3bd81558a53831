import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/stress runs only in `npm run test:stress` (LIVERY_STRESS=1): long fuzz runs kept out of `npm test`.
    exclude: ['test/workers/**', 'node_modules/**', ...(process.env.LIVERY_STRESS === '1' ? [] : ['test/stress/**'])],
    globalSetup: ['test/support/pg-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
