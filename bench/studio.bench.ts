// The studio's figures (npx node bench/studio.bench.ts), on a Node Livery over an in-memory PGlite with the demo:
// - the client JavaScript the page loads (GET /studio/app.js?v=…, the exact URL /studio names), gzipped;
//   bar ≤ 150 KB;
// - time to interactive on a demo customer host in headless Chromium: navigation start → the editor's inputs are
//   present and the Validation status shows its verdict (the bundle ran, fetched the platform data and validated).
//   Median of 5 loads, each in a fresh browser profile (nothing cached); reported, no bar.
import { CHROMIUM, launchChromium } from '../test/support/browser.ts';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '../src/db/database.ts';
import { startNodeServer } from '../src/node-server.ts';
import { httpRequest } from '../test/support/http.ts';

const BUDGET = 150 * 1024;
const LOADS = 5;
const HOST = 'shop.acme.livery.localhost';

let failed = false;
function line(figure: string, value: string, bar: string, pass: boolean): void {
  if (!pass) failed = true;
  console.log(`${figure}: ${value} (bar: ${bar}) ${pass ? 'PASS' : 'FAIL'}`);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Runs in the page before any of its own code (a DevTools init script, which the page's CSP does not govern): notes
 * performance.now() — milliseconds since navigation start — the first time the studio is usable.
 */
function watchUntilInteractive(): void {
  const usable = () => {
    const status = document.querySelector('[role="status"][aria-label="Validation"]');
    return (
      document.querySelector('#editor input') !== null &&
      status !== null &&
      /^\s*(No problems|\d+ problems?)/.test(status.textContent ?? '')
    );
  };
  const seen = window as unknown as { __interactiveAt?: number };
  const observer = new MutationObserver(() => {
    if (seen.__interactiveAt === undefined && usable()) {
      seen.__interactiveAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

async function main(): Promise<void> {
  const db = await openDatabase({ dataDir: 'memory://' });
  const running = await startNodeServer({
    db,
    port: 0,
    log: () => {},
    env: {
      LIVERY_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
      LIVERY_PLATFORM_HOST: 'livery.localhost',
      LIVERY_PARTNER_ROOT: 'livery.localhost',
    },
  });
  try {
    const page = await httpRequest(running.url, { host: HOST, path: '/studio' });
    const src = /<script type="module" src="([^"]+)"/.exec(page.text)?.[1];
    if (page.status !== 200 || !src) {
      line(
        'studio client JavaScript, gzipped',
        `no module script on GET /studio (status ${page.status})`,
        '≤ 150 KB',
        false,
      );
    } else {
      const bundle = await httpRequest(running.url, { host: HOST, path: src.replaceAll('&amp;', '&') });
      const gzipped = gzipSync(bundle.text).length;
      line(
        'studio client JavaScript, gzipped',
        `${kb(gzipped)} (${kb(Buffer.byteLength(bundle.text))} raw, ${src.split('?')[0]})`,
        '≤ 150 KB',
        bundle.status === 200 && gzipped <= BUDGET,
      );
    }

    if (!existsSync(CHROMIUM)) {
      console.log(`studio time to interactive: skipped, no ${CHROMIUM} (apt-get install chromium)`);
      return;
    }
    const browser = await launchChromium();
    try {
      const port = new URL(running.url).port;
      const times: number[] = [];
      // Every script the page loads (the bundle today; chunks too, should the client ever be split).
      const scripts = new Map<string, number>();
      let failure: string | null = null;
      for (let i = 0; i < LOADS && failure === null; i++) {
        const context = await browser.newContext();
        try {
          const tab = await context.newPage();
          tab.on('response', (response) => {
            if (response.request().resourceType() !== 'script') return;
            void response
              .body()
              .then((body) => scripts.set(new URL(response.url()).pathname, gzipSync(body).length))
              .catch(() => {}); // the page closed first: a later load measures it
          });
          await tab.addInitScript(watchUntilInteractive);
          await tab.goto(`http://${HOST}:${port}/studio`);
          const at = await tab
            .waitForFunction(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt, undefined, {
              timeout: 30_000,
            })
            .then((handle) => handle.jsonValue() as Promise<number>)
            .catch(() => null);
          if (at === null) failure = 'the editor inputs and the Validation verdict did not appear within 30 s';
          else times.push(at);
        } finally {
          await context.close();
        }
      }
      const loaded = [...scripts.values()].reduce((sum, size) => sum + size, 0);
      line(
        'studio JavaScript the page loads (every script), gzipped',
        `${kb(loaded)} in ${scripts.size} file${scripts.size === 1 ? '' : 's'} (${[...scripts.keys()].join(', ')})`,
        '≤ 150 KB',
        scripts.size > 0 && loaded <= BUDGET,
      );
      if (failure !== null) {
        line('studio time to interactive (demo customer, headless Chromium)', failure, 'report', false);
      } else {
        line(
          'studio time to interactive (demo customer, headless Chromium)',
          `${median(times).toFixed(0)} ms (median of ${LOADS} cold loads: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
          'report',
          true,
        );
      }
    } finally {
      await browser.close();
    }
  } finally {
    await running.close();
    await db.close();
  }
}

await main();
if (failed) process.exitCode = 1;
