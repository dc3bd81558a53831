// The preview page in a real browser (headless Chromium, driven by playwright-core): the tenant's theme is applied,
// the contrast table is right, dark mode switches, and the page's CSP blocks nothing it needs.
import { CHROMIUM, chromiumAvailable, launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const available = chromiumAvailable();

describe.skipIf(!available)(
  `the preview page in headless Chromium${available ? '' : ` — skipped: no ${CHROMIUM} (apt-get install chromium)`}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    beforeAll(async () => {
      // The page, not the database, is under test here: run it on the first database this run selected.
      const database = testDatabases().find((d) => d.skip === false);
      if (!database) throw new Error('no database available for the preview test');
      server = await startTestServer(database.name);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    // *.localhost resolves to the loopback address in Chromium, so tenant hosts work without DNS.
    const url = (host: string, path: string) => `http://${host}:${new URL(server.url).port}${path}`;

    it("applies the tenant's theme and lists every contrast pair with its ratio", async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      const host = 'shop.acme.livery.localhost';
      const response = await page.goto(url(host, '/preview'));
      expect(response?.status()).toBe(200);
      const flat = (await server.request({ host, path: '/theme.json?format=flat' })).json();

      // The page background is the tenant's canvas color, and the primary button its interactive.primary.
      const colors = await page.evaluate(() => {
        const probe = document.createElement('div');
        document.body.append(probe);
        const resolve = (value: string) => {
          probe.style.color = value;
          return getComputedStyle(probe).color;
        };
        return {
          body: getComputedStyle(document.body).backgroundColor,
          canvas: resolve(getComputedStyle(document.documentElement).getPropertyValue('--background-canvas').trim()),
          button: getComputedStyle(document.querySelector('button.primary')!).backgroundColor,
          primary: resolve(getComputedStyle(document.documentElement).getPropertyValue('--interactive-primary').trim()),
        };
      });
      expect(colors.body).toBe(colors.canvas);
      expect(colors.button).toBe(colors.primary);
      const expected = await page.evaluate((hex) => {
        const probe = document.createElement('div');
        probe.style.color = hex;
        document.body.append(probe);
        return getComputedStyle(probe).color;
      }, flat.light['--interactive-primary']);
      expect(colors.primary).toBe(expected);

      const rows = await page.locator('section[aria-label="Contrast pairs"] tbody tr').count();
      const lightPairs = server.running.services.platform.base.governance.pairs.filter((p) =>
        p.modes.includes('light'),
      ).length;
      expect(rows).toBe(lightPairs);
      // The demo data passes every pair.
      expect(await page.locator('section[aria-label="Contrast pairs"] tbody tr.fail').count()).toBe(0);
      expect(problems).toEqual([]);
    });

    it('switches to dark mode', async () => {
      const page = await browser.newPage();
      const host = 'store.globex.livery.localhost';
      await page.goto(url(host, '/preview'));
      const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.click('text=Show dark mode');
      await page.waitForURL(/mode=dark/);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(dark).not.toBe(light);
    });

    it('escapes the tenant name (no markup from data reaches the page)', async () => {
      const created = await server.api('acme', 'POST', '/api/v1/tenants', {
        slug: 'xss',
        name: '<img src=x onerror="window.__pwned=1">',
      });
      expect(created.status, created.text).toBe(201);
      const page = await browser.newPage();
      await page.goto(url('xss.acme.livery.localhost', '/preview'));
      expect(await page.locator('h1').textContent()).toBe('<img src=x onerror="window.__pwned=1">');
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    });
  },
);
