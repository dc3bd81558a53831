// The bad-input sweep at full size: 10 000 generated bad requests (LIVERY_STRESS_SWEEP to change) spread over every
// write endpoint. 0 responses ≥ 500, every one a 4xx in the contract's shape (validation: `ok: false`), and no row of
// any table changed. Prints the counts by endpoint and by status for the record.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import {
  databaseDigest,
  expectSweepRefused,
  sendSweep,
  startSweep,
  sweepCase,
  type SweepContext,
} from './write-sweep.ts';

const REQUESTS = Number(process.env.LIVERY_STRESS_SWEEP ?? 10_000);
const CONCURRENCY = 8;

describeEachDatabase('bad-input sweep at stress size', (database) => {
  let context: SweepContext;
  beforeAll(async () => {
    context = await startSweep(database);
  });
  afterAll(() => context?.server.close());

  it(`refuses ${REQUESTS} generated bad requests over every write endpoint, and stores nothing`, async () => {
    const seed = Number(process.env.LIVERY_STRESS_SEED ?? Date.now() % 2 ** 31);
    const cases = fc.sample(sweepCase(), { numRuns: REQUESTS, seed });
    const before = await databaseDigest(context.server);
    const byTarget = new Map<string, number>();
    const byStatus = new Map<number, number>();
    const byKind = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const sweep = cases[next++]!;
        const response = await sendSweep(context, sweep);
        byTarget.set(sweep.target, (byTarget.get(sweep.target) ?? 0) + 1);
        byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
        byKind.set(sweep.kind, (byKind.get(sweep.kind) ?? 0) + 1);
        expectSweepRefused(response, sweep);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(await databaseDigest(context.server)).toEqual(before);
    const counts = (map: Map<unknown, number>) =>
      [...map]
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    const serverErrors = [...byStatus].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `[${database}] sweep seed ${seed}: ${cases.length} requests, ${serverErrors} responses ≥ 500, 0 rows changed` +
        `\n  by endpoint: ${counts(byTarget)}\n  by kind: ${counts(byKind)}\n  by status: ${counts(byStatus)}`,
    );
  }, 3_600_000);
});
