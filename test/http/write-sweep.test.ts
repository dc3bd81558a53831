// The bad-input sweep over every write endpoint, a sample of it in `npm test` (the 10 000-request run is
// test/stress/write-sweep.stress.test.ts): never a 5xx, always the contract's error shape, and not one row of any
// table changed by a refused request.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import {
  databaseDigest,
  expectSweepRefused,
  sendSweep,
  startSweep,
  sweepCase,
  SWEEP_TARGETS,
  type SweepContext,
} from '../stress/write-sweep.ts';

describeEachDatabase('bad-input sweep over every write endpoint', (database) => {
  let context: SweepContext;
  beforeAll(async () => {
    context = await startSweep(database);
  });
  afterAll(() => context?.server.close());

  it('refuses generated bad bodies and paths on every write endpoint with a 4xx, and stores nothing', async () => {
    const before = await databaseDigest(context.server);
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(sweepCase(), async (sweep) => {
        seen.add(sweep.target);
        expectSweepRefused(await sendSweep(context, sweep), sweep);
      }),
      { numRuns: 400 },
    );
    expect(await databaseDigest(context.server)).toEqual(before);
    expect([...seen].sort()).toEqual(SWEEP_TARGETS.map((t) => t.name).sort());
  });
});
