// The preview page in a real browser (headless Chromium, driven by playwright-core): the tenant's theme is applied,
// the contrast table is right, dark mode switches, and the page's CSP blocks nothing it needs. Its accessibility
// toggles show what a browser whose system asks for a variant shows (compared with Chromium's own emulation of
// `prefers-contrast: more` and `forced-colors: active` on the plain page), and work from the keyboard without script.
import { CHROMIUM, chromiumAvailable } from '../support/browser.ts';
import { tenantPages } from '../support/tenant-pages.ts';
import { computedRatio, enhanced } from '../support/wcag-oracle.ts';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cssVariableName } from '../../src/engine/emit/light.ts';
import type { Deficiency, Mode } from '../../src/engine/types.ts';
import { PUBLISHED_MACHADO_2009 } from '../support/machado-2009.ts';
import { describeViolations, seriousViolations } from './axe.ts';

/** Each property's color as the browser resolves it inside <body> (forced-color-adjust off, so it is the value's). */
function resolvedColors(page: Page, names: string[]): Promise<Record<string, string>> {
  return page.evaluate((list) => {
    const probe = document.createElement('span');
    probe.style.forcedColorAdjust = 'none';
    document.body.append(probe);
    const out: Record<string, string> = {};
    for (const name of list) {
      probe.style.color = `var(${name})`;
      out[name] = getComputedStyle(probe).color;
    }
    probe.remove();
    return out;
  }, names);
}

/** Each property's computed (specified, var()-substituted) value on <body>. */
function rawValues(page: Page, names: string[]): Promise<Record<string, string>> {
  return page.evaluate(
    (list) => Object.fromEntries(list.map((n) => [n, getComputedStyle(document.body).getPropertyValue(n).trim()])),
    names,
  );
}

const available = chromiumAvailable();

describe.skipIf(!available)(
  `the preview page in headless Chromium${available ? '' : ` — skipped: no ${CHROMIUM} (apt-get install chromium)`}`,
  () => {
    const pages = tenantPages();

    it("applies the tenant's theme and lists every contrast pair with its ratio", async () => {
      const page = await pages.browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      const host = 'shop.acme.livery.localhost';
      const response = await page.goto(pages.url(host, '/preview'));
      expect(response?.status()).toBe(200);
      const flat = (await pages.server.request({ host, path: '/theme.json?format=flat' })).json();

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
      const lightPairs = pages.server.running.services.platform.base.governance.pairs.filter((p) =>
        p.modes.includes('light'),
      ).length;
      expect(rows).toBe(lightPairs);
      // The demo data passes every pair.
      expect(await page.locator('section[aria-label="Contrast pairs"] tbody tr.fail').count()).toBe(0);
      expect(problems).toEqual([]);
    });

    it('switches to dark mode', async () => {
      const page = await pages.browser.newPage();
      const host = 'store.globex.livery.localhost';
      await page.goto(pages.url(host, '/preview'));
      const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.click('text=Show dark mode');
      await page.waitForURL(/mode=dark/);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(dark).not.toBe(light);
    });

    it('escapes the tenant name (no markup from data reaches the page)', async () => {
      const created = await pages.server.api('acme', 'POST', '/api/v1/tenants', {
        slug: 'xss',
        name: '<img src=x onerror="window.__pwned=1">',
      });
      expect(created.status, created.text).toBe(201);
      const page = await pages.browser.newPage();
      await page.goto(pages.url('xss.acme.livery.localhost', '/preview'));
      expect(await page.locator('h1').textContent()).toBe('<img src=x onerror="window.__pwned=1">');
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    });

    /** The custom properties of the governed pairs in `mode`. */
    const pairProperties = (mode: Mode) => [
      ...new Set(
        pages.server.running.services.platform.base.governance.pairs
          .filter((p) => p.modes.includes(mode))
          .flatMap((p) => [p.fg, p.bg].map((role) => cssVariableName(`semantic.${mode}.${role}`).name)),
      ),
    ];

    it('?contrast=more shows what prefers-contrast: more gives, every pair against its enhanced level', async () => {
      for (const host of ['shop.acme.livery.localhost', 'store.globex.livery.localhost']) {
        for (const mode of ['light', 'dark'] as const) {
          const names = pairProperties(mode);
          const asked = await pages.browser.newPage();
          await asked.emulateMedia({ contrast: 'more' });
          await asked.goto(pages.url(host, `/preview?mode=${mode}`));
          const emulated = await resolvedColors(asked, names);
          await asked.emulateMedia({ contrast: 'no-preference' });
          const normal = await resolvedColors(asked, names);
          // The variant changes something in the demo, or this comparison would prove nothing.
          expect(emulated, `${host} ${mode}`).not.toEqual(normal);

          const shown = await pages.browser.newPage();
          await shown.emulateMedia({ contrast: 'no-preference' });
          expect((await shown.goto(pages.url(host, `/preview?mode=${mode}&contrast=more`)))?.status()).toBe(200);
          expect(await resolvedColors(shown, names), `${host} ${mode}`).toEqual(emulated);

          // Every row's chip, as rendered, meets the required level, and that level is the pair's enhanced one.
          const rows = await shown.locator('section[aria-label="Contrast pairs"] tbody tr').evaluateAll((trs) =>
            trs.map((tr) => {
              const chip = tr.querySelector('.chip')!;
              const style = getComputedStyle(chip);
              return {
                pair: tr.children[1]!.textContent!.trim(),
                color: style.color,
                background: style.backgroundColor,
                required: Number(tr.children[3]!.textContent!.replace('≥', '').trim()),
                result: tr.children[4]!.textContent!.trim(),
              };
            }),
          );
          const governed = pages.server.running.services.platform.base.governance.pairs.filter((p) =>
            p.modes.includes(mode),
          );
          expect(rows.map((r) => [r.pair, r.required])).toEqual(
            governed.map((p) => [`${p.fg} on ${p.bg}`, enhanced(p.min)]),
          );
          for (const row of rows) {
            expect(row.result, `${host} ${mode} ${row.pair}`).toBe('pass');
            const ratio = computedRatio(row.color, row.background);
            expect(ratio, `${host} ${mode} ${row.pair}`).toBeGreaterThanOrEqual(row.required);
          }
          expect(await shown.locator('#enhanced-summary').textContent()).toMatch(/^Every pair reaches/);
          await asked.close();
          await shown.close();
        }
      }
    });

    it('?colors=forced shows what forced-colors: active gives: the roles as system colors', async () => {
      const host = 'blog.acme.livery.localhost';
      const flat = (await pages.server.request({ host, path: '/theme.json?format=flat' })).json() as Record<
        Mode,
        Record<string, string>
      >;
      for (const mode of ['light', 'dark'] as const) {
        const names = Object.keys(flat[mode]);
        const asked = await pages.browser.newPage();
        await asked.emulateMedia({ forcedColors: 'active' });
        await asked.goto(pages.url(host, `/preview?mode=${mode}`));
        const emulated = await rawValues(asked, names);
        const shown = await pages.browser.newPage();
        await shown.goto(pages.url(host, `/preview?mode=${mode}&colors=forced`));
        expect(await rawValues(shown, names), mode).toEqual(emulated);
        // And the page is painted with them: the canvas is the system's Canvas.
        const painted = await shown.evaluate(() => {
          const probe = document.createElement('div');
          probe.style.background = 'Canvas';
          document.body.append(probe);
          return {
            body: getComputedStyle(document.body).backgroundColor,
            canvas: getComputedStyle(probe).backgroundColor,
          };
        });
        expect(painted.body, mode).toBe(painted.canvas);
        expect(await shown.locator('section[aria-label="Forced-colors mapping"] tbody tr').count()).toBeGreaterThan(0);
        await asked.close();
        await shown.close();
      }
    });

    it('?simulate=… filters the page through the published Machado 2009 matrix, in linear light', async () => {
      const page = await pages.browser.newPage();
      for (const deficiency of Object.keys(PUBLISHED_MACHADO_2009) as Deficiency[]) {
        await page.goto(pages.url('shop.acme.livery.localhost', `/preview?mode=dark&simulate=${deficiency}`));
        const filter = await page.evaluate(() => {
          const element = document.querySelector('filter')!;
          return {
            applied: getComputedStyle(document.querySelector('.shown')!).filter,
            id: element.id,
            space: element.getAttribute('color-interpolation-filters'),
            values: element.querySelector('feColorMatrix')!.getAttribute('values')!.trim().split(/\s+/).map(Number),
          };
        });
        expect(filter.applied).toBe(`url("#${filter.id}")`);
        expect(filter.space).toBe('linearRGB');
        expect(filter.values).toHaveLength(20);
        PUBLISHED_MACHADO_2009[deficiency].forEach((row, i) => {
          expect(filter.values.slice(i * 5, i * 5 + 3), `${deficiency} row ${i}`).toEqual(row);
          expect(filter.values.slice(i * 5 + 3, i * 5 + 5)).toEqual([0, 0]);
        });
        expect(filter.values.slice(15)).toEqual([0, 0, 0, 1, 0]);
        expect(await page.getByLabel('Color vision simulation').inputValue()).toBe(deficiency);
      }
      // Without a simulation, nothing is filtered.
      await page.goto(pages.url('shop.acme.livery.localhost', '/preview'));
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.shown')!).filter)).toBe('none');
    });

    it('the toggles work from the keyboard, without script, and keep the other choices', async () => {
      const page = await pages.browser.newPage();
      await page.goto(pages.url('docs.globex.livery.localhost', '/preview?mode=dark&simulate=tritanopia'));
      const focusOn = async (selector: string) => {
        for (let presses = 0; presses < 20; presses++) {
          if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`${selector} is not reachable with Tab`);
      };
      await focusOn('input[name="contrast"]');
      await page.keyboard.press('Space');
      await focusOn('button[type="submit"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/contrast=more/);
      const params = new URL(page.url()).searchParams;
      expect(Object.fromEntries(params)).toEqual({ mode: 'dark', contrast: 'more', simulate: 'tritanopia' });
      expect(await page.getByRole('checkbox', { name: /^More contrast/ }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: /^Forced colors/ }).isChecked()).toBe(false);
      expect(await page.locator('#showing').textContent()).toMatch(/dark mode.*more-contrast.*tritanopia/);
      // The mode link keeps the variants.
      await page.click('text=Show light mode');
      await page.waitForURL(/mode=light/);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
        mode: 'light',
        contrast: 'more',
        simulate: 'tritanopia',
      });
    });

    it('axe finds no serious or critical problem with the variants and simulations on', async () => {
      const page = await pages.browser.newPage();
      const found: Record<string, string> = {};
      const paths = [
        '/preview?mode=light&contrast=more',
        '/preview?mode=dark&contrast=more',
        '/preview?mode=light&colors=forced',
        '/preview?mode=dark&contrast=more&colors=forced&simulate=deuteranopia',
        '/preview?mode=light&simulate=protanopia',
      ];
      for (const path of paths) {
        expect((await page.goto(pages.url('shop.acme.livery.localhost', path)))?.status()).toBe(200);
        found[path] = describeViolations(await seriousViolations(page));
      }
      expect(found).toEqual(Object.fromEntries(paths.map((p) => [p, ''])));
    });
  },
);
