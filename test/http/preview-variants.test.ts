// /preview's accessibility variants, server side: the merged theme the page reads back from theme.json yields the
// very blocks theme.css serves, and a variant the form never offers is refused by name. (What the page shows is
// checked in Chromium: test/browser/preview.test.ts.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emitAccessibility } from '../../src/engine/emit/light.ts';
import { mergedThemeOf, type CompiledTheme } from '../../src/themes/compile.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describeEachDatabase('/preview variants', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server?.close());

  it("reads each demo tenant's merged theme back from its theme.json, accessibility blocks and all", async () => {
    const platform = server.running.services.platform;
    for (const { host } of server.tenants) {
      const css = await server.request({ host, path: '/theme.css' });
      const json = await server.request({ host, path: '/theme.json' });
      expect(css.status, host).toBe(200);
      const rendered = (body: string) => ({ body, etag: '' });
      const compiled: CompiledTheme = {
        key: host,
        css: rendered(css.text),
        tailwind: rendered(''),
        json: rendered(json.text),
        flat: rendered(''),
      };
      const blocks = emitAccessibility(mergedThemeOf(platform, compiled), platform.base.governance);
      expect(blocks, host).toContain('@media (prefers-contrast: more)');
      expect(css.text.trimEnd().endsWith(blocks.trimEnd()), host).toBe(true);
    }
  });

  it('refuses a variant or simulation the page does not offer, naming the parameter', async () => {
    const host = 'shop.acme.livery.localhost';
    for (const [query, parameter] of [
      ['?simulate=achromatopsia', 'simulate'],
      ['?contrast=less', 'contrast'],
      ['?colors=inverted', 'colors'],
      ['?mode=dark&contrast=more&simulate=Protanopia', 'simulate'],
    ] as const) {
      const refused = await server.request({ host, path: `/preview${query}` });
      expect(refused.status, query).toBe(400);
      const { error } = refused.json();
      expect(error.code, query).toBe('invalid_query');
      expect(error.message, query).toContain(`"${parameter}"`);
    }
    // What the form sends when a control is left at its default: an empty simulation.
    const defaults = await server.request({ host, path: '/preview?mode=light&simulate=' });
    expect(defaults.status).toBe(200);
    const all = await server.request({
      host,
      path: '/preview?mode=dark&contrast=more&colors=forced&simulate=tritanopia',
    });
    expect(all.status).toBe(200);
    expect(all.header('content-type')).toMatch(/^text\/html/);
  });
});
