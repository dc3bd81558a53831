// A browser test's fixture: a test server on the first database this run selected (the page, not the database, is
// under test) and one headless Chromium, started before the describe block's tests and closed after them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { testDatabases } from './databases.ts';
import { startTestServer, type TestServer } from './server.ts';

export interface TenantPages {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A tenant host's URL: *.localhost resolves to the loopback address in Chromium, so hosts work without DNS. */
  url(host: string, path: string): string;
}

/** Call inside a describe block. */
export function tenantPages(): TenantPages {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const database = testDatabases().find((d) => d.skip === false);
    if (!database) throw new Error('no database available for the browser test');
    server = await startTestServer(database.name);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser fixture is used before its beforeAll ran');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    url: (host, path) => `http://${host}:${new URL(started(server).url).port}${path}`,
  };
}
