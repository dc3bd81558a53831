// The studio in a real browser (headless Chromium driven by playwright-core), on each database, with sign-in
// through a real local OAuth server. The journeys find everything by its accessible name, as a screen-reader user
// would: a customer drafts, fixes a contrast failure, signs in and — invited as editor — publishes; a partner sees
// which customer a change would break and is refused with that name; two tabs publish from the same version and the
// second is told to reload and merge. axe-core finds no serious or critical problem on /studio and /preview.
import { CHROMIUM, chromiumAvailable, launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { providerUser } from '../auth/support.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { startOAuthServer, type OAuthTestServer, type OAuthTestUser } from '../support/oauth-server.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { describeViolations, seriousViolations } from './axe.ts';

const available = chromiumAvailable();

// The studio loads its bundle, the platform data and the theme before it is usable; sign-in is three redirects.
const UI = { timeout: 20_000 };
const JOURNEY = 120_000;

const SHOP = 'shop.acme.livery.localhost';
const BLOG = 'blog.acme.livery.localhost';
const ACME = 'acme.livery.localhost';

/** A token's input: its label is the token path in DTCG dots. */
const token = (page: Page, path: string) => page.getByLabel(path, { exact: true });
const validation = (page: Page) => page.getByRole('status', { name: 'Validation', exact: true });
const alert = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ });
/** The Contrast table's row for `fg` on `bg` in `mode` (paths as the governance pairs name them). */
const contrastRow = (page: Page, fg: string, bg: string, mode: 'light' | 'dark') =>
  page
    .getByRole('table', { name: 'Contrast', exact: true })
    .getByRole('row')
    .filter({ hasText: new RegExp(`(^|[^\\w-])${escapeRegExp(fg)}(?![\\w-])`) })
    .filter({ hasText: new RegExp(`(^|[^\\w-])${escapeRegExp(bg)}(?![\\w-])`) })
    .filter({ hasText: new RegExp(`\\b${mode}\\b`, 'i') });
/** Web-first reads for expect.poll: they never wait themselves, so the poll's timeout is the only one. */
const textOf = (locator: Locator) => async () => (await locator.allInnerTexts()).join('\n');
const inputOf = (locator: Locator) => async () =>
  (await locator.count()) === 1 ? locator.inputValue({ timeout: 1_000 }) : null;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!available)(
  `the studio in headless Chromium${available ? '' : ` — skipped: no ${CHROMIUM} (apt-get install chromium)`}`,
  () => {
    describeEachDatabase('studio journeys', (database) => {
      let server: TestServer;
      let oauth: OAuthTestServer;
      let browser: Browser;

      beforeAll(async () => {
        oauth = await startOAuthServer();
        // One address signs in and saves many times here; the limits have tests of their own.
        const generous = { limit: 100_000, windowMs: 60_000 };
        server = await startTestServer(database, {
          oauth,
          rateLimits: { signIn: generous, anonymous: generous, account: generous, write: generous },
        });
        browser = await launchChromium();
      });
      afterAll(async () => {
        await browser?.close();
        await server?.close();
        await oauth?.stop();
      });

      // *.localhost resolves to the loopback address in Chromium, so tenant hosts work without DNS.
      const url = (host: string, path: string) => `http://${host}:${new URL(server.url).port}${path}`;

      /** A fresh browser profile (its own cookies) and a page in it that records script errors and CSP refusals. */
      async function visitor(
        options: { colorScheme?: 'light' | 'dark' } = {},
      ): Promise<{ context: BrowserContext; page: () => Promise<Page>; problems: string[] }> {
        const context = await browser.newContext(options);
        // Clicks and navigations fail with their own message rather than running into the test's timeout.
        context.setDefaultTimeout(UI.timeout);
        const problems: string[] = [];
        const page = async () => {
          const opened = await context.newPage();
          opened.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
          opened.on('console', (message) => {
            // 4xx answers the journeys provoke (a refused publish, a conflict) are logged as failed loads: expected.
            if (message.type() === 'error' && !/^Failed to load resource/.test(message.text()))
              problems.push(`console: ${message.text()}`);
          });
          return opened;
        };
        return { context, page, problems };
      }

      /** Opens /studio on `host` and waits until the editor is usable (the Validation status has its verdict). */
      async function openStudio(page: Page, host: string, tenantName: string): Promise<void> {
        const response = await page.goto(url(host, '/studio'));
        expect(response?.status()).toBe(200);
        await expect.poll(textOf(page.getByRole('heading', { level: 1 })), UI).toBe(`Studio — ${tenantName}`);
        await expect.poll(textOf(validation(page)), UI).toMatch(/^\s*(No problems|\d+ problems?)/);
      }

      /** A same-origin request from the page, with its session cookie (as the studio's own code makes them). */
      function fromPage<T>(page: Page, method: string, path: string): Promise<{ status: number; body: T }> {
        return page.evaluate(
          async ([m, p]) => {
            const response = await fetch(p!, { method: m, headers: { accept: 'application/json' } });
            const text = await response.text();
            return { status: response.status, body: text ? JSON.parse(text) : null };
          },
          [method, path],
        );
      }

      /**
       * Signs in on /studio through the `Sign in with Google` link (the local OAuth server answers as `user`) and
       * lands back on /studio.
       */
      async function signInThroughStudio(page: Page, host: string, tenantName: string, user: OAuthTestUser) {
        oauth.setNextUser(user);
        await page.getByRole('link', { name: 'Sign in with Google', exact: true }).click();
        await page.waitForURL((u) => u.host === new URL(url(host, '/')).host && u.pathname === '/studio', UI);
        await expect.poll(textOf(page.getByRole('heading', { level: 1 })), UI).toBe(`Studio — ${tenantName}`);
        const session = await fromPage<{ level: string; userId: string }>(page, 'GET', '/auth/session');
        expect(session.body.level).toBe('oauth');
        return session.body.userId;
      }

      /**
       * Accepts the pending invitation for the signed-in user's verified email through the studio's own button
       * (`Complete sign-in` after OAuth, `Accept an invitation` for a member without a role), which completes the
       * account (POST /auth/complete) and reloads the page: the studio then sees a full member with the invited role.
       */
      async function acceptInvitation(page: Page, tenantName: string, role: string) {
        const accept = page.getByRole('button', { name: /^(Complete sign-in|Accept an invitation)$/ });
        await Promise.all([page.waitForEvent('load', UI), accept.click()]);
        await expect.poll(textOf(page.getByRole('heading', { level: 1 })), UI).toBe(`Studio — ${tenantName}`);
        await expect.poll(textOf(validation(page)), UI).toMatch(/^\s*(No problems|\d+ problems?)/);
        const session = await fromPage<{ level: string; role?: string }>(page, 'GET', '/auth/session');
        expect(session.body).toMatchObject({ level: 'full', role });
      }

      /** A member of `slug` with `role`, signed in on its /studio in a fresh browser profile. */
      async function member(slug: string, host: string, tenantName: string, role: 'admin' | 'editor') {
        const email = `${role}-${slug}-${Math.random().toString(36).slice(2, 8)}@example.test`;
        const invited = await server.api(slug, 'POST', '/api/v1/invitations', { email, role });
        expect(invited.status, invited.text).toBe(201);
        const session = await visitor();
        const page = await session.page();
        await openStudio(page, host, tenantName);
        await signInThroughStudio(page, host, tenantName, providerUser(email));
        await acceptInvitation(page, tenantName, role);
        return { ...session, first: page };
      }

      // The accessibility checks run first, on the demo as seeded (the journeys below change shop's and blog's themes).
      it('axe finds no serious or critical problem on /preview of a customer, light and dark', async () => {
        const preview = await (await visitor()).page();
        const found: Record<string, string> = {};
        for (const path of ['/preview', '/preview?mode=dark']) {
          expect((await preview.goto(url(SHOP, path)))?.status()).toBe(200);
          found[path] = describeViolations(await seriousViolations(preview));
        }
        expect(found).toEqual({ '/preview': '', '/preview?mode=dark': '' });
      });

      it(
        'axe finds no serious or critical problem on /studio, as a customer visitor and as a partner admin',
        async () => {
          const customer = await (await visitor()).page();
          await openStudio(customer, SHOP, 'Acme Shop');
          // The theme follows the system's dark mode, and so does the studio in it.
          const dark = await (await visitor({ colorScheme: 'dark' })).page();
          await openStudio(dark, SHOP, 'Acme Shop');
          const canvas = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          expect(await canvas(dark)).not.toBe(await canvas(customer));
          const { first: partner } = await member('acme', ACME, 'Acme Corp', 'admin');
          // The partner's own panels are part of what is checked.
          await partner
            .getByRole('region', { name: 'Customers', exact: true })
            .first()
            .waitFor({ state: 'visible', ...UI });
          await partner
            .getByRole('region', { name: 'Impact', exact: true })
            .first()
            .waitFor({ state: 'attached', ...UI });

          const found = {
            customer: describeViolations(await seriousViolations(customer)),
            'customer, dark mode': describeViolations(await seriousViolations(dark)),
            partner: describeViolations(await seriousViolations(partner)),
          };
          expect(found).toEqual({ customer: '', 'customer, dark mode': '', partner: '' });
        },
        JOURNEY,
      );

      it(
        "the preview's accessibility variants: more contrast as theme.css gives it, forced colors, a color-vision filter",
        async () => {
          const { page: open, problems } = await visitor();
          const page = await open();
          await openStudio(page, SHOP, 'Acme Shop');
          const preview = page.getByRole('region', { name: 'Preview', exact: true });
          const variants = preview.getByRole('group', { name: 'Accessibility variants', exact: true });
          const light = preview.getByRole('group', { name: 'Light mode', exact: true });
          const secondary = light.locator('.pv-secondary-text');
          /** `value` as the browser computes it for `property` on a probe in the page (its own color scheme). */
          const computed = (property: string, value: string, scheme = 'light') =>
            page.evaluate(
              ([p, v, s]) => {
                const probe = document.createElement('div');
                probe.style.setProperty('color-scheme', s!);
                probe.style.setProperty(p!, v!);
                document.body.append(probe);
                const result = getComputedStyle(probe).getPropertyValue(p!);
                probe.remove();
                return result;
              },
              [property, value, scheme],
            );
          const colorOf = (locator: Locator, property = 'color') =>
            locator.evaluate((element, p) => getComputedStyle(element).getPropertyValue(p), property);

          // What a prefers-contrast: more page gets: the light :root declarations of that block in the host's theme.css.
          const css = await page.evaluate(async () => (await fetch('/theme.css')).text());
          const block = /@media \(prefers-contrast: more\) \{\s*:root \{([^}]*)\}/.exec(css)?.[1];
          expect(block, 'theme.css has a prefers-contrast: more block with :root').toBeDefined();
          const lifted = new Map(
            block!
              .split(';')
              .map((d) => /^\s*(--[\w-]+)\s*:\s*([\s\S]*?)\s*$/.exec(d))
              .filter((m) => m !== null)
              .map((m) => [m[1]!, m[2]!] as const),
          );
          // A sample element per property the block may lift, and the CSS property it shows it through.
          const samples: [string, string, string][] = [
            ['--text-secondary', '.pv-secondary-text', 'color'],
            ['--text-link', 'a', 'color'],
            ['--text-primary', 'h3', 'color'],
            ['--status-success', '.pv-badge.success', 'border-top-color'],
          ];
          const shown = samples.find(([name]) => lifted.has(name));
          expect(shown, `a sampled property among ${[...lifted.keys()].join(', ')}`).toBeDefined();
          const [name, selector, property] = shown!;
          const sampled = light.locator(selector).first();
          const normal = await colorOf(sampled, property);
          const expected = await computed(property, lifted.get(name)!);
          expect(expected).not.toBe(normal);

          const moreContrast = variants.getByRole('checkbox', { name: 'More contrast', exact: true });
          await moreContrast.check();
          await expect.poll(() => colorOf(sampled, property), UI).toBe(expected);
          await expect
            .poll(textOf(preview.getByRole('status')), UI)
            .toMatch(/Every pair reaches its enhanced level\.|cannot reach (its|their) enhanced level/);

          const forced = variants.getByRole('checkbox', { name: 'Forced colors', exact: true });
          await forced.check();
          const canvas = await computed('background-color', 'Canvas');
          await expect.poll(() => colorOf(light, 'background-color'), UI).toBe(canvas);
          // Forced colors win over more contrast: text is the system's text color.
          const canvasText = await computed('color', 'CanvasText');
          expect(canvasText).not.toBe(canvas);
          expect(await colorOf(secondary)).toBe(canvasText);

          await forced.uncheck();
          await moreContrast.uncheck();
          await expect.poll(() => colorOf(sampled, property), UI).toBe(normal);
          expect(await preview.getByRole('status').textContent()).toBe('');

          await variants
            .getByRole('combobox', { name: 'Color vision', exact: true })
            .selectOption({ label: 'Protanopia' });
          for (const mode of ['Light mode', 'Dark mode']) {
            const container = preview.getByRole('group', { name: mode, exact: true });
            await expect.poll(() => colorOf(container, 'filter'), UI).toMatch(/url\("?#studio-cvd-protanopia"?\)/);
          }
          const values = await page.evaluate(() =>
            document.querySelector('filter#studio-cvd-protanopia feColorMatrix')?.getAttribute('values'),
          );
          const numbers = (values ?? '')
            .trim()
            .split(/[\s,]+/)
            .map(Number);
          expect(numbers).toHaveLength(20);
          expect(numbers.every(Number.isFinite)).toBe(true);

          // The toggles keep their state when the theme changes.
          await moreContrast.check();
          await forced.check();
          await token(page, 'primitive.radius.md').fill('9px');
          await token(page, 'primitive.radius.md').press('Tab');
          await expect.poll(() => colorOf(light.locator('.pv-card'), 'border-top-left-radius'), UI).toBe('9px');
          expect(await moreContrast.isChecked()).toBe(true);
          expect(await colorOf(light, 'background-color')).toBe(canvas);
          expect(await colorOf(secondary)).toBe(canvasText);
          expect(await colorOf(light, 'filter')).toMatch(/url\("?#studio-cvd-protanopia"?\)/);

          expect(describeViolations(await seriousViolations(page))).toBe('');
          expect(problems).toEqual([]);
        },
        JOURNEY,
      );

      it(
        'a visitor on a customer host drafts, fixes a contrast failure, signs in, keeps the draft and publishes it as an invited editor',
        async () => {
          const path = 'semantic.light.text.link';
          // Lighter than the partner's link color but within the policy's ΔE 0.1: fails 4.5:1 on canvas and surface.
          const lowContrast = '#2c7eb2';
          const edit = { semantic: { light: { text: { link: { $value: lowContrast } } } } };
          // The server's own verdict on the same edit is the oracle for what the browser shows.
          const serverVerdict = (await server.api('shop', 'POST', '/api/v1/tokens/validate', edit)).json<{
            violations: { rule: string; pair?: string[]; ratio?: number; suggestion?: string }[];
          }>();
          const onSurface = serverVerdict.violations.find(
            (v) => v.rule === 'contrast' && v.pair?.[1] === 'semantic.light.background.surface',
          );
          expect(onSurface?.suggestion, JSON.stringify(serverVerdict)).toMatch(/^#[0-9a-f]{6}$/);
          const suggestion = onSurface!.suggestion!;
          const themeBefore = (await server.request({ host: SHOP, path: '/theme.css' })).text;
          expect(themeBefore).not.toContain(suggestion);

          const { page: open, problems } = await visitor();
          const page = await open();
          await openStudio(page, SHOP, 'Acme Shop');
          await expect.poll(textOf(validation(page)), UI).toMatch(/^\s*No problems/);

          await token(page, path).fill(lowContrast);
          await token(page, path).press('Tab');
          await expect.poll(textOf(validation(page)), UI).toMatch(/^\s*[1-9]\d* problems?/);
          await expect
            .poll(textOf(validation(page).getByRole('listitem').filter({ hasText: path }).first()), UI)
            .toMatch(/contrast/i);
          const surfaceRow = contrastRow(page, 'text.link', 'background.surface', 'light');
          await expect.poll(() => surfaceRow.count(), UI).toBe(1);
          await expect.poll(textOf(surfaceRow), UI).toMatch(/\bfail\b/);
          await expect.poll(textOf(surfaceRow), UI).toMatch(onSurface!.ratio!.toFixed(2));
          await expect
            .poll(textOf(contrastRow(page, 'text.link', 'background.canvas', 'light')), UI)
            .toMatch(/\bfail\b/);

          await page
            .getByRole('button', {
              name: /^Apply suggestion for (semantic\.light\.)?text\.link on (semantic\.light\.)?background\.surface \(light\)$/,
            })
            .click();
          await expect.poll(inputOf(token(page, path)), UI).toMatch(new RegExp(`^${suggestion}$`, 'i'));
          await expect.poll(textOf(surfaceRow), UI).toMatch(/\bpass\b/);
          await expect
            .poll(textOf(contrastRow(page, 'text.link', 'background.canvas', 'light')), UI)
            .toMatch(/\bpass\b/);
          await expect.poll(textOf(validation(page)), UI).toMatch(/^\s*No problems/);

          await expect.poll(inputOf(page.getByLabel('Draft name', { exact: true })), UI).toBe('studio');
          await page.getByRole('button', { name: 'Save draft', exact: true }).click();
          const drafts = page.getByRole('list', { name: 'Drafts', exact: true });
          await drafts
            .getByRole('button', { name: 'Open draft studio', exact: true })
            .first()
            .waitFor({ state: 'visible', ...UI });

          const email = `designer-${database}@example.test`;
          const userId = await signInThroughStudio(page, SHOP, 'Acme Shop', providerUser(email));
          await drafts
            .getByRole('button', { name: 'Open draft studio', exact: true })
            .first()
            .waitFor({ state: 'visible', ...UI });
          const kept = await fromPage<{ name: string; tokens: unknown }[]>(page, 'GET', '/api/v1/tokens/drafts');
          expect(kept.body.find((d) => d.name === 'studio')?.tokens).toMatchObject({
            semantic: {
              light: { text: { link: { $value: expect.stringMatching(new RegExp(`^${suggestion}$`, 'i')) } } },
            },
          });

          // Signed in but not a member with a role: publishing is refused, and the studio says why.
          await page.getByRole('button', { name: 'Open draft studio', exact: true }).click();
          await expect.poll(inputOf(token(page, path)), UI).toMatch(new RegExp(`^${suggestion}$`, 'i'));
          await page.getByRole('button', { name: 'Publish', exact: true }).click();
          await alert(page)
            .first()
            .waitFor({ state: 'visible', ...UI });
          expect((await server.request({ host: SHOP, path: '/theme.css' })).text).not.toContain(suggestion);

          // The customer's admin invites the verified email as editor; completing the account accepts it.
          const invited = await server.api('shop', 'POST', '/api/v1/invitations', { email, role: 'editor' });
          expect(invited.status, invited.text).toBe(201);
          await acceptInvitation(page, 'Acme Shop', 'editor');

          await page.getByRole('button', { name: 'Open draft studio', exact: true }).click();
          await expect.poll(inputOf(token(page, path)), UI).toMatch(new RegExp(`^${suggestion}$`, 'i'));
          await page.getByRole('button', { name: 'Publish', exact: true }).click();
          await expect
            .poll(async () => (await server.request({ host: SHOP, path: '/theme.css' })).text.toLowerCase(), UI)
            .toContain(suggestion.toLowerCase());
          const versions = (await server.api('shop', 'GET', '/api/v1/tokens/versions')).json<
            { version: number; author: string }[]
          >();
          expect(versions[0]!.author).toBe(`user:${userId}`);

          // The new version in the History, with a readable diff: the path, and the value it now has.
          const latest = versions[0]!.version;
          const history = page.getByRole('region', { name: 'History', exact: true });
          await expect.poll(textOf(history), UI).toMatch(new RegExp(`\\bv${latest} — `));
          await history.getByRole('button', { name: `Show changes in v${latest}`, exact: true }).click();
          await expect
            .poll(textOf(history), UI)
            .toMatch(new RegExp(`${escapeRegExp(path)}[\\s\\S]*${suggestion}`, 'i'));
          expect(problems).toEqual([]);
        },
        JOURNEY,
      );

      it(
        'a partner sees the customer a change would break, and the publish is refused naming it',
        async () => {
          // Arrange a customer whose contrast depends on the partner: shop's brand blue (within the policy's range of
          // acme's) keeps white text at 4.63:1 — just above 4.5. Acme's other customer, blog, inherits acme's darker blue.
          const current = await server.api('shop', 'GET', '/api/v1/tokens/overrides');
          const layer = current.json<{ tokens: Record<string, any> }>().tokens;
          layer.semantic.light.interactive.primary = { $value: '#297bae' };
          const arranged = await server.api('shop', 'PUT', '/api/v1/tokens/overrides', layer, {
            'if-match': current.header('etag')!,
          });
          expect(arranged.status, arranged.text).toBe(200);

          // Acme softens its inverse text: still 5.3:1 on its own buttons, 3.75:1 on shop's.
          const path = 'semantic.light.text.inverse';
          const softer = '#e2e8f0';
          const acmeLayer = (await server.api('acme', 'GET', '/api/v1/tokens/overrides')).json<{
            tokens: Record<string, any>;
          }>().tokens;
          acmeLayer.semantic.light.text = { ...acmeLayer.semantic.light.text, inverse: { $value: softer } };
          const verdict = (await server.api('acme', 'POST', '/api/v1/tokens/validate', acmeLayer)).json<{
            violations: unknown[];
            impact: { tenant: { slug: string } }[];
          }>();
          expect(verdict.violations).toEqual([]);
          expect(verdict.impact.map((i) => i.tenant.slug)).toEqual(['shop']);
          const before = (await server.api('acme', 'GET', '/api/v1/tokens/versions')).json<unknown[]>().length;

          const { first: page, problems } = await member('acme', ACME, 'Acme Corp', 'admin');
          await token(page, path).fill(softer);
          await token(page, path).press('Tab');
          const impact = page.getByRole('region', { name: 'Impact', exact: true });
          await expect.poll(textOf(impact), UI).toMatch('Would break shop');
          expect(await textOf(impact)()).not.toContain('Would break blog');

          await page.getByRole('button', { name: 'Publish', exact: true }).click();
          await expect.poll(textOf(alert(page)), UI).toMatch('Would break shop');
          expect(await textOf(alert(page))()).not.toContain('Would break blog');
          expect((await server.api('acme', 'GET', '/api/v1/tokens/versions')).json<unknown[]>()).toHaveLength(before);
          expect(problems).toEqual([]);
        },
        JOURNEY,
      );

      /**
       * Two tabs of one editor's session load /studio on blog, edit different radii, and publish in turn: the second
       * must be told the layer changed since it loaded, and "Reload and merge" must keep its edit on top of the first's.
       */
      async function twoTabsPublish(radii: { first: string; second: string }) {
        const { page: open, first, problems } = await member('blog', BLOG, 'Acme Blog', 'editor');
        const second = await open();
        await openStudio(second, BLOG, 'Acme Blog');
        const versions = async () =>
          (await server.api('blog', 'GET', '/api/v1/tokens/versions')).json<unknown[]>().length;
        const before = await versions();

        await token(first, 'primitive.radius.md').fill(radii.first);
        await token(first, 'primitive.radius.md').press('Tab');
        await token(second, 'primitive.radius.lg').fill(radii.second);
        await token(second, 'primitive.radius.lg').press('Tab');

        await first.getByRole('button', { name: 'Publish', exact: true }).click();
        await expect.poll(versions, UI).toBe(before + 1);

        await second.getByRole('button', { name: 'Publish', exact: true }).click();
        await expect.poll(textOf(alert(second)), UI).toMatch('changed since you loaded');
        expect(await versions()).toBe(before + 1);
        await alert(second).getByRole('button', { name: 'Reload and merge', exact: true }).click();
        // The latest published layer underneath, the unsaved edit on top.
        await expect.poll(inputOf(token(second, 'primitive.radius.md')), UI).toBe(radii.first);
        await expect.poll(inputOf(token(second, 'primitive.radius.lg')), UI).toBe(radii.second);
        await second.getByRole('button', { name: 'Publish', exact: true }).click();
        await expect.poll(versions, UI).toBe(before + 2);
        const layer = (await server.api('blog', 'GET', '/api/v1/tokens/overrides')).json();
        expect(layer).toMatchObject({
          tokens: { primitive: { radius: { md: { $value: radii.first }, lg: { $value: radii.second } } } },
        });
        expect(problems).toEqual([]);
      }

      // Blog has published nothing yet: the first publish is as much a race as any other.
      it(
        'two tabs publish the first version: the second is told to reload and merge, and merging keeps its edit',
        () => twoTabsPublish({ first: '12px', second: '14px' }),
        JOURNEY,
      );

      it(
        'two tabs publish from the same version: the second is told to reload and merge, and merging keeps its edit',
        async () => {
          const current = await server.api('blog', 'GET', '/api/v1/tokens/versions');
          if (current.json<unknown[]>().length === 0) {
            const published = await server.api('blog', 'PUT', '/api/v1/tokens/overrides', {});
            expect(published.status, published.text).toBe(200);
          }
          await twoTabsPublish({ first: '8px', second: '6px' });
        },
        JOURNEY,
      );
    });
  },
);
