// Headless Chromium for the browser tests and the studio bench: the system's Chromium (apt-get install chromium, or
// LIVERY_CHROMIUM), driven by playwright-core, launched the same way everywhere.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.LIVERY_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the browser tests can run; with LIVERY_TEST_REQUIRE_BROWSER=1 a missing Chromium is an error, not a skip. */
export function chromiumAvailable(): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.LIVERY_TEST_REQUIRE_BROWSER === '1') {
    throw new Error(
      `Chromium is required (LIVERY_TEST_REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist: apt-get install chromium`,
    );
  }
  return available;
}

/** No sandbox (CI runs as root), no GPU, no background traffic: nothing the pages under test do not ask for. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
