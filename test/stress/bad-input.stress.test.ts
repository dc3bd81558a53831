// Bad input at full size: 10 000 generated malformed override bodies (LIVERY_STRESS_BODIES to change) on
// a partner and on a customer. 0 5xx, every one a 4xx with violation paths, 0 stored, and the served CSS still holds
// only what the engine produced. The same generators run a few hundred times in test/http/bad-input.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  awkwardFontFamily,
  badBody,
  cssProblems,
  expectRefusedTokens,
  nest,
  TARGETS,
  type Flat,
} from './malformed-bodies.ts';

const BODIES = Number(process.env.LIVERY_STRESS_BODIES ?? 10_000);
/** Requests in flight at once (the PostgreSQL pool has 4 connections; PGlite queues them). */
const CONCURRENCY = 8;

describeEachDatabase('bad input at stress size', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  const versions = async (slug: string) =>
    (await server.api(slug, 'GET', '/api/v1/tokens/versions')).json().length as number;
  const css = async (slug: string) =>
    (await server.request({ host: server.tenant(slug).host, path: '/theme.css' })).text;
  const flat = async (slug: string): Promise<Flat> =>
    (await server.request({ host: server.tenant(slug).host, path: '/theme.json?format=flat' })).json();
  const put = (slug: string, body: string) =>
    server.request({
      method: 'PUT',
      host: server.tenant(slug).host,
      path: '/api/v1/tokens/overrides',
      body,
      headers: { authorization: `Bearer ${server.keys[slug]}`, 'content-type': 'application/json' },
    });

  it(`refuses ${BODIES} generated malformed bodies with a 4xx and violation paths, and stores none of them`, async () => {
    const seed = Number(process.env.LIVERY_STRESS_SEED ?? Date.now() % 2 ** 31);
    for (const [slug, share] of [
      ['acme', 0.6],
      ['store', 0.4],
    ] as const) {
      const before = { versions: await versions(slug), css: await css(slug) };
      const { paths, valid } = TARGETS[slug];
      const bodies = fc.sample(badBody(paths, valid), { numRuns: Math.round(BODIES * share), seed });
      let next = 0;
      const worker = async () => {
        while (next < bodies.length) {
          const { kind, body } = bodies[next++]!;
          expectRefusedTokens(await put(slug, body), `${slug}, ${kind} (seed ${seed}): ${body.slice(0, 160)}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect(await versions(slug), `${slug}: versions stored`).toBe(before.versions);
      expect(await css(slug)).toBe(before.css);
    }
  }, 3_600_000);

  it('keeps the served CSS to what the engine produced, whatever font names are accepted', async () => {
    const base = await flat('livery');
    await fc.assert(
      fc.asyncProperty(awkwardFontFamily(), async (family) => {
        const response = await put('store', JSON.stringify(nest('primitive.font.family.sans', { $value: family })));
        if (response.status !== 200) return expectRefusedTokens(response, JSON.stringify(family));
        expect(cssProblems(await css('store'), await flat('store'), base), `after ${JSON.stringify(family)}`).toEqual(
          [],
        );
      }),
      { numRuns: 1000 },
    );
  }, 3_600_000);
});
